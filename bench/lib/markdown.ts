/** Escapes what would break a table cell. */
function cell(value: string | number): string {
  return String(value).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** A GitHub-flavoured markdown table; `align` marks numeric columns right-aligned. */
export function table(headers: readonly string[], rows: readonly (readonly (string | number)[])[], align?: readonly ('l' | 'r')[]): string {
  const separator = headers.map((_, i) => (align?.[i] === 'r' ? '---:' : '---'));
  return [headers, separator, ...rows].map((row) => `| ${row.map(cell).join(' | ')} |`).join('\n');
}

export const passFail = (pass: boolean): string => (pass ? 'PASS' : 'FAIL');
