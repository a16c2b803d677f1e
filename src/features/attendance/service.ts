import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { durationMinutes } from './ledger';
import { cohortAttendance } from './queries';
import type { Clock } from '../../platform/clock';
import { Conflict, NotFound } from '../../platform/errors';
import { t } from './texts';
import { berlinInstant } from '../../platform/time';
import type { SessionUser } from '../../platform/auth/session-user';
import { users } from '../accounts/table';
import { scheduleSessions } from '../cohorts/table';
import { reachRecordableSession } from '../cohorts/access';
import { missingAttendance, rosterOf } from './queries';
import { trainersOf } from '../cohorts/queries';
import { attendance, attendanceChanges, type AttendanceStatus } from './table';
import { fileSlug, fullName } from '../../platform/names';
import { signatureList } from './signature-list';

/** One row of a submitted sheet: what the person chose, and what the sheet showed when it was loaded. */
export type SheetEntry = {
  userId: number;
  status: AttendanceStatus | null;
  minutes: number | null;
  note: string;
  loaded: { version: number; status: AttendanceStatus | null; minutes: number | null; note: string };
};

export { durationMinutes } from './ledger';

export function attendanceService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  /** The session with its offering and cohort, if this person may record it: its trainers and the SPI-Team. Else 404. */
  async function recordable(actor: SessionUser, sessionId: number) {
    const row = await reachRecordableSession(db, actor, sessionId);
    const startsAt = berlinInstant(row.session.date, row.session.startTime);
    const duration = durationMinutes(row.session);
    // "over": ended; a check-in window can no longer be opened, so its page and links are not offered
    return {
      ...row,
      startsAt,
      started: startsAt <= clock.now(),
      over: startsAt.getTime() + duration * 60_000 < clock.now().getTime(),
      duration,
    };
  }

  return {
    recordable,

    /** The printable signature list of a session (funders ask for it), with the file name it is offered under. */
    async signatureListPdf(actor: SessionUser, sessionId: number) {
      const s = await recordable(actor, sessionId);
      const [roster, trainers] = await Promise.all([rosterOf(db, s.session, s.cohort.id), trainersOf(db, s.cohort.id)]);
      const pdf = await signatureList({
        cohortName: s.cohort.name,
        moduleTitle: s.moduleTitle,
        session: s.session,
        trainers: trainers
          .filter((tr) => tr.offeringId === s.offeringId)
          .map((tr) => fullName(tr))
          .join(', '),
        roster,
      });
      return { fileName: `unterschriftenliste-${s.session.date}-${fileSlug(s.moduleTitle).slice(0, 40)}.pdf`, pdf };
    },

    /** Ended sessions where someone is not marked yet: the trainer's own, everything for the SPI-Team. */
    missing: async (actor: SessionUser) =>
      (await missingAttendance(db, actor.role === 'admin' ? {} : { trainerId: actor.id }, clock.now())).sessions,

    async sheet(actor: SessionUser, sessionId: number) {
      const s = await recordable(actor, sessionId);
      const [roster, ledgers] = await Promise.all([
        rosterOf(db, s.session, s.cohort.id),
        cohortAttendance(db, s.cohort.id, clock.now()),
      ]);
      // the trainer sees at a glance who can no longer complete
      const unreachable = new Set(ledgers.rows.filter((r) => !r.ledger.reachable).map((r) => r.person.id));
      return { ...s, roster, unreachable, unmarked: roster.filter((r) => !r.mark).length };
    },

    /**
     * Saves a sheet in one transaction. Rows the person did not touch are left alone, so two trainers editing different
     * people both keep their changes. A row someone else changed since the sheet was loaded is not overwritten: it comes
     * back as a conflict with the current value, and the rest is saved.
     */
    async save(
      actor: SessionUser,
      sessionId: number,
      entries: SheetEntry[],
    ): Promise<{ saved: number; conflicts: string[] }> {
      const s = await recordable(actor, sessionId);
      if (!s.started) throw new Conflict(t('attendance.msg.notStarted'));
      const now = clock.now();
      const result = await db.transaction(async (tx) => {
        // One sheet save at a time per session: the version check below then sees every committed change.
        await tx
          .select({ id: scheduleSessions.id })
          .from(scheduleSessions)
          .where(eq(scheduleSessions.id, sessionId))
          .for('update');
        const roster = await rosterOf(tx, s.session, s.cohort.id);
        const onSheet = new Map(roster.map((r) => [r.person.id, r]));
        let saved = 0;
        const conflicts: string[] = [];
        for (const e of entries) {
          const row = onSheet.get(e.userId);
          if (!row) throw new NotFound();
          const touched = e.status !== e.loaded.status || e.minutes !== e.loaded.minutes || e.note !== e.loaded.note;
          if (!touched) continue;
          const current = row.mark;
          if ((current?.version ?? 0) !== e.loaded.version) {
            conflicts.push(fullName(row.person));
            continue;
          }
          if (e.status === null) {
            if (current)
              await tx
                .delete(attendance)
                .where(and(eq(attendance.sessionId, sessionId), eq(attendance.userId, e.userId)));
          } else if (current) {
            await tx
              .update(attendance)
              .set({
                status: e.status,
                minutes: e.minutes,
                note: e.note,
                source: 'liste',
                version: current.version + 1,
                recordedById: actor.id,
                recordedAt: now,
              })
              .where(and(eq(attendance.sessionId, sessionId), eq(attendance.userId, e.userId)));
          } else {
            await tx.insert(attendance).values({
              sessionId,
              userId: e.userId,
              status: e.status,
              minutes: e.minutes,
              note: e.note,
              source: 'liste',
              version: 1,
              recordedById: actor.id,
              recordedAt: now,
            });
          }
          await tx.insert(attendanceChanges).values({
            sessionId,
            userId: e.userId,
            actorId: actor.id,
            source: 'liste',
            at: now,
            fromStatus: current?.status ?? null,
            toStatus: e.status,
            fromMinutes: current?.minutes ?? null,
            toMinutes: e.minutes,
            fromNote: current?.note ?? null,
            toNote: e.status === null ? null : e.note,
          });
          saved++;
        }
        return { saved, conflicts };
      });
      return result;
    },

    /** "Alle als anwesend markieren": everyone not yet marked; marks already made stay as they are. */
    async markAllPresent(actor: SessionUser, sessionId: number): Promise<number> {
      const s = await recordable(actor, sessionId);
      if (!s.started) throw new Conflict(t('attendance.msg.notStarted'));
      const now = clock.now();
      return db.transaction(async (tx) => {
        await tx
          .select({ id: scheduleSessions.id })
          .from(scheduleSessions)
          .where(eq(scheduleSessions.id, sessionId))
          .for('update');
        const open = (await rosterOf(tx, s.session, s.cohort.id)).filter((r) => !r.mark);
        if (open.length === 0) return 0;
        // Marking people present can never make the rule unreachable: no completion check needed here.
        await tx.insert(attendance).values(
          open.map((r) => ({
            sessionId,
            userId: r.person.id,
            status: 'anwesend' as const,
            source: 'liste' as const,
            recordedById: actor.id,
            recordedAt: now,
          })),
        );
        await tx.insert(attendanceChanges).values(
          open.map((r) => ({
            sessionId,
            userId: r.person.id,
            actorId: actor.id,
            source: 'liste' as const,
            at: now,
            toStatus: 'anwesend',
            toNote: '',
          })),
        );
        return open.length;
      });
    },

    /**
     * A self check-in: the person present, by their own hand, unless the session already has a mark for them (a
     * trainer's mark wins). Returns whether there was one. The check-in feature has checked code and window.
     */
    async recordCheckin(userId: number, sessionId: number, now: Date): Promise<boolean> {
      return db.transaction(async (tx) => {
        await tx
          .select({ id: scheduleSessions.id })
          .from(scheduleSessions)
          .where(eq(scheduleSessions.id, sessionId))
          .for('update');
        const [existing] = await tx
          .select()
          .from(attendance)
          .where(and(eq(attendance.sessionId, sessionId), eq(attendance.userId, userId)));
        if (existing) return true;
        await tx
          .insert(attendance)
          .values({ sessionId, userId, status: 'anwesend', source: 'checkin', recordedById: userId, recordedAt: now });
        await tx
          .insert(attendanceChanges)
          .values({ sessionId, userId, actorId: userId, source: 'checkin', toStatus: 'anwesend', toNote: '', at: now });
        return false;
      });
    },

    /** Every change at a session, newest first: for the SPI-Team. */
    async history(sessionId: number) {
      const people = await db
        .select({ change: attendanceChanges, firstName: users.firstName, lastName: users.lastName })
        .from(attendanceChanges)
        .innerJoin(users, eq(users.id, attendanceChanges.userId))
        .where(eq(attendanceChanges.sessionId, sessionId))
        .orderBy(desc(attendanceChanges.at), desc(attendanceChanges.id));
      const actorIds = [...new Set(people.map((p) => p.change.actorId).filter((x): x is number => x !== null))];
      const actors = actorIds.length
        ? await db
            .select({ id: users.id, firstName: users.firstName, lastName: users.lastName })
            .from(users)
            .where(inArray(users.id, actorIds))
        : [];
      const nameOf = new Map(actors.map((a) => [a.id, fullName(a)]));
      return people.map((p) => ({
        ...p.change,
        person: fullName(p),
        actor: p.change.actorId ? (nameOf.get(p.change.actorId) ?? '') : '',
      }));
    },
  };
}
export type AttendanceService = ReturnType<typeof attendanceService>;
