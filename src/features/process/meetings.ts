import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import type { Clock } from '../../platform/clock';
import type { SessionUser } from '../../platform/auth/session-user';
import { recordAudit } from '../../platform/audit';
import { NotFound } from '../../platform/errors';
import { canEditProcess, canSeeMeeting, loadReach, type ProcessReach } from './access';
import { stepsOf, type MeetingInput, type MemberInput } from './schemas';
import { meetingSteps, processMeetings, steeringMembers } from './table';

/**
 * The Steuerungsgruppe's members and the meetings log of a municipality's process, with their next steps. The tandem
 * and the SPI-Team keep them; coordinators who follow the process read them, except the confidential supervision.
 */
export function processMeetingsService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function editable(actor: SessionUser, municipalityId: number) {
    const r = await loadReach(db, actor, municipalityId);
    if (!canEditProcess(r.access)) throw new NotFound();
    return r;
  }

  /** The meetings the reach may see, newest first, each with its next steps (two queries). */
  async function meetingsOf(access: ProcessReach) {
    const rows = (
      await db
        .select()
        .from(processMeetings)
        .where(eq(processMeetings.municipalityId, access.municipalityId))
        .orderBy(desc(processMeetings.heldOn), desc(processMeetings.id))
    ).filter((m) => canSeeMeeting(access, m.kind));
    const steps = rows.length
      ? await db
          .select()
          .from(meetingSteps)
          .where(
            inArray(
              meetingSteps.meetingId,
              rows.map((m) => m.id),
            ),
          )
          .orderBy(asc(meetingSteps.id))
      : [];
    return rows.map((m) => ({ ...m, steps: steps.filter((s) => s.meetingId === m.id) }));
  }

  async function meetingOf(actor: SessionUser, municipalityId: number, meetingId: number) {
    const r = await editable(actor, municipalityId);
    const [m] = await db
      .select()
      .from(processMeetings)
      .where(and(eq(processMeetings.id, meetingId), eq(processMeetings.municipalityId, municipalityId)));
    if (!m || !canSeeMeeting(r.access, m.kind)) throw new NotFound();
    const steps = await db
      .select()
      .from(meetingSteps)
      .where(eq(meetingSteps.meetingId, m.id))
      .orderBy(asc(meetingSteps.id));
    return { municipality: r.municipality, meeting: m, steps };
  }

  async function memberOf(actor: SessionUser, municipalityId: number, memberId: number) {
    const r = await editable(actor, municipalityId);
    const [m] = await db
      .select()
      .from(steeringMembers)
      .where(and(eq(steeringMembers.id, memberId), eq(steeringMembers.municipalityId, municipalityId)));
    if (!m) throw new NotFound();
    return { municipality: r.municipality, member: m };
  }

  return {
    editable,
    meetingOf,
    memberOf,

    /** Members (current first, then those who left) and the visible meetings, for the process page. */
    async forPage(access: ProcessReach) {
      const members = await db
        .select()
        .from(steeringMembers)
        .where(eq(steeringMembers.municipalityId, access.municipalityId))
        .orderBy(asc(steeringMembers.name), asc(steeringMembers.id));
      return {
        members: members.filter((m) => !m.leftOn),
        former: members.filter((m) => m.leftOn),
        meetings: await meetingsOf(access),
      };
    },

    async saveMember(actor: SessionUser, municipalityId: number, memberId: number | null, form: MemberInput) {
      if (memberId !== null) await memberOf(actor, municipalityId, memberId);
      else await editable(actor, municipalityId);
      const values = { ...form, updatedAt: clock.now(), updatedById: actor.id };
      await db.transaction(async (tx) => {
        const [row] =
          memberId === null
            ? await tx
                .insert(steeringMembers)
                .values({ municipalityId, ...values })
                .returning({ id: steeringMembers.id })
            : await tx
                .update(steeringMembers)
                .set(values)
                .where(eq(steeringMembers.id, memberId))
                .returning({ id: steeringMembers.id });
        await recordAudit(tx, {
          actorId: actor.id,
          action: memberId === null ? 'process.member_added' : 'process.member_changed',
          subjectType: 'municipality',
          subjectId: municipalityId,
          details: { member: row!.id, left: form.leftOn },
        });
      });
    },

    /** A new meeting with its next steps, or changes to one (with further next steps added). */
    async saveMeeting(actor: SessionUser, municipalityId: number, meetingId: number | null, form: MeetingInput) {
      if (meetingId !== null) await meetingOf(actor, municipalityId, meetingId);
      else await editable(actor, municipalityId);
      const values = {
        heldOn: form.heldOn,
        kind: form.kind,
        participants: form.participants,
        organisations: form.organisations,
        sectors: form.sectors,
        decisions: form.decisions,
        updatedAt: clock.now(),
      };
      const steps = stepsOf(form);
      return db.transaction(async (tx) => {
        const [row] =
          meetingId === null
            ? await tx
                .insert(processMeetings)
                .values({ municipalityId, createdById: actor.id, ...values })
                .returning({ id: processMeetings.id })
            : await tx
                .update(processMeetings)
                .set(values)
                .where(eq(processMeetings.id, meetingId))
                .returning({ id: processMeetings.id });
        if (steps.length) await tx.insert(meetingSteps).values(steps.map((s) => ({ meetingId: row!.id, ...s })));
        await recordAudit(tx, {
          actorId: actor.id,
          action: meetingId === null ? 'process.meeting_added' : 'process.meeting_changed',
          subjectType: 'municipality',
          subjectId: municipalityId,
          // the kind and date only: what was said stays in the log, not in the audit trail
          details: { meeting: row!.id, kind: form.kind, heldOn: form.heldOn, steps: steps.length },
        });
        return row!.id;
      });
    },

    /** A next step done (or open again). */
    async setStepDone(actor: SessionUser, municipalityId: number, stepId: number, done: boolean) {
      const r = await editable(actor, municipalityId);
      const [step] = await db
        .select({ id: meetingSteps.id, kind: processMeetings.kind })
        .from(meetingSteps)
        .innerJoin(processMeetings, eq(processMeetings.id, meetingSteps.meetingId))
        .where(and(eq(meetingSteps.id, stepId), eq(processMeetings.municipalityId, municipalityId)));
      if (!step || !canSeeMeeting(r.access, step.kind)) throw new NotFound();
      await db.transaction(async (tx) => {
        await tx
          .update(meetingSteps)
          .set({ done, doneAt: done ? clock.now() : null, doneById: done ? actor.id : null })
          .where(eq(meetingSteps.id, stepId));
        await recordAudit(tx, {
          actorId: actor.id,
          action: done ? 'process.step_done' : 'process.step_reopened',
          subjectType: 'municipality',
          subjectId: municipalityId,
          details: { step: stepId },
        });
      });
    },
  };
}
export type ProcessMeetingsService = ReturnType<typeof processMeetingsService>;
