import { and, asc, eq, inArray, lt, ne, sql } from 'drizzle-orm';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../platform/db/client';
import { versionedCache } from '../../platform/db/data-version';
import { municipalities } from '../municipalities/table';
import { readProcessModel, type ProcessModel } from './model';
import {
  meetingSteps,
  municipalityMilestones,
  municipalityPhases,
  municipalityProcess,
  processMeetings,
  type ProcessHealth,
} from './table';

export type ProcessSummary = {
  municipality: { id: number; name: string };
  /** 1-based position of the current phase, 0 before the first began; finished: every phase has ended. */
  phase: { index: number; title: string; finished: boolean };
  reached: number;
  total: number;
  health: ProcessHealth;
  healthReason: string;
  /** The earliest planned milestone not reached (nor dropped), and whether it is overdue. */
  next?: { key: string; title: string; plannedOn: string; overdue: boolean };
  overdue: Array<{ key: string; title: string; plannedOn: string }>;
  /** The latest meeting's date (every kind: the overview is the SPI-Team's). */
  lastMeeting?: string;
  /** Open next steps whose date has passed, of meetings anyone following the process may see (not supervision). */
  overdueSteps: Array<{ meetingId: number; text: string; who: string; dueOn: string }>;
};

/** The current phase: the last that has begun by `today`; "finished" once the last phase has ended too. */
export function currentPhaseOf(
  model: ProcessModel,
  phases: Array<{ phaseKey: string; actualStart: string | null; actualEnd: string | null }>,
  today: string,
): ProcessSummary['phase'] {
  let index = 0;
  let finished = false;
  model.phases.forEach((p, i) => {
    const r = phases.find((x) => x.phaseKey === p.key);
    if (r?.actualStart && r.actualStart <= today) {
      index = i + 1;
      finished = i === model.phases.length - 1 && !!r.actualEnd && r.actualEnd <= today;
    }
  });
  return { index, title: index ? model.phases[index - 1]!.title : '', finished };
}

/**
 * One line per municipality (all, or the given ones): phase, milestones reached of the model's, health, the next due
 * and the overdue milestones. Three queries whatever the number of municipalities; the model from content/.
 */
export const processSummaries = versionedCache(
  'process',
  (contentDir: string, today: string, municipalityIds?: number[]) =>
    `process|${contentDir}|${modelStamp(contentDir)}|${today}|${municipalityIds?.join(',') ?? 'all'}`,
  async (db: Db, contentDir: string, today: string, municipalityIds?: number[]) => ({
    rows: await computeSummaries(db, contentDir, today, municipalityIds),
  }),
  100,
);

/** When content/prozess.md last changed: part of the cache key, so an edited model shows at once. */
function modelStamp(contentDir: string): number {
  try {
    return fs.statSync(path.join(contentDir, 'prozess.md')).mtimeMs;
  } catch {
    return 0;
  }
}

async function computeSummaries(
  db: Db,
  contentDir: string,
  today: string,
  municipalityIds?: number[],
): Promise<ProcessSummary[]> {
  let model: ProcessModel;
  try {
    model = readProcessModel(contentDir);
  } catch {
    // a content folder without (or with a broken) prozess.md: no process lines; content:check names the problem
    return [];
  }
  const only = <T extends { municipalityId: unknown }>(column: T['municipalityId']) =>
    municipalityIds ? inArray(column as never, municipalityIds.length ? municipalityIds : [-1]) : undefined;
  const [ms, processes, phases, milestones, meetings, steps] = await Promise.all([
    db
      .select({ id: municipalities.id, name: municipalities.name })
      .from(municipalities)
      .where(municipalityIds ? inArray(municipalities.id, municipalityIds.length ? municipalityIds : [-1]) : undefined)
      .orderBy(asc(municipalities.sortName)),
    db.select().from(municipalityProcess).where(only(municipalityProcess.municipalityId)),
    db.select().from(municipalityPhases).where(only(municipalityPhases.municipalityId)),
    db.select().from(municipalityMilestones).where(only(municipalityMilestones.municipalityId)),
    db
      .select({
        municipalityId: processMeetings.municipalityId,
        last: sql<string>`max(${processMeetings.heldOn})::text`,
      })
      .from(processMeetings)
      .where(only(processMeetings.municipalityId))
      .groupBy(processMeetings.municipalityId),
    db
      .select({
        municipalityId: processMeetings.municipalityId,
        meetingId: meetingSteps.meetingId,
        text: meetingSteps.text,
        who: meetingSteps.who,
        dueOn: meetingSteps.dueOn,
      })
      .from(meetingSteps)
      .innerJoin(processMeetings, eq(processMeetings.id, meetingSteps.meetingId))
      .where(
        and(
          only(processMeetings.municipalityId),
          eq(meetingSteps.done, false),
          ne(processMeetings.kind, 'supervision'),
          lt(meetingSteps.dueOn, today),
        ),
      )
      .orderBy(asc(meetingSteps.dueOn)),
  ]);
  return ms.map((m) => {
    const p = processes.find((x) => x.municipalityId === m.id);
    const own = milestones.filter((x) => x.municipalityId === m.id);
    const open = model.milestones
      .map((s) => ({ s, r: own.find((x) => x.milestoneKey === s.key) }))
      .filter(({ r }) => r?.plannedOn && (r.status === 'offen' || r.status === 'in_arbeit'))
      .map(({ s, r }) => ({ key: s.key, title: s.title, plannedOn: r!.plannedOn!, overdue: r!.plannedOn! < today }))
      .sort((a, b) => a.plannedOn.localeCompare(b.plannedOn));
    return {
      municipality: m,
      phase: currentPhaseOf(
        model,
        phases.filter((x) => x.municipalityId === m.id),
        today,
      ),
      reached: model.milestones.filter((s) => own.some((x) => x.milestoneKey === s.key && x.status === 'erreicht'))
        .length,
      total: model.milestones.length,
      health: p?.health ?? 'im_plan',
      healthReason: p?.healthReason ?? '',
      next: open[0],
      overdue: open.filter((x) => x.overdue).map(({ key, title, plannedOn }) => ({ key, title, plannedOn })),
      lastMeeting: meetings.find((x) => x.municipalityId === m.id)?.last,
      overdueSteps: steps
        .filter((x) => x.municipalityId === m.id)
        .map(({ meetingId, text, who, dueOn }) => ({ meetingId, text, who, dueOn: dueOn! })),
    };
  });
}
