import { DomainError } from '../errors.js';
import * as z from 'zod/mini';
import { ulid } from 'ulid';
import { auditItem } from '../audit/audit-log.js';
import { authorize } from '../auth/authorize.js';
import type { Principal } from '../auth/principal.js';
import { type BranchFields, type BranchType, branchFieldsSchema, branchTypes, territorialLevels } from '../branches/branch.js';
import { activationItems, newBranchItem } from '../branches/branch-activation.js';
import { putBranchVersion, putNewBranch, toBranch } from '../branches/branch-repository.js';
import { branchKeys } from '../branches/branch-keys.js';
import { claimName, sameBranchKey, takenNames } from '../branches/branch-rules.js';
import { branchChanges, holdsSeat, sealLeadership } from '../branches/branch-rules.js';
import { claimSeat, releaseSeat, reservationSeconds, seatHeld } from '../coverage/coverage-changes.js';
import { coverageKeys } from '../coverage/coverage-keys.js';
import { batchGetAll } from '../data/batch-get-all.js';
import { type TransactItem, transactWrite, withOptimisticRetry, TransactionConflict } from '../data/transaction.js';
import { divisionLevel, isWithin, parentDivision } from '../divisions/division-code.js';
import { findDivisions } from '../divisions/division-repository.js';
import { messagesFor, type ErrorCode, type Language } from '../i18n/messages.js';
import { normalizePhone } from '../privacy/masking.js';
import { type RowProblem, cell, forEachLimited, importRejected, parseCsv } from './csv-rows.js';
import { ignoreLostCondition, reserveAllOrNone, sendUpdate } from './reservations.js';

/** Chinese type names accepted in the `type` column besides the code names. */
const typeNames: Record<string, BranchType> = {
  乡镇: 'township',
  街道: 'subdistrict',
  村: 'village',
  社区: 'community',
  学校: 'school',
  医院: 'hospital',
  企业: 'enterprise',
  机关事业单位: 'institution',
  其他: 'other',
};

/** Body of the import routes. */
export const importSchema = z.object({ csv: z.string().check(z.minLength(1)) });

/** What an import answers. */
export interface ImportResult {
  readonly importId: string;
  readonly dryRun: boolean;
  readonly rows: number;
  readonly imported: number;
}

/** Reads the DivisionCoverage states of several divisions (consistent). */
export async function coverageStates(divisions: readonly string[]): Promise<Map<string, Record<string, unknown>>> {
  const keys = divisions.map((code) => ({ PK: coverageKeys.partition(parentDivision(code)!), SK: coverageKeys.division(code) }));
  const items = await batchGetAll(keys, { consistent: true });
  return new Map(items.map((item) => [String(item.code), item]));
}

/** A row problem with its message in the caller's language. */
export const problem = (row: number, field: string, code: ErrorCode, language: Language, params: Record<string, string | number> = {}): RowProblem => ({
  row,
  field,
  code,
  message: messagesFor(code, params)[language],
});

/**
 * Imports a county's existing branches from CSV as active branches, all rows or none.
 *
 * Steps: authorise `branch:import`; parse (BOM, header, ≤ 2,000 rows); validate every row — the
 * schema, the caller's scope, the division's existence and level, one territorial branch per
 * division within the file and against stored seats — and reject the whole file with every
 * problem listed (422, nothing written). With `dryRun` stop there. Otherwise reserve every
 * territorial seat first (conditional writes; if one was taken meanwhile, release those taken
 * and reject), then register each row in its own transaction exactly as an approval would
 * (branch, coverage, a serving commissioner's appointment ended, tallies, history, audit).
 *
 * Rows' transactions can no longer conflict on seats once reserved; only an infrastructure
 * failure can stop the second phase part-way, and the importId on each branch shows which rows
 * landed (see the note in docs/api.md).
 */
export async function importBranches(principal: Principal | undefined, csv: string, dryRun: boolean, language: Language): Promise<ImportResult> {
  const deadline = Date.now() + importTimeBudgetMs;
  const actor = authorize(principal, 'branch:import');
  const rows = await parseCsv(csv);
  const problems: RowProblem[] = [];
  const divisions = await findDivisions(rows.map((row) => row.values.division ?? '').filter((code) => /^\d{12}$/.test(code)));
  const candidates: { line: number; fields: BranchFields }[] = [];
  const seatsInFile = new Map<string, number>();
  const namesInFile = new Map<string, number>();
  for (const { line, values } of rows) {
    const typeText = cell(values, 'type') ?? '';
    const type = (branchTypes as readonly string[]).includes(typeText) ? typeText : typeNames[typeText];
    const memberCount = cell(values, 'memberCount');
    const volunteerCount = cell(values, 'volunteerCount');
    const presidentName = cell(values, 'presidentName');
    const presidentPhone = cell(values, 'presidentPhone');
    const raw = {
      name: cell(values, 'name'),
      type,
      hostOrganisation: cell(values, 'hostOrganisation'),
      division: cell(values, 'division'),
      foundedOn: cell(values, 'foundedOn'),
      memberCount: memberCount === undefined ? undefined : Number(memberCount),
      volunteerCount: volunteerCount === undefined ? undefined : Number(volunteerCount),
      leadership: presidentName ? [{ post: 'president', name: presidentName, phone: presidentPhone }] : undefined,
    };
    const parsed = z.safeParse(branchFieldsSchema, raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] === 'leadership' ? (issue.path[2] === 'phone' ? 'presidentPhone' : 'presidentName') : String(issue.path[0] ?? '');
        problems.push(problem(line, field, 'VALIDATION_FAILED', language));
      }
      continue;
    }
    const fields = parsed.data;
    // A phone the schema's shape accepts may still not be a mainland number: refuse it here, not
    // half-way through writing (sealLeadership would throw after seats were reserved).
    if (fields.leadership?.some((leader) => leader.phone !== undefined && !normalizePhone(leader.phone))) {
      problems.push(problem(line, 'presidentPhone', 'VALIDATION_FAILED', language));
      continue;
    }
    if (!isWithin(actor.division, fields.division)) {
      problems.push(problem(line, 'division', 'OUT_OF_SCOPE', language));
      continue;
    }
    const division = divisions.get(fields.division);
    if (!division) {
      problems.push(problem(line, 'division', 'DIVISION_NOT_FOUND', language, { code: fields.division }));
      continue;
    }
    const expected = territorialLevels[fields.type];
    const level = divisionLevel(fields.division);
    if (expected ? level !== expected : !['county', 'township', 'village'].includes(level)) {
      problems.push(problem(line, 'type', 'BRANCH_LEVEL_MISMATCH', language, { type: fields.type, level: expected ?? 'county/township/village' }));
      continue;
    }
    if (holdsSeat(fields.type)) {
      const earlier = seatsInFile.get(fields.division);
      if (earlier !== undefined) {
        problems.push({ ...problem(line, 'division', 'BRANCH_SEAT_TAKEN', language), message: `${messagesFor('BRANCH_SEAT_TAKEN')[language]} (${language === 'zh' ? '与第' : 'same as row '}${earlier}${language === 'zh' ? '行重复' : ''})` });
        continue;
      }
      seatsInFile.set(fields.division, line);
    } else {
      // A school or hospital has no seat: the same name in the same division is the duplicate.
      const key = sameBranchKey(fields.division, fields.name);
      if (namesInFile.has(key)) {
        problems.push(problem(line, 'name', 'BRANCH_DUPLICATE', language));
        continue;
      }
      namesInFile.set(key, line);
    }
    candidates.push({ line, fields });
  }
  const states = await coverageStates(candidates.filter((c) => holdsSeat(c.fields.type)).map((c) => c.fields.division));
  for (const candidate of candidates) {
    if (holdsSeat(candidate.fields.type) && seatHeld(states.get(candidate.fields.division))) {
      problems.push(problem(candidate.line, 'division', 'BRANCH_SEAT_TAKEN', language));
    }
  }
  // Registered already (a file imported twice, or a branch entered by hand): their name claims.
  const seatless = candidates.filter((c) => !holdsSeat(c.fields.type));
  const taken = await takenNames(seatless.map((c) => c.fields));
  for (const { line, fields } of seatless) {
    if (taken.has(sameBranchKey(fields.division, fields.name))) problems.push(problem(line, 'name', 'BRANCH_DUPLICATE', language));
  }
  if (problems.length > 0) throw importRejected(problems);
  const importId = ulid();
  if (dryRun) return { importId, dryRun, rows: rows.length, imported: 0 };

  // Phase 1: reserve every territorial seat, or none. A reservation lapses by itself if this
  // request dies before writing its branch or releasing it (see claimSeat).
  const planned = candidates.map((candidate) => ({ ...candidate, branchId: ulid() }));
  const reservedUntil = Math.floor(Date.now() / 1000) + reservationSeconds;
  const landed = new Set<string>();
  // Every planned row not known to have landed: its release names its own new id, so releasing a
  // seat it never claimed, or one whose branch did land after all, changes nothing.
  const releaseUnused = () =>
    forEachLimited(
      planned.filter((p) => holdsSeat(p.fields.type) && !landed.has(p.branchId)),
      8,
      (p) => sendUpdate(releaseSeat(p.fields.division, p.branchId, false)).catch(ignoreLostCondition),
    );
  await reserveAllOrNone(
    planned.filter((p) => holdsSeat(p.fields.type)),
    {
      reserve: (p) => claimSeat(p.fields.division, p.branchId, reservedUntil),
      lost: (p) => problem(p.line, 'division', 'BRANCH_SEAT_TAKEN', language),
      releaseUnused,
    },
  );

  // Phase 2: register each row as an approved branch.
  const by = { userId: actor.userId, name: actor.name };
  try {
    await forEachLimited(planned, 8, async ({ fields, branchId }) => {
      if (Date.now() > deadline) throw new ImportOutOfTime();
      const { leadership, contactsSealed } = await sealLeadership(fields.leadership, branchId);
      await withOptimisticRetry(async () => {
        const at = new Date().toISOString();
        const item = newBranchItem({
          branchId,
          fields,
          divisionName: divisions.get(fields.division)!.name,
          status: 'active',
          by,
          at,
          leadership,
          ...(contactsSealed ? { contactsSealed } : {}),
          importId,
        });
        const items: TransactItem[] = [putNewBranch(item), ...(await activationItems(item, actor, at))];
        if (!holdsSeat(fields.type)) items.push(claimName(fields.division, fields.name, branchId));
        items.push(
          putBranchVersion(branchId, { version: 1, action: 'imported', actor: by, at, changes: branchChanges(undefined, item) }),
          auditItem({ actor, action: 'branch.import', entity: 'Branch', entityId: branchId, division: fields.division, after: { ...toBranch(item), importId } as Record<string, unknown> }, at),
        );
        try {
          await transactWrite(items);
        } catch (error) {
          // A retry after a lost race may find this row already registered (the branch Put failed): done.
          if (!(error instanceof TransactionConflict && error.failedIndexes.includes(0))) throw error;
        }
        landed.add(branchId);
      });
    });
  } catch (error) {
    // Infrastructure trouble part-way (throttling, a lost race retried too often): free the seats
    // of rows not written, and say exactly which rows landed so the officer can import the rest.
    await releaseUnused();
    // A row whose transaction committed but whose answer was lost counts as written.
    for (const branchId of await existingBranches(planned.map((p) => p.branchId).filter((id) => !landed.has(id)))) landed.add(branchId);
    if (landed.size === 0 && !(error instanceof ImportOutOfTime)) throw error;
    throw importIncomplete(importId, rows.length, planned.filter((p) => landed.has(p.branchId)).map((p) => p.line));
  }
  return { importId, dryRun, rows: rows.length, imported: landed.size };
}

/**
 * How long an import may keep starting rows. The `branches` function has 27 s (infra
 * `functionTimeoutSeconds`); rows already started finish and the rest are released and reported,
 * rather than the function being cut off mid-row.
 */
export const importTimeBudgetMs = 20_000;

/** Raised inside an import when its time budget is spent; answered as IMPORT_INCOMPLETE. */
export class ImportOutOfTime extends Error {
  constructor() {
    super('Import time budget spent');
    this.name = 'ImportOutOfTime';
  }
}

/** Which of these branch ids exist (consistent reads). */
export function existingBranches(branchIds: readonly string[]): Promise<string[]> {
  return existingRecords(branchIds, (id) => ({ PK: branchKeys.partition(id), SK: branchKeys.self }));
}

/** Which of these record ids exist, given each id's key (consistent reads). */
export async function existingRecords(ids: readonly string[], keyOf: (id: string) => { PK: string; SK: string }): Promise<string[]> {
  const present = new Set((await batchGetAll(ids.map(keyOf), { consistent: true, projection: ['PK'] })).map((item) => String(item.PK)));
  return ids.filter((id) => present.has(keyOf(id).PK));
}

/** 503 IMPORT_INCOMPLETE: some rows were written before the service failed; lists them. */
export function importIncomplete(importId: string, rows: number, landedLines: readonly number[]): DomainError {
  const sorted = [...landedLines].sort((a, b) => a - b);
  return new DomainError('IMPORT_INCOMPLETE', 503, { imported: sorted.length, rows }, undefined, { importId, importedRows: sorted });
}

