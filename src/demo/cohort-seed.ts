import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../platform/db/client';
import crypto from 'node:crypto';
import type { FileStore } from '../platform/files/store';
import { seedDemoAssignments } from './assignments-seed';
import { berlinInstant, berlinToday, durationMinutes, formatClock } from '../platform/time';
import { sessionsOfCohort } from '../features/cohorts/queries';
import { attendance, attendanceChanges, type AttendanceStatus } from '../features/attendance/table';
import { checkinWindows } from '../features/checkin/table';
import { users } from '../features/accounts/table';
import { modules } from '../features/catalogue/table';
import { municipalities } from '../features/municipalities/table';
import {
  cohortMunicipalities,
  cohorts,
  offerings,
  offeringTrainers,
  scheduleSessions,
} from '../features/cohorts/table';
import { SEAT_HOLDING, enrolments, type EnrolmentStatus } from '../features/enrolment/table';

/** YYYY-MM-DD plus n days. */
function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** The date itself, or the Monday after it when it falls on a weekend: courses run on working days. */
function workday(date: string): string {
  const dow = new Date(`${date}T12:00:00Z`).getUTCDay();
  return dow === 6 ? addDays(date, 2) : dow === 0 ? addDays(date, 1) : date;
}

/**
 * A running cohort around today's date (three modules behind, the rest ahead), full, with one person waiting; and a
 * second cohort with open registration, where the demo coordinator can try nominating and uploading a list.
 */
export async function seedDemoCohorts(
  tx: Db,
  now: Date,
  files?: FileStore,
  opts: { liveSessionOnWeekends?: boolean } = {},
): Promise<void> {
  const today = berlinToday(now);
  const start = addDays(today, -60);
  const ms = await tx.select().from(municipalities);
  const byName = (n: string) => ms.find((m) => m.name === n)!;
  const [erfurt, goerlitz, cottbus, rostock] = [
    byName('Erfurt'),
    byName('Görlitz'),
    byName('Cottbus'),
    byName('Rostock'),
  ];
  const trainers = await tx.select().from(users).where(eq(users.role, 'trainer')).orderBy(asc(users.id));
  const mods = await tx.select().from(modules).where(isNull(modules.archivedAt)).orderBy(asc(modules.position));

  const [running] = await tx
    .insert(cohorts)
    .values({
      name: 'Durchgang 2026/27 Mitteldeutschland',
      startsOn: start,
      endsOn: addDays(start, 230),
      status: 'laufend',
      seats: 12,
    })
    .returning();
  await tx.insert(cohortMunicipalities).values([
    { cohortId: running!.id, municipalityId: erfurt.id, quota: 6 },
    { cohortId: running!.id, municipalityId: goerlitz.id, quota: 4 },
    { cohortId: running!.id, municipalityId: cottbus.id, quota: 2 },
  ]);
  for (const [i, mod] of mods.entries()) {
    const [o] = await tx
      .insert(offerings)
      .values({ cohortId: running!.id, moduleId: mod.id, position: i + 1 })
      .returning();
    const trainer = trainers[i % 4 === 1 ? 1 : 0] ?? trainers[0]!;
    await tx.insert(offeringTrainers).values({ offeringId: o!.id, userId: trainer.id });
    // a two-day module starts Monday to Thursday, so both days are working days
    const day = workday(addDays(start, 7 + 21 * i));
    const twoDayStart = new Date(`${day}T12:00:00Z`).getUTCDay() === 5 ? addDays(day, 3) : day;
    if (mod.kind === 'online') {
      await tx.insert(scheduleSessions).values({
        offeringId: o!.id,
        date: day,
        startTime: '16:00',
        endTime: '19:00',
        kind: 'online',
        videoUrl: 'https://konferenz.kokoma.example/mitteldeutschland',
        ue: mod.ue,
      });
    } else {
      const days = mod.ue >= 16 ? 2 : 1;
      for (let d = 0; d < days; d++) {
        await tx.insert(scheduleSessions).values({
          offeringId: o!.id,
          date: addDays(days === 2 ? twoDayStart : day, d),
          startTime: '09:00',
          endTime: '16:30',
          kind: 'praesenz',
          location: 'Erfurt, Rathaus, Fischmarkt 1, Festsaal',
          ue: Math.round(mod.ue / days),
        });
      }
    }
  }

  const trainees = await tx
    .select()
    .from(users)
    .where(and(eq(users.role, 'trainee'), inArray(users.municipalityId, [erfurt.id, goerlitz.id, cottbus.id])))
    .orderBy(asc(users.id));
  const demo = trainees.find((u) => u.email === 'teilnehmerin@kokoma.example')!;
  const named = trainees.filter((u) => u.email.startsWith('teilnehmende.erfurt'));
  const extras = (m: number) =>
    trainees.filter((u) => u.municipalityId === m && u.email.startsWith('person') && u.active);
  const admin = (await tx.select().from(users).where(eq(users.role, 'admin')))[0]!;
  const coordinator = (await tx.select().from(users).where(eq(users.email, 'koordination.erfurt@kokoma.example')))[0]!;
  const invited = trainees.find((u) => u.email === 'eingeladen.goerlitz@kokoma.example');
  const nominatedAt = new Date(`${addDays(start, -14)}T09:00:00Z`);
  const rows: Array<{ user: (typeof trainees)[number]; status: EnrolmentStatus }> = [
    { user: demo, status: 'bestaetigt' },
    ...named.map((u, i) => ({ user: u, status: (i === 3 ? 'nominiert' : 'bestaetigt') as EnrolmentStatus })),
    ...(invited ? [{ user: invited, status: 'nominiert' as EnrolmentStatus }] : []),
    ...extras(goerlitz.id)
      .slice(0, 3)
      .map((u) => ({ user: u, status: 'bestaetigt' as EnrolmentStatus })),
    ...extras(cottbus.id)
      .slice(0, 2)
      .map((u) => ({ user: u, status: 'bestaetigt' as EnrolmentStatus })),
    ...extras(erfurt.id)
      .slice(0, 1)
      .map((u) => ({ user: u, status: 'warteliste' as EnrolmentStatus })),
  ];
  await tx.insert(enrolments).values(
    rows.map((r) => ({
      cohortId: running!.id,
      userId: r.user.id,
      municipalityId: r.user.municipalityId!,
      status: r.status,
      nominatedById: r.user.municipalityId === erfurt.id ? coordinator.id : admin.id,
      nominatedAt,
      waitlistedAt: r.status === 'warteliste' ? nominatedAt : null,
      seatSince: r.status === 'warteliste' ? null : nominatedAt,
      decidedAt: r.status === 'bestaetigt' ? nominatedAt : null,
    })),
  );

  await seedDemoAttendance(tx, running!.id, now);
  await seedDemoCheckin(tx, running!.id, now, opts.liveSessionOnWeekends ?? false);
  await seedDemoAssignments(tx, running!.id, start, now, files);

  const [next] = await tx
    .insert(cohorts)
    .values({
      name: 'Durchgang 2027 Nord-Ost',
      startsOn: addDays(today, 120),
      endsOn: addDays(today, 350),
      status: 'anmeldung_offen',
      seats: 16,
    })
    .returning();
  await tx.insert(cohortMunicipalities).values([
    { cohortId: next!.id, municipalityId: erfurt.id, quota: 4 },
    { cohortId: next!.id, municipalityId: rostock.id, quota: 6 },
  ]);
  const first = mods[0];
  if (first) {
    const [o] = await tx.insert(offerings).values({ cohortId: next!.id, moduleId: first.id, position: 1 }).returning();
    await tx.insert(offeringTrainers).values({ offeringId: o!.id, userId: trainers[1]?.id ?? trainers[0]!.id });
    const firstDay = workday(addDays(today, 127));
    const monToThu = new Date(`${firstDay}T12:00:00Z`).getUTCDay() === 5 ? addDays(firstDay, 3) : firstDay;
    await tx.insert(scheduleSessions).values([
      {
        offeringId: o!.id,
        date: monToThu,
        startTime: '09:00',
        endTime: '16:30',
        kind: 'praesenz',
        location: 'Rostock, Rathaus, Neuer Markt 1',
        ue: 8,
      },
      {
        offeringId: o!.id,
        date: addDays(monToThu, 1),
        startTime: '09:00',
        endTime: '16:30',
        kind: 'praesenz',
        location: 'Rostock, Rathaus, Neuer Markt 1',
        ue: 8,
      },
    ]);
  }
}

/**
 * Attendance of the running cohort's past sessions: mostly present, with every status occurring; one person has missed
 * two in-person modules (so the ledger shows the rule can no longer be met); the latest past session is left unrecorded
 * ("Anwesenheit fehlt" for the trainer).
 */
async function seedDemoAttendance(tx: Db, cohortId: number, now: Date): Promise<void> {
  const sessions = (await sessionsOfCohort(tx, cohortId)).filter((s) => berlinInstant(s.date, s.endTime) < now);
  const latest = sessions[sessions.length - 1];
  const people = await tx
    .select({ userId: enrolments.userId, email: users.email })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.userId))
    .where(and(eq(enrolments.cohortId, cohortId), inArray(enrolments.status, SEAT_HOLDING)))
    .orderBy(asc(enrolments.userId));
  const trainer = (await tx.select().from(users).where(eq(users.email, 'trainerin@kokoma.example')))[0]!;
  const praesenzOfferings = [...new Set(sessions.filter((s) => s.kind === 'praesenz').map((s) => s.offeringId))];
  const absentee = people.find((p) => p.email.startsWith('person4'))?.userId;
  const rows = [];
  for (const [i, s] of sessions.entries()) {
    for (const [j, p] of people.entries()) {
      const missed = p.userId === absentee && praesenzOfferings.slice(0, 2).includes(s.offeringId);
      if (s === latest && !missed) continue;
      let status: AttendanceStatus = 'anwesend';
      let minutes: number | null = null;
      let note = '';
      if (missed) {
        status = 'unentschuldigt';
      } else if ((i + j) % 9 === 4) {
        // partly there: within the session's length (an online evening is three hours, a day seven and a half)
        status = 'teilweise';
        minutes = Math.round(durationMinutes(s) * 0.6);
        note = s.kind === 'online' ? 'später dazugekommen' : 'ab Mittag';
      } else if ((i + j) % 11 === 6) {
        status = 'entschuldigt';
        note = 'Krankmeldung';
      } else if ((i + j) % 13 === 8) {
        status = 'unentschuldigt';
      }
      rows.push({
        sessionId: s.id,
        userId: p.userId,
        status,
        minutes,
        note,
        source: 'liste' as const,
        recordedById: trainer.id,
        recordedAt: berlinInstant(s.date, s.endTime),
      });
    }
  }
  if (rows.length === 0) return;
  await tx.insert(attendance).values(rows);
  await tx.insert(attendanceChanges).values(
    rows.map((r) => ({
      sessionId: r.sessionId,
      userId: r.userId,
      actorId: r.recordedById,
      source: r.source,
      toStatus: r.status,
      toMinutes: r.minutes,
      toNote: r.note,
      at: r.recordedAt,
    })),
  );
}

/**
 * A live online session of the running cohort around the moment of seeding, with a self check-in window open for
 * 30 minutes: the demo trainer can show the code, the demo trainee can check in.
 */
async function seedDemoCheckin(tx: Db, cohortId: number, now: Date, onWeekends: boolean): Promise<void> {
  const [offering] = await tx
    .select({ id: offerings.id })
    .from(offerings)
    .innerJoin(modules, eq(modules.id, offerings.moduleId))
    .where(and(eq(offerings.cohortId, cohortId), eq(modules.kind, 'online')))
    .orderBy(asc(offerings.position))
    .offset(1)
    .limit(1);
  const trainer = (await tx.select().from(users).where(eq(users.email, 'trainerin@kokoma.example')))[0];
  // courses run on working days: seeded on a weekend, the demo has no live session (check in on a weekday)
  const weekday = new Date(`${berlinToday(now)}T12:00:00Z`).getUTCDay();
  if (!offering || !trainer || (!onWeekends && (weekday === 0 || weekday === 6))) return;
  const clock = formatClock(now).slice(0, 2);
  const startHour = Math.max(0, Number(clock) - 1);
  const endHour = Math.min(23, startHour + 3);
  const [session] = await tx
    .insert(scheduleSessions)
    .values({
      offeringId: offering.id,
      date: berlinToday(now),
      startTime: `${String(startHour).padStart(2, '0')}:00`,
      endTime: endHour === 23 ? '23:59' : `${String(endHour).padStart(2, '0')}:00`,
      kind: 'online',
      videoUrl: 'https://konferenz.kokoma.example/mitteldeutschland',
      ue: 4,
    })
    .returning();
  await tx.insert(checkinWindows).values({
    sessionId: session!.id,
    openedById: trainer.id,
    secret: crypto.randomBytes(20).toString('hex'),
    opensAt: now,
    closesAt: new Date(now.getTime() + 30 * 60_000),
  });
}
