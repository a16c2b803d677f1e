import type { Request, Response } from 'express';
import type { Deps } from '../../deps';
import { NotFound } from '../../platform/errors';
import { t } from '../../platform/i18n';
import { formatDay } from '../../platform/time';
import { cohortAttendance, type CohortAttendance } from './queries';

/** Per session: how many it counts for, and how many were there, partly there, excused, unexcused, not recorded. */
export function sessionTotals(data: CohortAttendance, now: Date) {
  return data.sessions.map((s) => {
    const counted = data.rows.filter((r) => r.counts(s));
    const by = (status: string) => counted.filter((r) => r.marks.get(s.id)?.status === status).length;
    const started = s.start <= now;
    return {
      session: s,
      label: `${formatDay(s.date, false)} (M${s.offeringPosition})`,
      expected: counted.length,
      anwesend: by('anwesend'),
      teilweise: by('teilweise'),
      entschuldigt: by('entschuldigt'),
      unentschuldigt: by('unentschuldigt'),
      unmarked: started ? counted.filter((r) => !r.marks.get(s.id)).length : 0,
      started,
    };
  });
}

/** The attendance pages of cohorts and people; what each person sees follows from how they relate to the cohort. */
export function attendancePages(deps: Deps) {
  return {
    /** People × sessions with totals and a chart: SPI-Team and trainers see everyone, a coordinator their people. */
    async matrix(req: Request, res: Response) {
      const access = await deps.cohorts.reach(req.user!, Number(req.params.id));
      if (access.as === 'attend') throw new NotFound();
      const now = deps.clock.now();
      const data = await cohortAttendance(deps.database.db, access.cohort.id, now, access.as === 'coordinate' ? { municipalityId: access.municipalityId } : {});
      res.render('attendance/views/matrix', { title: t('attendance.matrixTitle', { cohort: access.cohort.name }), cohort: access.cohort, access, data, totals: sessionTotals(data, now), now });
    },

    /** "Meine Anwesenheit": the trainee's own marks and ledger, per cohort. */
    async mine(req: Request, res: Response) {
      const now = deps.clock.now();
      const cohorts = (await deps.cohorts.list(req.user!)).filter((c) => c.ownStatus);
      const perCohort = [];
      for (const c of cohorts) {
        const data = await cohortAttendance(deps.database.db, c.cohort.id, now, { userId: req.user!.id });
        if (data.rows[0]) perCohort.push({ cohort: c.cohort, data, row: data.rows[0] });
      }
      res.render('attendance/views/mine', { title: t('attendance.mineTitle'), perCohort, now });
    },
  };
}
