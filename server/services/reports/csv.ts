/**
 * RFC 4180 CSV: CRLF line ends, every field quoted when it holds a comma, quote or line break, quotes doubled.
 * Text cells starting with = + - @ (or a tab / carriage return) get a leading apostrophe, so a customer or agent
 * named "=HYPERLINK(...)" is shown as text by spreadsheet programs instead of running as a formula
 * (OWASP "CSV injection"). Numbers are written as numbers, so negative values stay numeric.
 */
export type CsvCell = string | number | boolean | null | undefined;

export interface CsvTable {
  columns: readonly string[];
  rows: ReadonlyArray<readonly CsvCell[]>;
}

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(table: CsvTable): string {
  const lines = [table.columns, ...table.rows].map((row) => row.map(csvCell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
