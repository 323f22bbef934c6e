import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { branchStatuses, branchTypes, leaderPosts, siteKinds } from '../../shared/branches/branch.js';
import { ApiError } from '../../web/src/common/api.js';
import { ancestorAt, isDivisionCode, levelOfCode } from '../../web/src/common/divisions.js';
import { formatPercent, percentValue, ratio } from '../../web/src/common/format.js';
import { dictionary } from '../../web/src/common/i18n.js';
import { buildCsv, csvFileName, utf8Bom } from '../../web/src/portal/csv.js';
import { fieldErrors, importProblems, isVersionConflict, normalizeField } from '../../web/src/portal/errors.js';
import { portalDictionary, pt } from '../../web/src/portal/messages.js';
import { orgAccess } from '../../web/src/portal/org/access.js';
import { branchColumns } from '../../web/src/portal/org/exports.js';
import { branchStatusList, branchTypeList, leaderPostList, siteKindList, type Branch } from '../../web/src/portal/org/types.js';

const envelope = (status: number, code: string, extra: Record<string, unknown>) =>
  new ApiError(status, code, 'msg', { zh: '中文', en: 'English' }, 'req-1', { code, message: 'msg', ...extra });

describe('formatPercent', () => {
  it('shows one decimal', () => {
    expect(formatPercent(2, 3)).toBe('66.7%');
    expect(formatPercent(1, 1)).toBe('100.0%');
    expect(formatPercent(0, 12)).toBe('0.0%');
    expect(formatPercent(1, 8)).toBe('12.5%');
  });

  it('shows an em dash when there is nothing to cover', () => {
    expect(formatPercent(0, 0)).toBe('—');
    expect(percentValue(0, 0)).toBeUndefined();
    expect(ratio(3, 0)).toBeUndefined();
  });

  it('gives chart values with one decimal', () => {
    expect(percentValue(1, 3)).toBe(33.3);
    expect(percentValue(13, 13)).toBe(100);
  });
});

describe('division codes', () => {
  it('reads the level from trailing zeros and finds ancestors', () => {
    expect(levelOfCode('420000000000')).toBe('province');
    expect(levelOfCode('421100000000')).toBe('city');
    expect(levelOfCode('421123000000')).toBe('county');
    expect(levelOfCode('421123100000')).toBe('township');
    expect(levelOfCode('421123100201')).toBe('village');
    expect(ancestorAt('421123100201', 'county')).toBe('421123000000');
    expect(ancestorAt('421123100201', 'township')).toBe('421123100000');
    expect(isDivisionCode('42112310020')).toBe(false);
  });
});

describe('buildCsv', () => {
  const columns = [
    { header: '名称', value: (row: { name: string; n?: number }) => row.name },
    { header: 'n', value: (row: { name: string; n?: number }) => row.n },
  ];

  it('starts with a UTF-8 BOM so Excel reads Chinese, and round-trips through a CSV parser', () => {
    const text = buildCsv(columns, [{ name: '凤山镇红十字会, 一', n: 3 }, { name: '有"引号"的名称' }]);
    expect(text.startsWith(utf8Bom)).toBe(true);
    expect(text).toContain('\r\n');
    const parsed = Papa.parse<string[]>(text.slice(1).trim());
    expect(parsed.data).toEqual([
      ['名称', 'n'],
      ['凤山镇红十字会, 一', '3'],
      ['有"引号"的名称', ''],
    ]);
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    const text = buildCsv(columns, [{ name: '=HYPERLINK("http://x")' }]);
    expect(text).not.toMatch(/\r\n=HYPERLINK/);
    expect(text).toContain(`'=HYPERLINK`);
  });

  it('names files with the Shanghai date', () => {
    expect(csvFileName(['基层组织', '罗田 县'], new Date('2026-11-28T17:30:00Z'))).toBe('基层组织-罗田_县-20261129.csv');
  });

  it('exports branches with the import columns first and no clear phone', () => {
    const branch = {
      branchId: '01J',
      name: '凤山镇红十字会',
      type: 'township',
      hostOrganisation: '凤山镇人民政府',
      division: '421123100000',
      divisionName: '凤山镇',
      county: '421123000000',
      status: 'active',
      leadership: [{ post: 'president', name: '张三', phoneMasked: '138****5678' }],
      memberCount: 10,
      volunteerCount: 5,
      memberRoll: { individual: 0, group: 0 },
      sites: [],
      standards: [],
      version: 2,
      proposedBy: 'u',
      proposedAt: '2026-11-29T00:00:00Z',
      updatedAt: '2026-11-29T00:00:00Z',
    } satisfies Branch;
    const text = buildCsv(branchColumns((key) => pt('zh', key)), [branch]);
    const [header, row] = Papa.parse<string[]>(text.slice(1).trim()).data;
    expect(header?.slice(0, 6)).toEqual(['name', 'type', 'hostOrganisation', 'division', 'foundedOn', 'presidentName']);
    expect(header).not.toContain('presidentPhone');
    expect(row?.[1]).toBe('乡镇');
    expect(row).toContain('138****5678');
  });
});

describe('error mapping', () => {
  it('maps VALIDATION_FAILED issues to form fields', () => {
    const error = envelope(400, 'VALIDATION_FAILED', {
      issues: [
        { field: 'body.name', issue: 'too_small', detail: '名称不能为空' },
        { field: ['leadership', 0, 'phone'], issue: 'invalid_format' },
        { field: 'leadership[1].name', issue: 'too_small' },
      ],
    });
    expect(fieldErrors(error, '请检查')).toEqual({ name: '名称不能为空', 'leadership.0.phone': '请检查', 'leadership.1.name': '请检查' });
    expect(fieldErrors(envelope(409, 'BRANCH_SEAT_TAKEN', {}), 'x')).toEqual({});
    expect(fieldErrors(new Error('x'), 'x')).toEqual({});
    expect(normalizeField(undefined)).toBeUndefined();
  });

  it('lists IMPORT_REJECTED rows in file order', () => {
    const error = envelope(422, 'IMPORT_REJECTED', {
      rows: [
        { row: 5, field: 'division', code: 'OUT_OF_SCOPE', message: '不在本县' },
        { row: 2, field: 'type', code: 'INVALID', message: '类型无效' },
      ],
    });
    expect(importProblems(error).map((p) => [p.row, p.field])).toEqual([
      [2, 'type'],
      [5, 'division'],
    ]);
    expect(importProblems(envelope(422, 'BRANCH_LEVEL_MISMATCH', {}))).toEqual([]);
  });

  it('recognises a version conflict', () => {
    expect(isVersionConflict(envelope(409, 'VERSION_CONFLICT', {}))).toBe(true);
    expect(isVersionConflict(envelope(409, 'BRANCH_SEAT_TAKEN', {}))).toBe(false);
  });
});

describe('portal vocabulary', () => {
  it('matches the shared branch vocabularies', () => {
    expect([...branchTypeList]).toEqual([...branchTypes]);
    expect([...branchStatusList]).toEqual([...branchStatuses]);
    expect([...siteKindList]).toEqual([...siteKinds]);
    expect([...leaderPostList]).toEqual([...leaderPosts]);
  });

  it('names every site kind with its Chinese term', () => {
    expect(siteKinds.map((kind) => dictionary.zh[`site.${kind}`])).toEqual([
      '博爱家园',
      '青少年工作基地',
      '景区救护站',
      '博爱校医室',
      '博爱卫生站',
      '缅怀纪念园',
      '救护培训基地',
      '生命安全体验馆',
    ]);
  });

  it('has Chinese and English for every portal key, with the same placeholders and no Chinese in English', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const keys = Object.keys(portalDictionary.zh) as Array<keyof typeof portalDictionary.zh>;
    expect(Object.keys(portalDictionary.en).sort()).toEqual([...keys].sort());
    for (const key of keys) {
      expect(placeholders(portalDictionary.zh[key]), key).toEqual(placeholders(portalDictionary.en[key]));
      expect(portalDictionary.en[key], key).not.toMatch(/\p{Script=Han}/u);
      expect(Object.prototype.hasOwnProperty.call(dictionary.zh, key), `${key} shadows a shared key`).toBe(false);
    }
  });
});

describe('orgAccess', () => {
  it('lets county staff decide in their county and keeps city and province staff read-only', () => {
    expect(orgAccess({ roles: ['county'], division: { code: '421123000000', name: '罗田县', level: 'county' } })).toEqual({
      ownCounty: '421123000000',
      canPropose: true,
      canDecide: true,
      canKeepMembers: true,
    });
    expect(orgAccess({ roles: ['branch'], division: { code: '421123100000', name: '凤山镇', level: 'township' } })).toMatchObject({
      ownCounty: '421123000000',
      canPropose: true,
      canDecide: false,
    });
    for (const [role, code] of [
      ['city', '421100000000'],
      ['province', '420000000000'],
    ] as const) {
      expect(orgAccess({ roles: [role], division: { code, name: '', level: role } })).toEqual({
        ownCounty: undefined,
        canPropose: false,
        canDecide: false,
        canKeepMembers: false,
      });
    }
  });
});
