import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import type { Clock } from '../../platform/clock';
import type { SessionUser } from '../../platform/auth/session-user';
import { recordAudit } from '../../platform/audit';
import { FormError, NotFound } from '../../platform/errors';
import { berlinToday } from '../../platform/time';
import { users } from '../accounts/table';
import { cohortMunicipalities } from '../cohorts/table';
import { enrolments, SEAT_HOLDING } from '../enrolment/table';
import { certificates } from '../certificates/table';
import { cohortCompletion } from '../completion/queries';
import { canAssignTandem, canEditProcess, loadReach, type ProcessReach } from './access';
import { readProcessModel, type Milestone, type Phase, type ProcessModel } from './model';
import type { MilestoneInput, PhaseInput } from './schemas';
import { municipalityMilestones, municipalityPhases, municipalityProcess, type ProcessHealth } from './table';
import { t } from './texts';
import { processSummaries } from './queries';

export type PhaseView = Phase & {
  index: number;
  plannedStart: string | null;
  plannedEnd: string | null;
  actualStart: string | null;
  actualEnd: string | null;
};
export type MilestoneView = Milestone & {
  plannedOn: string | null;
  status: 'offen' | 'in_arbeit' | 'erreicht' | 'entfaellt';
  reason: string;
  reachedOn: string | null;
  note: string;
  overdue: boolean;
  /** The platform's own figure, for milestones whose number comes from enrolment or completion. */
  liveText?: string;
};

/**
 * A municipality's way through KoKoMa: the process model from content/prozess.md with the municipality's own dates,
 * milestone states, health and tandem. The tandem (and the SPI-Team) keeps it; the coordinators follow it.
 */
export function processService(deps: { db: Db; clock: Clock; contentDir: string }) {
  const { db, clock } = deps;
  const model = (): ProcessModel => readProcessModel(deps.contentDir);

  const reach = (actor: SessionUser, municipalityId: number) => loadReach(db, actor, municipalityId);

  /** Nominations and completions of the municipality, from enrolment and completion: never typed in. */
  async function liveFigures(municipalityId: number) {
    const [nominated] = await db
      .select({
        count: sql<number>`count(*)::int`,
        confirmed: sql<number>`(count(*) filter (where ${enrolments.status} = 'bestaetigt'))::int`,
      })
      .from(enrolments)
      .where(and(eq(enrolments.municipalityId, municipalityId), ne(enrolments.status, 'abgelehnt')));
    const cohortIds = (
      await db
        .select({ id: cohortMunicipalities.cohortId })
        .from(cohortMunicipalities)
        .where(eq(cohortMunicipalities.municipalityId, municipalityId))
    ).map((c) => c.id);
    let completed = 0;
    for (const id of cohortIds) {
      const data = await cohortCompletion(db, id, clock.now(), { municipalityId });
      completed += data.rows.filter((r) => r.completion.eligible && SEAT_HOLDING.includes(r.enrolment.status)).length;
    }
    const [certified] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(certificates)
      .innerJoin(
        enrolments,
        and(eq(enrolments.cohortId, certificates.cohortId), eq(enrolments.userId, certificates.userId)),
      )
      .where(
        and(
          eq(enrolments.municipalityId, municipalityId),
          eq(certificates.kind, 'zertifikat'),
          eq(certificates.state, 'gueltig'),
        ),
      );
    return { nominated: nominated!, completed, certified: certified?.n ?? 0 };
  }

  function currentPhase(phases: PhaseView[], today: string): { phase?: PhaseView; finished: boolean } {
    const begun = phases.filter((p) => p.actualStart && p.actualStart <= today);
    const last = begun[begun.length - 1];
    const finished = !!last && last.index === phases.length - 1 && !!last.actualEnd && last.actualEnd <= today;
    return { phase: last, finished };
  }

  /** The one milestone and phase, for their forms: the model's entry with the municipality's record. */
  async function milestoneOf(actor: SessionUser, municipalityId: number, key: string) {
    const r = await reach(actor, municipalityId);
    if (!canEditProcess(r.access)) throw new NotFound();
    const s = model().milestones.find((x) => x.key === key);
    if (!s) throw new NotFound();
    const [row] = await db
      .select()
      .from(municipalityMilestones)
      .where(
        and(eq(municipalityMilestones.municipalityId, municipalityId), eq(municipalityMilestones.milestoneKey, key)),
      );
    return { municipality: r.municipality, milestone: s, row };
  }
  async function phaseOf(actor: SessionUser, municipalityId: number, key: string) {
    const r = await reach(actor, municipalityId);
    if (!canEditProcess(r.access)) throw new NotFound();
    const p = model().phases.find((x) => x.key === key);
    if (!p) throw new NotFound();
    const [row] = await db
      .select()
      .from(municipalityPhases)
      .where(and(eq(municipalityPhases.municipalityId, municipalityId), eq(municipalityPhases.phaseKey, key)));
    return { municipality: r.municipality, phase: p, row };
  }

  /** Who may form the tandem: SPI-Team members, and the municipality's coordinators (active accounts). */
  async function tandemOptions(municipalityId: number) {
    const people = await db
      .select({ id: users.id, firstName: users.firstName, lastName: users.lastName, role: users.role })
      .from(users)
      .where(
        and(
          eq(users.active, true),
          sql`(${users.role} = 'admin' or (${users.role} = 'coordinator' and ${users.municipalityId} = ${municipalityId}))`,
        ),
      )
      .orderBy(asc(users.sortName), asc(users.id));
    return {
      external: people.filter((p) => p.role === 'admin'),
      local: people.filter((p) => p.role === 'coordinator'),
    };
  }

  return {
    model,
    /** Every municipality's process in one line (the SPI-Team's overview), or one municipality's (its start page). */
    summaries: async (municipalityIds?: number[]) =>
      (await processSummaries(db, deps.contentDir, berlinToday(clock.now()), municipalityIds)).rows,
    milestone: milestoneOf,
    phase: phaseOf,
    tandemOptions,

    /** Everything the process page shows, in a handful of queries. */
    async page(actor: SessionUser, municipalityId: number) {
      const { municipality, process, access } = await reach(actor, municipalityId);
      const m = model();
      const today = berlinToday(clock.now());
      const [phaseRows, milestoneRows, tandemPeople, live] = await Promise.all([
        db.select().from(municipalityPhases).where(eq(municipalityPhases.municipalityId, municipalityId)),
        db.select().from(municipalityMilestones).where(eq(municipalityMilestones.municipalityId, municipalityId)),
        db
          .select({ id: users.id, firstName: users.firstName, lastName: users.lastName, email: users.email })
          .from(users)
          .where(
            inArray(
              users.id,
              [process?.externalFacilitatorId, process?.localFacilitatorId, process?.healthSetById]
                .filter((x): x is number => typeof x === 'number')
                .concat([-1]),
            ),
          ),
        liveFigures(municipalityId),
      ]);
      const person = (id: number | null | undefined) => tandemPeople.find((p) => p.id === id);
      const phases: PhaseView[] = m.phases.map((p, index) => {
        const r = phaseRows.find((x) => x.phaseKey === p.key);
        return {
          ...p,
          index,
          plannedStart: r?.plannedStart ?? null,
          plannedEnd: r?.plannedEnd ?? null,
          actualStart: r?.actualStart ?? null,
          actualEnd: r?.actualEnd ?? null,
        };
      });
      const milestones: MilestoneView[] = m.milestones.map((s) => {
        const r = milestoneRows.find((x) => x.milestoneKey === s.key);
        const status = r?.status ?? 'offen';
        const plannedOn = r?.plannedOn ?? null;
        const liveText =
          s.live === 'benannt'
            ? t('process.live.benannt', { count: live.nominated.count, confirmed: live.nominated.confirmed })
            : s.live === 'abgeschlossen'
              ? t('process.live.abgeschlossen', { count: live.completed, certified: live.certified })
              : undefined;
        return {
          ...s,
          plannedOn,
          status,
          reason: r?.reason ?? '',
          reachedOn: r?.reachedOn ?? null,
          note: r?.note ?? '',
          overdue: !!plannedOn && plannedOn < today && (status === 'offen' || status === 'in_arbeit'),
          liveText,
        };
      });
      return {
        municipality,
        access,
        canEdit: canEditProcess(access),
        canAssign: canAssignTandem(access),
        intro: m.html,
        phases,
        milestones,
        current: currentPhase(phases, today),
        reached: milestones.filter((x) => x.status === 'erreicht').length,
        health: {
          state: (process?.health ?? 'im_plan') as ProcessHealth,
          reason: process?.healthReason ?? '',
          setAt: process?.healthSetAt ?? null,
          setBy: person(process?.healthSetById),
        },
        tandem: { external: person(process?.externalFacilitatorId), local: person(process?.localFacilitatorId) },
        today,
      };
    },

    async saveMilestone(actor: SessionUser, municipalityId: number, key: string, form: MilestoneInput) {
      await milestoneOf(actor, municipalityId, key);
      const values = {
        plannedOn: form.plannedOn,
        status: form.status,
        reachedOn: form.status === 'erreicht' ? form.reachedOn : null,
        reason: form.status === 'entfaellt' ? form.reason : '',
        note: form.note,
        updatedAt: clock.now(),
        updatedById: actor.id,
      };
      await db.transaction(async (tx) => {
        await tx
          .insert(municipalityMilestones)
          .values({ municipalityId, milestoneKey: key, ...values })
          .onConflictDoUpdate({
            target: [municipalityMilestones.municipalityId, municipalityMilestones.milestoneKey],
            set: values,
          });
        await recordAudit(tx, {
          actorId: actor.id,
          action: 'process.milestone',
          subjectType: 'municipality',
          subjectId: municipalityId,
          details: { milestone: key, status: form.status, plannedOn: form.plannedOn, reachedOn: values.reachedOn },
        });
      });
    },

    async savePhase(actor: SessionUser, municipalityId: number, key: string, form: PhaseInput) {
      await phaseOf(actor, municipalityId, key);
      const values = { ...form, updatedAt: clock.now(), updatedById: actor.id };
      await db.transaction(async (tx) => {
        await tx
          .insert(municipalityPhases)
          .values({ municipalityId, phaseKey: key, ...values })
          .onConflictDoUpdate({
            target: [municipalityPhases.municipalityId, municipalityPhases.phaseKey],
            set: values,
          });
        await recordAudit(tx, {
          actorId: actor.id,
          action: 'process.phase',
          subjectType: 'municipality',
          subjectId: municipalityId,
          details: { phase: key, ...form },
        });
      });
    },

    async setHealth(actor: SessionUser, municipalityId: number, form: { health: ProcessHealth; healthReason: string }) {
      const r = await reach(actor, municipalityId);
      if (!canEditProcess(r.access)) throw new NotFound();
      const values = {
        health: form.health,
        healthReason: form.healthReason,
        healthSetAt: clock.now(),
        healthSetById: actor.id,
        updatedAt: clock.now(),
      };
      await db.transaction(async (tx) => {
        await tx
          .insert(municipalityProcess)
          .values({ municipalityId, ...values })
          .onConflictDoUpdate({ target: municipalityProcess.municipalityId, set: values });
        await recordAudit(tx, {
          actorId: actor.id,
          action: 'process.health',
          subjectType: 'municipality',
          subjectId: municipalityId,
          details: { health: form.health },
        });
      });
    },

    async setTandem(
      actor: SessionUser,
      municipalityId: number,
      form: { externalFacilitatorId: number | null; localFacilitatorId: number | null },
    ) {
      const r = await reach(actor, municipalityId);
      if (!canAssignTandem(r.access)) throw new NotFound();
      const options = await tandemOptions(municipalityId);
      const errors: Record<string, string> = {};
      if (form.externalFacilitatorId !== null && !options.external.some((p) => p.id === form.externalFacilitatorId))
        errors.externalFacilitatorId = t('process.msg.external');
      if (form.localFacilitatorId !== null && !options.local.some((p) => p.id === form.localFacilitatorId))
        errors.localFacilitatorId = t('process.msg.localFacilitator');
      if (Object.keys(errors).length) throw new FormError(errors);
      const values = { ...form, updatedAt: clock.now() };
      await db.transaction(async (tx) => {
        await tx
          .insert(municipalityProcess)
          .values({ municipalityId, ...values })
          .onConflictDoUpdate({ target: municipalityProcess.municipalityId, set: values });
        await recordAudit(tx, {
          actorId: actor.id,
          action: 'process.tandem',
          subjectType: 'municipality',
          subjectId: municipalityId,
          details: form,
        });
      });
    },
  };
}
export type ProcessService = ReturnType<typeof processService>;
export type { ProcessReach };
