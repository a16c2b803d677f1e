import { personLedger, ueOf, type LedgerOffering, type LedgerSession, type Mark } from './ledger';

const rule = { minPraesenzModules: 2, minOnlineModules: 1, requiredAssignmentsPassed: true, minUeShare: 0.8 };
const at = (iso: string) => new Date(iso);
const now = at('2026-06-15T12:00:00Z');

// Three in-person modules of 8 UE (one day, 09:00–16:00 = 420 min) and one online module of 4 UE (180 min).
const offerings: LedgerOffering[] = [
  { id: 1, title: 'P1', moduleKind: 'praesenz', position: 1 },
  { id: 2, title: 'P2', moduleKind: 'praesenz', position: 2 },
  { id: 3, title: 'P3', moduleKind: 'praesenz', position: 3 },
  { id: 4, title: 'O1', moduleKind: 'online', position: 4 },
];
const day = (
  id: number,
  offeringId: number,
  date: string,
  kind: 'praesenz' | 'online' = 'praesenz',
): LedgerSession => ({
  id,
  offeringId,
  kind,
  moduleKind: kind,
  ue: kind === 'praesenz' ? 8 : 4,
  duration: kind === 'praesenz' ? 420 : 180,
  start: at(`${date}T07:00:00Z`),
  end: at(`${date}T${kind === 'praesenz' ? '14' : '10'}:00:00Z`),
});
const sessions = [
  day(11, 1, '2026-03-02'),
  day(21, 2, '2026-05-04'),
  day(31, 3, '2026-09-07'),
  day(41, 4, '2026-04-01', 'online'),
];
const marks = (entries: Array<[number, Mark]>) => new Map(entries);
const seated = { seatSince: at('2026-01-10T10:00:00Z'), leftAt: null };

describe('the hours ledger', () => {
  it('counts partial attendance by its minutes', () => {
    expect(ueOf({ ue: 8, duration: 420 }, { status: 'teilweise', minutes: 210 })).toBe(4);
    expect(ueOf({ ue: 8, duration: 420 }, { status: 'anwesend', minutes: null })).toBe(8);
    expect(ueOf({ ue: 8, duration: 420 }, { status: 'entschuldigt', minutes: null })).toBe(0);
    const l = personLedger({
      person: seated,
      offerings,
      sessions,
      now,
      rule,
      marks: marks([
        [11, { status: 'anwesend', minutes: null }],
        [21, { status: 'teilweise', minutes: 315 }],
        [41, { status: 'anwesend', minutes: null }],
      ]),
    });
    expect(l.offerings.map((o) => [o.offering.title, o.ueAttended, o.ueDue, o.state])).toEqual([
      ['P1', 8, 8, 'erfuellt'],
      ['P2', 6, 8, 'verfehlt'], // 6 of 8 UE = 75 % < 80 %, and nothing of it is left
      ['P3', 0, 0, 'offen'], // in the future: never an absence
      ['O1', 4, 4, 'erfuellt'],
    ]);
    expect([l.ueAttended, l.ueDue, l.ueScheduled, l.rate]).toEqual([18, 20, 28, 0.9]);
    expect([l.praesenzDone, l.onlineDone, l.praesenzOffered, l.onlineOffered]).toEqual([1, 1, 3, 1]);
    expect(l.reachable).toBe(true); // P3 can still be attended: 2 of 3
  });

  it('does not count sessions before a late enrolment, for or against', () => {
    const late = { seatSince: at('2026-04-15T00:00:00Z'), leftAt: null };
    const l = personLedger({
      person: late,
      offerings,
      sessions,
      now,
      rule,
      marks: marks([[21, { status: 'anwesend', minutes: null }]]),
    });
    expect(l.offerings.map((o) => [o.offering.title, o.sessions, o.state])).toEqual([
      ['P1', 0, 'entfaellt'],
      ['P2', 1, 'erfuellt'],
      ['P3', 1, 'offen'],
      ['O1', 0, 'entfaellt'],
    ]);
    expect([l.ueDue, l.ueScheduled, l.praesenzOffered, l.onlineOffered]).toEqual([8, 16, 2, 0]);
    // with no online follow-up left for this person, the rule's "1 online" cannot be met
    expect(l.reachable).toBe(false);
  });

  it('leaves past unmarked sessions open rather than absent', () => {
    const l = personLedger({ person: seated, offerings, sessions, now, rule, marks: marks([]) });
    expect(l.offerings.map((o) => [o.state, o.unmarked])).toEqual([
      ['offen', 1],
      ['offen', 1],
      ['offen', 0],
      ['offen', 1],
    ]);
    expect([l.ueAttended, l.ueDue, l.rate, l.reachable]).toEqual([0, 0, null, true]);
  });

  it('knows when the rule can no longer be met: two of three in-person modules missed', () => {
    const l = personLedger({
      person: seated,
      offerings,
      sessions,
      now,
      rule,
      marks: marks([
        [11, { status: 'unentschuldigt', minutes: null }],
        [21, { status: 'entschuldigt', minutes: null }],
        [41, { status: 'anwesend', minutes: null }],
      ]),
    });
    expect(l.offerings.slice(0, 2).map((o) => o.state)).toEqual(['verfehlt', 'verfehlt']);
    expect(l.reachable).toBe(false);
  });

  it('stops counting at a withdrawal, and keeps what was recorded before', () => {
    const left = { seatSince: seated.seatSince, leftAt: at('2026-04-20T00:00:00Z') };
    const l = personLedger({
      person: left,
      offerings,
      sessions,
      now,
      rule,
      marks: marks([[11, { status: 'anwesend', minutes: null }]]),
    });
    expect(l.offerings.map((o) => o.sessions)).toEqual([1, 0, 0, 1]);
    expect(l.ueAttended).toBe(8);
  });
});
