import type { CompletionRule, ModuleKind } from '../catalogue/table';
import type { AttendanceStatus } from './table';

/** A session as the ledger sees it. */
export type LedgerSession = {
  id: number;
  offeringId: number;
  kind: ModuleKind;
  moduleKind: ModuleKind;
  ue: number;
  duration: number;
  start: Date;
  end: Date;
};
export type LedgerOffering = { id: number; title: string; moduleKind: ModuleKind; position: number };
/** When the person's seat began and, if they left, when; sessions outside that span do not count for them. */
export type LedgerPerson = { seatSince: Date | null; leftAt: Date | null };
export type Mark = { status: AttendanceStatus; minutes: number | null };

export type OfferingLedger = {
  offering: LedgerOffering;
  /** Sessions that count for the person (after their seat began, before they left). */
  sessions: number;
  /** Begun sessions with a mark ("erfasst"): the base of the rate. */
  sessionsDue: number;
  attendedByKind: { praesenz: number; online: number };
  unmarked: number;
  ueScheduled: number;
  ueDue: number;
  ueAttended: number;
  /** attended / due, null while nothing is due */
  rate: number | null;
  /** erfüllt: attended enough of the offering's UE; verfehlt: can no longer; offen: still possible */
  state: 'erfuellt' | 'verfehlt' | 'offen' | 'entfaellt';
};

export type PersonLedger = {
  offerings: OfferingLedger[];
  ueScheduled: number;
  ueDue: number;
  ueAttended: number;
  rate: number | null;
  praesenzDone: number;
  onlineDone: number;
  praesenzOffered: number;
  onlineOffered: number;
  /** Whether the completion rule can still be met with every remaining session attended. */
  reachable: boolean;
};

export { durationMinutes } from '../../platform/time';

/** UE attended at one session: all of it when present, the share of minutes when partly present, none otherwise. */
export function ueOf(session: Pick<LedgerSession, 'ue' | 'duration'>, mark: Mark | undefined): number {
  if (!mark) return 0;
  if (mark.status === 'anwesend') return session.ue;
  if (mark.status === 'teilweise' && mark.minutes)
    return (session.ue * Math.min(mark.minutes, session.duration)) / session.duration;
  return 0;
}

const round = (x: number) => Math.round(x * 100) / 100;

/**
 * The hours ledger of one person in one cohort. Pure: the same facts always give the same numbers.
 * - A session counts only if the person held a seat when it began and had not left by then.
 * - Future sessions are never absences; past unmarked ones are "nicht erfasst", not absences.
 * - An offering is "erfüllt" when the attended UE reach the rule's share (minUeShare) of its counted UE.
 */
export function personLedger(opts: {
  person: LedgerPerson;
  offerings: LedgerOffering[];
  sessions: LedgerSession[];
  marks: Map<number, Mark>;
  now: Date;
  rule: CompletionRule;
}): PersonLedger {
  const { person, now, rule } = opts;
  const counts = (s: LedgerSession) =>
    !!person.seatSince && person.seatSince <= s.start && (!person.leftAt || person.leftAt > s.start);
  // A mark counts once its session has begun, the same on every page and export: while a session runs, a check-in
  // or a mark on the sheet is recorded attendance. The rate's base is exactly the recorded sessions, so attended UE can
  // never exceed recorded UE. Unmarked sessions are neither attended nor missed.
  const recorded = (s: LedgerSession) => s.start <= now && opts.marks.has(s.id);
  const offerings = opts.offerings.map((offering): OfferingLedger => {
    const mine = opts.sessions.filter((s) => s.offeringId === offering.id && counts(s));
    const due = mine.filter(recorded);
    let ueAttended = 0;
    let remaining = 0;
    const attendedByKind = { praesenz: 0, online: 0 };
    let unmarked = 0;
    for (const s of mine) {
      if (recorded(s)) {
        const got = ueOf(s, opts.marks.get(s.id));
        ueAttended += got;
        if (got > 0) attendedByKind[s.kind]++;
      } else {
        remaining += s.ue; // still to come, or not recorded yet
        if (s.end <= now) unmarked++;
      }
    }
    const ueScheduled = mine.reduce((sum, s) => sum + s.ue, 0);
    const ueDue = due.reduce((sum, s) => sum + s.ue, 0);
    const needed = rule.minUeShare * ueScheduled;
    const state =
      mine.length === 0
        ? 'entfaellt'
        : ueAttended >= needed - 1e-9
          ? 'erfuellt'
          : ueAttended + remaining < needed - 1e-9
            ? 'verfehlt'
            : 'offen';
    return {
      offering,
      sessions: mine.length,
      sessionsDue: due.length,
      attendedByKind,
      unmarked,
      ueScheduled,
      ueDue,
      ueAttended: round(ueAttended),
      rate: ueDue > 0 ? round(ueAttended / ueDue) : null,
      state,
    };
  });
  const sum = (f: (o: OfferingLedger) => number) => offerings.reduce((acc, o) => acc + f(o), 0);
  const ueScheduled = sum((o) => o.ueScheduled);
  const ueDue = sum((o) => o.ueDue);
  const ueAttended = round(sum((o) => o.ueAttended));
  const kindOf = (k: ModuleKind) => offerings.filter((o) => o.offering.moduleKind === k && o.state !== 'entfaellt');
  const possible = (k: ModuleKind) => kindOf(k).filter((o) => o.state !== 'verfehlt').length;
  const ueStillPossible =
    ueAttended + opts.sessions.filter((s) => counts(s) && !recorded(s)).reduce((a, s) => a + s.ue, 0);
  const reachable =
    possible('praesenz') >= rule.minPraesenzModules &&
    possible('online') >= rule.minOnlineModules &&
    (ueScheduled === 0 || ueStillPossible >= rule.minUeShare * ueScheduled - 1e-9);
  return {
    offerings,
    ueScheduled,
    ueDue,
    ueAttended,
    rate: ueDue > 0 ? round(ueAttended / ueDue) : null,
    praesenzDone: kindOf('praesenz').filter((o) => o.state === 'erfuellt').length,
    onlineDone: kindOf('online').filter((o) => o.state === 'erfuellt').length,
    praesenzOffered: kindOf('praesenz').length,
    onlineOffered: kindOf('online').length,
    reachable,
  };
}
