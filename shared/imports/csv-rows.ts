import { DomainError } from '../errors.js';

/** Largest import accepted in one request (a county registers hundreds of branches, not more). */
export const maxImportRows = 2000;

/** A problem with one row of an import; `row` is the 1-based line number in the file (header = 1). */
export interface RowProblem {
  readonly row: number;
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

/**
 * Parsed data rows with their line numbers; header names trimmed, blank lines skipped. The CSV
 * parser is loaded on first use: only imports need it, and every cold start of the `branches`
 * function would otherwise pay for it.
 */
export async function parseCsv(csv: string): Promise<{ line: number; values: Record<string, string> }[]> {
  const { default: Papa } = await import('papaparse');
  const text = csv.charCodeAt(0) === 0xfeff ? csv.slice(1) : csv;
  // Blank lines are kept while parsing and dropped after, so `line` stays the line people see in
  // their spreadsheet (a quoted cell spanning lines would shift it; Excel does not write those
  // for these columns).
  const parsed = Papa.parse<Record<string, string>>(text, {
    header: true,
    skipEmptyLines: false,
    transformHeader: (header) => header.trim(),
    transform: (value) => value.trim(),
  });
  const rows = parsed.data
    .map((values, index) => ({ line: index + 2, values }))
    .filter(({ values }) => Object.values(values).some((value) => typeof value === 'string' && value !== ''));
  if (rows.length === 0) throw new DomainError('IMPORT_EMPTY', 400);
  if (rows.length > maxImportRows) throw new DomainError('IMPORT_TOO_LARGE', 413, { max: maxImportRows });
  return rows;
}

/** The 422 that rejects a whole import, listing every problem (nothing was written). */
export function importRejected(problems: readonly RowProblem[]): DomainError {
  const sorted = [...problems].sort((a, b) => a.row - b.row);
  return new DomainError('IMPORT_REJECTED', 422, { count: sorted.length }, undefined, { rows: sorted });
}

/**
 * Runs `work` over items with at most `limit` in flight. On the first failure no new item starts;
 * the ones in flight finish (so the caller knows what was written before answering) and the
 * first error is thrown.
 */
export async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length && !failure) {
        const index = next++;
        try {
          await work(items[index]!, index);
        } catch (error) {
          failure ??= { error };
        }
      }
    }),
  );
  if (failure) throw failure.error;
}

/** Blank cells are absent values. */
export const cell = (values: Record<string, string>, name: string): string | undefined => {
  const value = values[name];
  return value === undefined || value === '' ? undefined : value;
};
