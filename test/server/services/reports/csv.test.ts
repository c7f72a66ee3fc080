import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../../../server/services/reports/csv.ts';

describe('CSV', () => {
  it('quotes per RFC 4180 and ends lines with CRLF', () => {
    expect(
      toCsv({
        columns: ['name', 'n'],
        rows: [
          ['Li, "Bob"', 2],
          ['multi\nline', null],
        ],
      }),
    ).toBe('name,n\r\n"Li, ""Bob""",2\r\n"multi\nline",\r\n');
  });

  it('neutralises text that a spreadsheet would run as a formula, but keeps negative numbers numeric', () => {
    expect(['=1+1', '+1', '-1', '@SUM(A1)', '\tx'].map(csvCell)).toEqual(["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx"]);
    expect(csvCell(-1.5)).toBe('-1.5');
    expect(csvCell('王小明')).toBe('王小明');
    expect(csvCell(Number.NaN)).toBe('');
  });
});
