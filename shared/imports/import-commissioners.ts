import { ulid } from 'ulid';
import * as z from 'zod/mini';
import { authorize } from '../auth/authorize.js';
import type { Principal } from '../auth/principal.js';
import { type Appointment, appointmentSchema, type BoardSeat } from '../commissioners/commissioner.js';
import { type CommissionerItem, commissionerKeys } from '../commissioners/commissioner-repository.js';
import { appointmentItems, newCommissionerItem } from '../commissioners/manage-commissioners.js';
import { commissionerSeatHeld, confirmCommissionerSeat, releaseCommissionerSeat, reservationSeconds, reserveCommissionerSeat } from '../coverage/coverage-changes.js';
import { TransactionConflict, transactWrite } from '../data/transaction.js';
import { divisionLevel, isWithin } from '../divisions/division-code.js';
import { findDivisions } from '../divisions/division-repository.js';
import type { Language } from '../i18n/messages.js';
import { normalizePhone } from '../privacy/masking.js';
import { type RowProblem, cell, forEachLimited, importRejected, parseCsv } from './csv-rows.js';
import { coverageStates, existingRecords, ImportOutOfTime, type ImportResult, importIncomplete, importTimeBudgetMs, problem } from './import-branches.js';
import { ignoreLostCondition, reserveAllOrNone, sendUpdate } from './reservations.js';

const boardSeatNames: Record<string, BoardSeat> = { council: 'council', 理事会: 'council', supervisoryBoard: 'supervisoryBoard', 监事会: 'supervisoryBoard' };

/**
 * Imports commissioner appointments from CSV, all rows or none.
 *
 * Steps: authorise `commissioner:manage`; parse; validate every row (schema, scope, division
 * exists at township or village level, one appointment per division in the file, no serving
 * commissioner and no active branch there now) and reject the file listing every problem. With
 * `dryRun` stop. Otherwise take every seat first with a conditional write (release them all and
 * reject if one was taken meanwhile), then write each appointment with its tallies and audit in
 * one transaction per row, conditioned on still holding the seat.
 */
export async function importCommissioners(principal: Principal | undefined, csv: string, dryRun: boolean, language: Language): Promise<ImportResult> {
  const deadline = Date.now() + importTimeBudgetMs;
  const actor = authorize(principal, 'commissioner:manage');
  const rows = await parseCsv(csv);
  const problems: RowProblem[] = [];
  const divisions = await findDivisions(rows.map((row) => row.values.division ?? '').filter((code) => /^\d{12}$/.test(code)));
  const candidates: { line: number; appointment: Appointment }[] = [];
  const inFile = new Set<string>();
  for (const { line, values } of rows) {
    const seat = cell(values, 'boardSeat');
    const parsed = z.safeParse(appointmentSchema, {
      name: cell(values, 'name'),
      title: cell(values, 'title'),
      phone: cell(values, 'phone'),
      division: cell(values, 'division'),
      boardSeat: seat === undefined ? undefined : (boardSeatNames[seat] ?? seat),
      termStart: cell(values, 'termStart'),
      termEnd: cell(values, 'termEnd'),
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(problem(line, String(issue.path[0] ?? ''), 'VALIDATION_FAILED', language));
      continue;
    }
    const appointment = parsed.data;
    const level = divisionLevel(appointment.division);
    // Checked here so a bad number is a row problem (422), not a 400 from newCommissionerItem.
    if (appointment.phone !== undefined && !normalizePhone(appointment.phone)) problems.push(problem(line, 'phone', 'VALIDATION_FAILED', language));
    else if (!isWithin(actor.division, appointment.division)) problems.push(problem(line, 'division', 'OUT_OF_SCOPE', language));
    else if (!divisions.has(appointment.division)) problems.push(problem(line, 'division', 'DIVISION_NOT_FOUND', language, { code: appointment.division }));
    else if (level !== 'township' && level !== 'village') problems.push(problem(line, 'division', 'COMMISSIONER_LEVEL_INVALID', language));
    else if (inFile.has(appointment.division)) problems.push(problem(line, 'division', 'COMMISSIONER_SEAT_TAKEN', language));
    else {
      inFile.add(appointment.division);
      candidates.push({ line, appointment });
    }
  }
  const states = await coverageStates(candidates.map((c) => c.appointment.division));
  for (const { line, appointment } of candidates) {
    const state = states.get(appointment.division);
    if (commissionerSeatHeld(state)) problems.push(problem(line, 'division', 'COMMISSIONER_SEAT_TAKEN', language));
    else if (state?.branchId) problems.push(problem(line, 'division', 'BRANCH_EXISTS', language));
  }
  if (problems.length > 0) throw importRejected(problems);
  const importId = ulid();
  if (dryRun) return { importId, dryRun, rows: rows.length, imported: 0 };

  const by = { userId: actor.userId, name: actor.name };
  const at = new Date().toISOString();
  // Bounded: each row may seal a phone (KMS in AWS, cached data key) before anything is written.
  const planned: { line: number; appointment: Appointment; item: CommissionerItem }[] = [];
  await forEachLimited(candidates, 8, async (c) => {
    planned.push({ ...c, item: await newCommissionerItem(c.appointment, by, at, { divisionName: divisions.get(c.appointment.division)!.name, importId }) });
  });

  // Phase 1: reserve every seat, or none. A reservation is not coverage and lapses by itself if
  // this request dies before confirming or releasing it (see reserveCommissionerSeat).
  const until = Math.floor(Date.now() / 1000) + reservationSeconds;
  const landed = new Set<string>();
  // Releases name each row's own new id: harmless for a row that never reserved or did land.
  const releaseUnused = () =>
    forEachLimited(
      planned.filter((p) => !landed.has(p.item.commissionerId)),
      8,
      (p) => sendUpdate(releaseCommissionerSeat(p.appointment.division, p.item.commissionerId)).catch(ignoreLostCondition),
    );
  await reserveAllOrNone(planned, {
    reserve: (p) => reserveCommissionerSeat(p.appointment.division, p.item.commissionerId, until),
    lost: (p) => problem(p.line, 'division', 'COMMISSIONER_SEAT_TAKEN', language),
    releaseUnused,
  });

  // Phase 2: each row's appointment, tallies and audit in one transaction that turns its
  // reservation into the serving commissioner.
  try {
    await forEachLimited(planned, 8, async ({ item }) => {
      if (Date.now() > deadline) throw new ImportOutOfTime();
      const { items, seatIndex } = appointmentItems(item, actor, at);
      items[seatIndex] = confirmCommissionerSeat(item.division, item.commissionerId);
      try {
        await transactWrite(items);
      } catch (error) {
        // The appointment exists already: an earlier attempt committed but its answer was lost.
        if (!(error instanceof TransactionConflict && error.failedIndexes.includes(0))) throw error;
      }
      landed.add(item.commissionerId);
    });
  } catch (error) {
    await releaseUnused();
    const unknown = planned.map((p) => p.item.commissionerId).filter((id) => !landed.has(id));
    for (const id of await existingRecords(unknown, (commissionerId) => ({ PK: commissionerKeys.partition(commissionerId), SK: commissionerKeys.self }))) landed.add(id);
    if (landed.size === 0 && !(error instanceof ImportOutOfTime)) throw error;
    throw importIncomplete(importId, rows.length, planned.filter((p) => landed.has(p.item.commissionerId)).map((p) => p.line));
  }
  return { importId, dryRun, rows: rows.length, imported: landed.size };
}
