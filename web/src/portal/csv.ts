/**
 * CSV export for the portal's lists. Files open in Excel on Chinese Windows, which reads a file
 * without a byte-order mark as GBK: a UTF-8 BOM makes it read UTF-8. Cells that a spreadsheet would
 * run as a formula (=, +, -, @ …) are escaped, since exports may hold text other people typed.
 */
import Papa from 'papaparse';

/** The UTF-8 byte-order mark. */
export const utf8Bom = '\uFEFF';

/** One column: its header text and how to read the cell from a row. */
export interface CsvColumn<T> {
  header: string;
  value: (row: T) => string | number | boolean | null | undefined;
}

/** Builds the whole file text: BOM, header row, one line per row, CRLF line ends (as Excel writes). */
export function buildCsv<T>(columns: ReadonlyArray<CsvColumn<T>>, rows: readonly T[]): string {
  const data = rows.map((row) =>
    columns.map((column) => {
      const value = column.value(row);
      return value === null || value === undefined ? '' : String(value);
    }),
  );
  const body = Papa.unparse(
    { fields: columns.map((column) => column.header), data },
    { newline: '\r\n', escapeFormulae: true, quotes: false },
  );
  return `${utf8Bom}${body}\r\n`;
}

/** A file name safe on Windows, e.g. `基层组织-罗田县-20261129.csv`. */
export function csvFileName(parts: ReadonlyArray<string>, now: Date = new Date()): string {
  const stamp = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(now)
    .replace(/-/g, '');
  const safe = parts.map((part) => part.replace(/[\\/:*?"<>|\s]+/g, '_')).filter(Boolean);
  return `${[...safe, stamp].join('-')}.csv`;
}

/** Offers `text` as a download in the browser. */
export function downloadCsv(fileName: string, text: string): void {
  const blob = new Blob([text], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser a moment to start the download before the URL is revoked.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
