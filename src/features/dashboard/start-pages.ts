import type { Deps } from '../../deps';
import { berlinInstant, berlinToday } from '../../platform/time';
import type { SessionUser } from '../../platform/auth/session-user';
import { SEAT_HOLDING } from '../enrolment/table';

/**
 * What each role's start page says to do next. Each item is a count or a short list with a link to the page where it
 * is done; the loaders compose the owning features' queries and never write.
 */

const EARLY_MS = 15 * 60_000;
/** Feedback newer than this counts as "neu" on the trainee's start page. */
const NEW_FEEDBACK_MS = 14 * 24 * 3_600_000;
/** Assignments due within this time (or overdue and still open) are listed as due. */
const DUE_SOON_MS = 14 * 24 * 3_600_000;

export async function adminStartPage(deps: Deps, actor: SessionUser) {
  const open = await deps.cohorts.open();
  const [decisions, missing, atRisk, general, processes] = await Promise.all([
    deps.enrolment.waitingDecisions(),
    deps.attendance.missing(actor),
    deps.atRisk.count(actor),
    deps.dashboard.forAdmin(),
    deps.process.summaries(),
  ]);
  const ready = (
    await Promise.all(
      open.map(async (c) => ({
        cohortId: c.id,
        cohortName: c.name,
        n: (await deps.certificates.openTargets(actor, c.id, null)).length,
      })),
    )
  ).filter((r) => r.n > 0);
  return {
    decisions: { total: decisions.reduce((a, d) => a + d.n, 0), byCohort: decisions },
    missing: { total: missing.length, people: missing.reduce((a, m) => a + m.missing, 0) },
    atRisk,
    ready: { total: ready.reduce((a, r) => a + r.n, 0), byCohort: ready },
    overdueMilestones: processes.reduce((a, p) => a + p.overdue.length, 0),
    overdueSteps: processes.reduce((a, p) => a + p.overdueSteps.length, 0),
    ...general,
  };
}

/** Sessions of the day, and which of them run now (from a quarter of an hour before the start to the end). */
function todayOf<T extends { session: { date: string; startTime: string; endTime: string } }>(
  sessions: T[],
  now: Date,
) {
  const today = berlinToday(now);
  return sessions
    .filter((s) => s.session.date === today)
    .map((s) => ({
      ...s,
      running:
        berlinInstant(s.session.date, s.session.startTime).getTime() - EARLY_MS <= now.getTime() &&
        now < berlinInstant(s.session.date, s.session.endTime),
    }));
}

export async function trainerStartPage(deps: Deps, actor: SessionUser) {
  const now = deps.clock.now();
  const [cohortRows, sessions, queue, missing] = await Promise.all([
    deps.cohorts.list(actor),
    deps.cohorts.sessionsOfPerson(actor),
    deps.assignments.queue(actor),
    deps.attendance.missing(actor),
  ]);
  return {
    cohortRows,
    today: todayOf(sessions, now),
    nextSessions: sessions
      .filter((s) => berlinInstant(s.session.date, s.session.endTime) >= now && s.session.date !== berlinToday(now))
      .slice(0, 3),
    queue: { total: queue.length, oldest: queue.slice(0, 5) },
    missing,
  };
}

export type PersonStatus = 'nominiert' | 'bestaetigt' | 'warteliste' | 'gefaehrdet' | 'erfuellt' | 'abgeschlossen';

/** The coordinator's people across cohorts, each with one status word (and the counts per status). */
export async function coordinatorStartPage(deps: Deps, actor: SessionUser) {
  const [municipality, rows, cohortRows, [process]] = await Promise.all([
    deps.dashboard.forCoordinator(actor.municipalityId!),
    deps.enrolment.overview(actor, { cohort: null, status: null }),
    deps.cohorts.list(actor),
    deps.process.summaries([actor.municipalityId!]),
  ]);
  const enrolled = rows.filter(
    (r) => r.enrolment?.id && r.cohort?.id && ['nominiert', 'bestaetigt', 'warteliste'].includes(r.enrolment.status!),
  );
  const completionByCohort = new Map<number, Awaited<ReturnType<Deps['completion']['cohort']>>>();
  for (const cohortId of new Set(enrolled.map((r) => r.cohort!.id!))) {
    completionByCohort.set(cohortId, await deps.completion.cohort(cohortId, { municipalityId: actor.municipalityId! }));
  }
  const certified = await deps.certificates.holdersOf(enrolled.map((r) => r.person.id));
  const people = enrolled.map((r) => {
    const c = completionByCohort.get(r.cohort!.id!)?.rows.find((x) => x.person.id === r.person.id);
    let status: PersonStatus = r.enrolment!.status as PersonStatus;
    if (SEAT_HOLDING.includes(r.enrolment!.status!) && c) {
      if (certified.has(`${r.person.id}:${r.cohort!.id}`)) status = 'abgeschlossen';
      else if (c.completion.eligible) status = 'erfuellt';
      else if (!c.ledger.reachable) status = 'gefaehrdet';
    }
    return { person: r.person, cohort: r.cohort!, status, missing: c?.completion.missing ?? [] };
  });
  const counts = (['nominiert', 'bestaetigt', 'warteliste', 'gefaehrdet', 'erfuellt', 'abgeschlossen'] as const).map(
    (s) => ({ status: s, n: people.filter((p) => p.status === s).length }),
  );
  return { data: municipality, cohortRows, people, counts, process };
}

export async function traineeStartPage(deps: Deps, actor: SessionUser) {
  const now = deps.clock.now();
  const [cohortRows, sessions, own, certificates, learning, checkinOpen, data] = await Promise.all([
    deps.cohorts.list(actor),
    deps.cohorts.sessionsOfPerson(actor),
    deps.assignments.ownOverview(actor),
    deps.certificates.mine(actor),
    deps.learning.overview(actor),
    deps.checkin.openFor(actor),
    deps.dashboard.forTrainee(actor.id),
  ]);
  const counted = sessions.filter(
    (s) => !s.seatSince || berlinInstant(s.session.date, s.session.startTime) >= s.seatSince,
  );
  const open = (a: (typeof own)[number]) => !a.state || a.state === 'entwurf';
  const closed = (a: (typeof own)[number]) => !!a.cutoffAt && a.cutoffAt <= now;
  const completion = [];
  for (const c of cohortRows.filter((r) => r.ownStatus && SEAT_HOLDING.includes(r.ownStatus as never))) {
    const row = (await deps.completion.cohort(c.cohort.id, { userId: actor.id })).rows[0];
    if (row) completion.push({ cohort: c.cohort, completion: row.completion, reachable: row.ledger.reachable });
  }
  return {
    data,
    learning,
    checkinOpen,
    cohortRows,
    now: todayOf(counted, now).filter((s) => s.running),
    nextSessions: counted
      .filter((s) => berlinInstant(s.session.date, s.session.startTime).getTime() - EARLY_MS > now.getTime())
      .slice(0, 3),
    assignments: {
      due: own.filter((a) => open(a) && !closed(a) && a.dueAt.getTime() - now.getTime() <= DUE_SOON_MS),
      revise: own.filter((a) => a.state === 'ueberarbeiten' && !closed(a)),
      feedback: own.filter(
        (a) =>
          a.lastFeedbackAt &&
          now.getTime() - a.lastFeedbackAt.getTime() <= NEW_FEEDBACK_MS &&
          a.state !== 'ueberarbeiten',
      ),
    },
    completion,
    certificates: certificates.filter((c) => c.state === 'gueltig'),
  };
}
