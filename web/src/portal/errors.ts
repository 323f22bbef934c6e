/**
 * Turns the API's error envelope into what forms show: per-field messages from 400
 * VALIDATION_FAILED `issues[]`, per-row problems from 422 IMPORT_REJECTED `rows[]`, and the
 * version-conflict test. Pure (unit-tested); the envelope shapes are in docs/api.md.
 */
import { ApiError } from '../common/api.js';

/** One problem of a rejected CSV import (`row` is the 1-based line in the file). */
export interface ImportProblem {
  row: number;
  field: string;
  code: string;
  message: string;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * A field path as forms name their inputs: `leadership.0.phone`. Accepts a dotted string or a
 * path array, and drops a leading `body.` (the chassis validates `{ query, path, body }`).
 */
export function normalizeField(field: unknown): string | undefined {
  let path: string;
  if (Array.isArray(field)) path = field.map(String).join('.');
  else if (typeof field === 'string') path = field;
  else return undefined;
  path = path.replace(/\[(\d+)\]/g, '.$1').replace(/^\.+/, '');
  if (path.startsWith('body.')) path = path.slice(5);
  return path || undefined;
}

/**
 * Field → message for a 400 VALIDATION_FAILED. Each failing field gets the issue's `detail` when
 * the server sent one, else `fallback` (e.g. "please check this field"); other errors give `{}`.
 */
export function fieldErrors(error: unknown, fallback: string): Record<string, string> {
  if (!(error instanceof ApiError) || error.status !== 400 || error.code !== 'VALIDATION_FAILED') return {};
  return issuesByField(error.details?.issues, (issue) => (typeof issue.detail === 'string' && issue.detail.trim() ? issue.detail : fallback));
}

/**
 * Field → `valueOf(issue)` for an error envelope's `issues[]` (anything else gives `{}`). Fields are
 * normalised as forms name them; the first issue of a field wins.
 */
export function issuesByField(issues: unknown, valueOf: (issue: Record<string, unknown>) => string): Record<string, string> {
  if (!Array.isArray(issues)) return {};
  const result: Record<string, string> = {};
  for (const issue of issues) {
    if (!isRecord(issue)) continue;
    const field = normalizeField(issue.field ?? issue.path);
    if (!field || result[field]) continue;
    result[field] = valueOf(issue);
  }
  return result;
}

/** The problem rows of a 422 IMPORT_REJECTED, sorted by row; `[]` for any other error. */
export function importProblems(error: unknown): ImportProblem[] {
  if (!(error instanceof ApiError) || error.code !== 'IMPORT_REJECTED') return [];
  const rows = error.details?.rows;
  if (!Array.isArray(rows)) return [];
  const problems: ImportProblem[] = [];
  for (const row of rows) {
    if (!isRecord(row)) continue;
    problems.push({
      row: typeof row.row === 'number' ? row.row : Number(row.row) || 0,
      field: typeof row.field === 'string' ? row.field : '',
      code: typeof row.code === 'string' ? row.code : '',
      message: typeof row.message === 'string' ? row.message : typeof row.code === 'string' ? row.code : '',
    });
  }
  return problems.sort((a, b) => a.row - b.row);
}

/** True for 409 VERSION_CONFLICT: someone else saved first, so reload before trying again. */
export function isVersionConflict(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409 && error.code === 'VERSION_CONFLICT';
}

/** The error messages for fields no input on the form shows (so they are not lost). */
export function unplacedErrors(errors: Record<string, string>, shownFields: ReadonlySet<string>): Array<[string, string]> {
  return Object.entries(errors).filter(([field]) => !shownFields.has(field));
}

/** What a 503 IMPORT_INCOMPLETE says landed before the service failed part-way. */
export interface ImportIncomplete {
  importId: string;
  /** The 1-based file lines that were written, ascending. */
  importedRows: number[];
  /** How many rows the file had, when the server said. */
  rows?: number;
}

/**
 * The written rows of an import that failed part-way (503 IMPORT_INCOMPLETE with `importId` and
 * `importedRows`); `undefined` for any other error. The officer must take these lines out of the
 * file before importing the rest (importing them again is refused row by row).
 */
export function importIncomplete(error: unknown): ImportIncomplete | undefined {
  if (!(error instanceof ApiError) || error.code !== 'IMPORT_INCOMPLETE') return undefined;
  const details: Record<string, unknown> = isRecord(error.details) ? error.details : {};
  const lines = Array.isArray(details.importedRows) ? details.importedRows : [];
  const importedRows = [...new Set(lines.map(Number).filter((n) => Number.isInteger(n) && n > 0))].sort((a, b) => a - b);
  const rows = Number(details.rows);
  return {
    importId: typeof details.importId === 'string' ? details.importId : '',
    importedRows,
    ...(Number.isInteger(rows) && rows > 0 ? { rows } : {}),
  };
}

/** Consecutive lines folded into ranges for reading: [2,3,4,7] → "2–4, 7". */
export function lineRanges(lines: readonly number[]): string {
  const parts: string[] = [];
  let start: number | undefined;
  let previous: number | undefined;
  for (const line of [...lines, Number.NaN]) {
    if (previous !== undefined && line === previous + 1) {
      previous = line;
      continue;
    }
    if (start !== undefined && previous !== undefined) parts.push(start === previous ? String(start) : `${start}–${previous}`);
    start = line;
    previous = line;
  }
  return parts.join(', ');
}
