import { suppress, textRows, type ReportTable } from './model';

const table = (rows: number[][], total: number[], sums: ReportTable['sums']): ReportTable => ({
  key: 't',
  title: 'T',
  rowHeader: 'Sektor',
  columns: rows[0]!.map((_, i) => ({ label: `c${i}`, format: 'count' as const })),
  rows: rows.map((values, i) => ({ label: `r${i}`, values })),
  total: { label: 'Gesamt', values: total },
  definitions: [],
  sums,
});

describe('suppression', () => {
  it('leaves no suppressed cell to be worked out from a total', () => {
    // column: 2 + 5 + 0 = 7; shown, 7 − 5 would give the 2 away, so the total is hidden
    const t = suppress(table([[2], [5], [0]], [7], { total: [0] }), 3);
    expect(textRows(t, 3).map((r) => r[1])).toEqual(['< 3', '5', '0', 'x']);
  });
  it('hides the smallest shown part when a total is withheld by another sum, until nothing changes', () => {
    // rows: c0 = c1 + c2; the first row's c1 is 1 (suppressed), so its c0 is hidden; then the column of c0 has one
    // withheld cell: its total is hidden; the total row's c0 is withheld while c1 and c2 of that row are shown, so the
    // smaller of them goes too
    const t = suppress(
      table(
        [
          [4, 1, 3],
          [10, 6, 4],
        ],
        [14, 7, 7],
        { total: [0, 1, 2], columns: [{ total: 0, parts: [1, 2] }] },
      ),
      3,
    );
    const cells = textRows(t, 3).map((r) => r.slice(1));
    expect(cells[0]).toEqual(['x', '< 3', '3']);
    // nothing withheld may be derivable: check every sum has 0 or ≥ 2 withheld cells
    const withheld = (v: string) => v === 'x' || v === '< 3';
    const sums = [...[0, 1, 2].map((c) => cells.map((r) => r[c]!)), ...cells.map((r) => [r[0]!, r[1]!, r[2]!])];
    for (const s of sums) expect([s, s.filter(withheld).length === 1]).toEqual([s, false]);
  });
  it('keeps zeros and large numbers as they are, and counts of things are never people', () => {
    const t: ReportTable = {
      ...table([[0], [12]], [12], { total: [0] }),
      columns: [{ label: 'Termine', format: 'count', people: false }],
    };
    expect(textRows(suppress(table([[0], [12]], [12], { total: [0] }), 3), 3).map((r) => r[1])).toEqual([
      '0',
      '12',
      '12',
    ]);
    expect(textRows(suppress({ ...t, rows: [{ label: 'a', values: [1] }] }, 3), 3)[0]![1]).toBe('1');
  });
});
