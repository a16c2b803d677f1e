import { personLedger, type LedgerOffering, type LedgerSession, type Mark } from '../attendance/queries';
import { evaluate, type OfferingFacts } from './evaluate';

const rule = { minPraesenzModules: 4, minOnlineModules: 1, requiredAssignmentsPassed: true, minUeShare: 0.8 };
const now = new Date('2027-12-01T12:00:00Z');
// five in-person modules of 16 UE, two online follow-ups of 4 UE: 88 UE
const offerings: LedgerOffering[] = [
  ...[1, 2, 3, 4, 5].map((i) => ({ id: i, title: `Präsenz ${i}`, moduleKind: 'praesenz' as const, position: i })),
  { id: 6, title: 'Online A', moduleKind: 'online', position: 6 },
  { id: 7, title: 'Online B', moduleKind: 'online', position: 7 },
];
const sessions: LedgerSession[] = offerings.map((o) => ({
  id: o.id * 10,
  offeringId: o.id,
  kind: o.moduleKind,
  moduleKind: o.moduleKind,
  ue: o.moduleKind === 'praesenz' ? 16 : 4,
  duration: o.moduleKind === 'praesenz' ? 840 : 180,
  start: new Date(`2027-0${o.id}-10T07:00:00Z`),
  end: new Date(`2027-0${o.id}-10T${o.moduleKind === 'praesenz' ? '21' : '10'}:00:00Z`),
}));
const present = (...ids: number[]) =>
  new Map<number, Mark>(ids.map((id) => [id * 10, { status: 'anwesend', minutes: null }]));
const facts = (over: Partial<Record<number, Partial<OfferingFacts>>> = {}): OfferingFacts[] =>
  offerings.map((o) => ({
    offeringId: o.id,
    title: o.title,
    kind: o.moduleKind,
    requiredAssignments: [],
    lessons: { total: 2, done: 2 },
    ...over[o.id],
  }));
const ledger = (marks: Map<number, Mark>, seatSince = new Date('2026-12-01T00:00:00Z')) =>
  personLedger({ person: { seatSince, leftAt: null }, offerings, sessions, marks, now, rule });

describe('the completion rule', () => {
  it('is met with 4 of 5 in-person modules, the online follow-ups and enough hours', () => {
    const c = evaluate(rule, ledger(present(1, 2, 3, 4, 6, 7)), facts()); // 72 of 88 UE = 82 %
    expect([c.eligible, c.missing]).toEqual([true, []]);
    expect(c.offerings.filter((o) => o.completed).map((o) => o.title)).toEqual([
      'Präsenz 1',
      'Präsenz 2',
      'Präsenz 3',
      'Präsenz 4',
      'Online A',
      'Online B',
    ]);
    // with only one follow-up the modules suffice, but 68 of 88 UE (77 %) do not
    expect(evaluate(rule, ledger(present(1, 2, 3, 4, 6)), facts()).missing).toEqual(['2,4 UE Anwesenheit']);
  });

  it('says exactly what is missing: an online follow-up and a required assignment', () => {
    const c = evaluate(
      rule,
      ledger(present(1, 2, 3, 4, 5)),
      facts({ 5: { requiredAssignments: [{ title: 'Krisenpräventionsplan', passed: false }] } }),
    );
    expect(c.eligible).toBe(false);
    expect(c.missing).toEqual(['1 Online-Vertiefung', 'Aufgabe „Krisenpräventionsplan“']);
    expect(c.offerings.find((o) => o.title === 'Präsenz 5')!.missing).toEqual(['Aufgabe „Krisenpräventionsplan“']);
  });

  it('counts the hours: 3 in-person modules are not enough, nor are 80 % of the UE', () => {
    const c = evaluate(rule, ledger(present(1, 2, 3, 6, 7)), facts());
    // 3 × 16 + 2 × 4 = 56 of 88 UE; 80 % would be 70.4
    expect(c.missing).toEqual(['1 weiteres Präsenzmodul', '14,4 UE Anwesenheit']);
  });

  it('requires the online lessons of a module only where the rule says so (KoKoMa: not)', () => {
    const c = evaluate(
      { ...rule, lessonsRequired: true },
      ledger(present(1, 2, 3, 4, 5, 6)),
      facts({ 6: { lessons: { total: 3, done: 1 } } }),
    );
    expect(c.offerings.find((o) => o.title === 'Online A')!.missing).toEqual(['2 Lektionen']);
    expect(c.missing).toEqual(['1 Online-Vertiefung']);
    const withoutLessons = evaluate(
      rule,
      ledger(present(1, 2, 3, 4, 5, 6)),
      facts({ 6: { lessons: { total: 3, done: 1 } } }),
    );
    expect(withoutLessons.offerings.find((o) => o.title === 'Online A')!.completed).toBe(true);
  });

  it('does not hold sessions before a late enrolment against anyone, nor count them', () => {
    // enrolled after the first in-person module: it does not count, the other four (and online A) suffice
    const late = ledger(present(2, 3, 4, 5, 6), new Date('2027-01-20T00:00:00Z'));
    const c = evaluate(rule, late, facts());
    expect(late.ueScheduled).toBe(72);
    expect(c.eligible).toBe(true);
  });
});
