/**
 * The portal's readings of organisation data: IMPORT_INCOMPLETE from a CSV import that failed
 * part-way, leader phones on an edit (never the masked value, only a typed number), and the
 * words for audit and history codes (every action the use cases write has a label).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { outcomes } from '../../shared/pilots/vocabulary.js';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../web/src/common/api.js';
import { importIncomplete, importProblems, lineRanges } from '../../web/src/portal/errors.js';
import { hasPortalKey, pt, type AnyKey } from '../../web/src/portal/messages.js';
import { actionLabel, entityLabel, fieldLabel, recordText, valueText } from '../../web/src/portal/org/audit-labels.js';
import { branchBody, keepsStoredPhone } from '../../web/src/portal/org/BranchForm.js';

const envelope = (status: number, code: string, extra: Record<string, unknown>) =>
  new ApiError(status, code, 'msg', { zh: '中文', en: 'English' }, 'req-1', { code, message: 'msg', ...extra });
const zh = (key: AnyKey, params?: Readonly<Record<string, string | number>>) => pt('zh', key, params);
const en = (key: AnyKey, params?: Readonly<Record<string, string | number>>) => pt('en', key, params);

describe('IMPORT_INCOMPLETE', () => {
  it('reads the import id and the written file lines, sorted and unique', () => {
    const error = envelope(503, 'IMPORT_INCOMPLETE', { importId: 'imp-1', importedRows: [5, 2, 3, 2, 'x', 0] });
    expect(importIncomplete(error)).toEqual({ importId: 'imp-1', importedRows: [2, 3, 5] });
    // Not a rejected file: no problem rows.
    expect(importProblems(error)).toEqual([]);
  });

  it('is undefined for other errors and tolerates a missing list', () => {
    expect(importIncomplete(envelope(422, 'IMPORT_REJECTED', { rows: [] }))).toBeUndefined();
    expect(importIncomplete(new Error('x'))).toBeUndefined();
    expect(importIncomplete(envelope(503, 'IMPORT_INCOMPLETE', {}))).toEqual({ importId: '', importedRows: [] });
  });

  it('folds consecutive lines into ranges', () => {
    expect(lineRanges([2, 3, 4, 7, 9, 10])).toBe('2–4, 7, 9–10');
    expect(lineRanges([5])).toBe('5');
    expect(lineRanges([])).toBe('');
  });

  it('words the outcome in both languages with the count and the lines', () => {
    expect(zh('import.incomplete', { count: 3 })).toContain('3');
    expect(zh('import.incompleteLines', { lines: '2–4' })).toContain('2–4');
    expect(en('import.incompleteLines', { lines: '2–4' })).toContain('2–4');
    expect(zh('import.incompleteNext')).toContain('删除');
    expect(en('import.incompleteNext')).toMatch(/remove/i);
  });
});

describe('leader phones on edit', () => {
  const form = {
    type: 'village' as const,
    name: '某村红十字会',
    hostOrganisation: '某村村民委员会',
    division: '421123100201',
    foundedOn: '',
    memberCount: '',
    volunteerCount: '',
    sites: [],
    standards: {},
    leadership: [
      { post: 'president' as const, name: '王建国', title: '', phone: '', stored: { post: 'president' as const, name: '王建国', phoneMasked: '138****5678' } },
      { post: 'vicePresident' as const, name: '李四', title: '', phone: ' 13900001111 ', stored: { post: 'vicePresident' as const, name: '李四', phoneMasked: '139****0000' } },
      { post: 'secretaryGeneral' as const, name: '赵六', title: '', phone: '138****5678' },
    ],
  };

  it('sends phone only for a typed number, never the masked one, and never type or division on edit', () => {
    const body = branchBody(form, { includeFixed: false, includeLeadership: true });
    expect(body).not.toHaveProperty('type');
    expect(body).not.toHaveProperty('division');
    expect(body.leadership).toEqual([
      { post: 'president', name: '王建国' },
      { post: 'vicePresident', name: '李四', phone: '13900001111' },
      { post: 'secretaryGeneral', name: '赵六' },
    ]);
    expect(JSON.stringify(body)).not.toContain('*');
  });

  it('keeps the stored phone only while post and name are unchanged', () => {
    const [first] = form.leadership;
    expect(keepsStoredPhone(first!)).toBe(true);
    expect(keepsStoredPhone({ ...first!, name: '王建军' })).toBe(false);
    expect(keepsStoredPhone({ ...first!, post: 'vicePresident' })).toBe(false);
    expect(keepsStoredPhone({ post: 'president', name: '王建国', title: '', phone: '' })).toBe(false);
  });

  it('clears a stored phone on request (phone ""), and promises to keep none when two stored leaders share post and name', () => {
    const [first] = form.leadership;
    const cleared = branchBody({ ...form, leadership: [{ ...first!, clearPhone: true }] }, { includeFixed: false, includeLeadership: true });
    expect(cleared.leadership).toEqual([{ post: 'president', name: '王建国', phone: '' }]);
    expect(keepsStoredPhone({ ...first!, clearPhone: true })).toBe(false);
    const twin = { ...first!, stored: { ...first!.stored! } };
    expect(keepsStoredPhone(first!, [first!, twin])).toBe(false);
    expect(keepsStoredPhone(first!, form.leadership)).toBe(true);
  });

  it('says so in both languages', () => {
    expect(zh('form.leaderPhoneKeep', { phone: '138****5678' })).toBe('留空则保留原号码 138****5678');
    expect(en('form.leaderPhoneKeep', { phone: '138****5678' })).toBe('leave empty to keep 138****5678');
  });
});

describe('audit and history labels', () => {
  it('words known actions, entities and fields in both languages', () => {
    expect(actionLabel('branch.approve', zh)).toBe('批准成立');
    expect(actionLabel('branch.approve', en)).toBe('Approved');
    expect(actionLabel('approved', zh)).toBe('批准成立');
    expect(entityLabel('CoverageTally', zh)).toBe('建设目标');
    expect(entityLabel('Branch', en)).toBe('Branch');
    expect(fieldLabel('hostOrganisation', zh)).toBe('依托单位');
    expect(fieldLabel('hostOrganisation', en)).toBe('Host organisation');
  });

  it('falls back to readable words for unknown codes', () => {
    expect(actionLabel('member.transfer', zh)).toBe('会员 · transfer');
    expect(actionLabel('member.moveHouse', en)).toBe('Member · move house');
    expect(actionLabel('somethingNew', en)).toBe('something new');
    expect(entityLabel('PilotPlan', en)).toBe('pilot plan');
    expect(fieldLabel('leaderCount', en)).toBe('leader count');
  });

  it('words statuses, types, leaders and sites in values', () => {
    expect(valueText('status', 'proposed', zh)).toBe('待审批');
    expect(valueText('status', 'active', zh)).toBe('已成立');
    expect(valueText('status', 'active', zh, 'Commissioner')).toBe('在任');
    expect(valueText('type', 'school', en)).toBe('School');
    expect(valueText('leadership', [{ post: 'president', name: '王建国', phoneMasked: '138****5678' }], zh)).toBe('会长 王建国 138****5678');
    expect(valueText('standards', [{ itemId: 'a', met: true }, { itemId: 'b', met: false }], en)).toBe('1 of 2 met');
    expect(valueText('name', undefined, zh)).toBe('—');
    expect(recordText({ status: 'dissolved', version: 3, reason: '村组合并' }, zh)).toBe('状态：已撤销；版本：3；原因：村组合并');
    expect(recordText({ targets: { school: 12 } }, en)).toBe('Targets: Schools: 12');
  });

  it('has a label for every audit action the use cases write', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (path.endsWith('.ts')) files.push(path);
      }
    };
    walk('shared');
    const actions = new Set<string>();
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/action: (?:leaving \? )?'([a-zA-Z]+\.[a-zA-Z]+)'(?: : '([a-zA-Z]+\.[a-zA-Z]+)')?/g)) {
        actions.add(match[1]!);
        if (match[2]) actions.add(match[2]);
      }
      if (text.includes('action: `branch.${how}`')) for (const how of ['reject', 'dissolve']) actions.add(`branch.${how}`);
      // A pilot decision is audited as `pilot.<outcome>`.
      if (text.includes('action: `pilot.${outcome}`')) for (const outcome of outcomes) actions.add(`pilot.${outcome}`);
    }
    expect(actions.size).toBeGreaterThan(10);
    const missing = [...actions].filter((action) => !hasPortalKey(`auditAction.${action}`));
    expect(missing).toEqual([]);
  });
});

describe('commissioner terms', () => {
  it('flags a term whose last day is before today in Asia/Shanghai, not one ending today or open-ended', async () => {
    const { termExpired } = await import('../../web/src/portal/org/Commissioners.js');
    expect(termExpired('2026-11-28', '2026-11-29')).toBe(true);
    expect(termExpired('2026-11-29', '2026-11-29')).toBe(false);
    expect(termExpired(undefined, '2026-11-29')).toBe(false);
    expect(termExpired('', '2026-11-29')).toBe(false);
  });
});
