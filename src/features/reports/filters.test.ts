import type { Request } from 'express';
import { filterQuery, parseDay, parseFilter } from './filters';

const req = (query: Record<string, unknown>) => ({ query }) as unknown as Request;
const now = new Date('2026-12-01T12:00:00Z');

describe('the report filter', () => {
  it('defaults to the current calendar year, all cohorts and municipalities', () => {
    expect(parseFilter(req({}), now, '01-01').filter).toEqual({
      kind: 'jahr',
      from: '2026-01-01',
      to: '2026-12-31',
      cohortIds: [],
      municipalityIds: [],
    });
  });
  it('a funding year runs from its first day to the day before it next year', () => {
    const f = parseFilter(req({ zeitraum: 'foerderjahr', jahr: '2026' }), now, '07-01').filter!;
    expect([f.from, f.to]).toEqual(['2026-07-01', '2027-06-30']);
    const leap = parseFilter(req({ zeitraum: 'foerderjahr', jahr: '2027' }), now, '03-01').filter!;
    expect([leap.from, leap.to]).toEqual(['2027-03-01', '2028-02-29']);
  });
  it('takes German and ISO dates, refuses impossible ones, and keeps what was typed', () => {
    expect(parseDay('1.3.2026')).toBe('2026-03-01');
    expect(parseDay('2026-03-01')).toBe('2026-03-01');
    expect(parseDay('29.02.2026')).toBeUndefined();
    expect(parseDay('2026-13-01')).toBeUndefined();
    const wrong = parseFilter(req({ zeitraum: 'frei', von: '30.02.2026', bis: '' }), now, '01-01');
    expect(wrong.filter).toBeUndefined();
    expect(Object.keys(wrong.errors).sort()).toEqual(['bis', 'von']);
    expect(wrong.input.from).toBe('30.02.2026');
    expect(
      parseFilter(req({ zeitraum: 'frei', von: '2010-01-01', bis: '2026-01-01' }), now, '01-01').errors.bis,
    ).toMatch(/zehn Jahren/);
  });
  it('ignores ids that are not ids, and repeats none', () => {
    const f = parseFilter(req({ durchgang: ['3', '3', 'x', '-1', '99999999999'], kommune: '7' }), now, '01-01').filter!;
    expect([f.cohortIds, f.municipalityIds]).toEqual([[3], [7]]);
    expect(filterQuery(f)).toBe('zeitraum=frei&von=2026-01-01&bis=2026-12-31&durchgang=3&kommune=7');
  });
});
