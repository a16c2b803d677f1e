import type { Request, Response } from 'express';
import { fileSlug } from '../../platform/names';
import type { Deps } from '../../deps';
import { NotFound } from '../../platform/errors';
import { recordAudit } from '../../platform/audit';
import { idParam } from '../../platform/http/params';
import { toCsv, toXlsx } from '../../platform/spreadsheet';
import { formatDay } from '../../platform/time';
import type { CohortAttendance } from '../attendance/queries';
import { canFilterByMunicipality, canSeeProgress } from '../cohorts/access';
import { ledgerTable, matrixTable } from './exports';
import { cohortPhrase, t } from './texts';

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

/** The progress pages: the cohort's matrix with its exports, and "Meine Anwesenheit". */
export function completionPages(deps: Deps) {
  /** A coordinator always sees their municipality; the SPI-Team and trainers may filter by one (?municipality=). */
  async function cohortData(req: Request) {
    const access = await deps.cohorts.reach(req.user!, idParam(req));
    if (!canSeeProgress(access)) throw new NotFound();
    const asked =
      typeof req.query.municipality === 'string' && /^\d{1,9}$/.test(req.query.municipality)
        ? Number(req.query.municipality)
        : undefined;
    const municipalityId = access.as === 'coordinate' ? access.municipalityId : asked;
    return {
      access,
      now: deps.clock.now(),
      municipalityId,
      data: await deps.completion.cohort(access.cohort.id, municipalityId !== undefined ? { municipalityId } : {}),
    };
  }

  /** A list of people leaves the platform: written to the audit log (who, which cohort, which list, how many rows). */
  async function sendTable(
    req: Request,
    res: Response,
    cohortId: number,
    name: string,
    kind: string,
    table: { header: string[]; rows: string[][] },
    sheet: string,
  ) {
    await recordAudit(deps.database.db, {
      actorId: req.user!.id,
      action: 'export.attendance',
      subjectType: 'cohort',
      subjectId: cohortId,
      details: { file: `${name}.${kind}`, rows: table.rows.length },
    });
    res.set('Cache-Control', 'no-store');
    if (kind === 'csv')
      return res.type('text/csv; charset=utf-8').attachment(`${name}.csv`).send(toCsv(table.header, table.rows));
    res
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .attachment(`${name}.xlsx`)
      .send(await toXlsx(sheet, table.header, table.rows));
  }

  return {
    matrixFile: (kind: 'csv' | 'xlsx') => async (req: Request, res: Response) => {
      const { access, now, data } = await cohortData(req);
      const file = `anwesenheit-${fileSlug(access.cohort.name)}`;
      await sendTable(req, res, access.cohort.id, file, kind, matrixTable(data, now), 'Anwesenheit');
    },

    ledgerFile: (kind: 'csv' | 'xlsx') => async (req: Request, res: Response) => {
      const { access, data } = await cohortData(req);
      const file = `stundenkonto-${fileSlug(access.cohort.name)}`;
      await sendTable(req, res, access.cohort.id, file, kind, ledgerTable(data), 'Stundenkonto');
    },

    /** People × sessions with totals and a chart: SPI-Team and trainers see everyone, a coordinator their people. */
    async matrix(req: Request, res: Response) {
      const { access, now, data, municipalityId } = await cohortData(req);
      const municipalityOptions = canFilterByMunicipality(access)
        ? (await deps.cohorts.municipalitiesOf(access.cohort.id)).map((m) => ({ value: m.id, label: m.name }))
        : [];
      const query =
        municipalityId !== undefined && canFilterByMunicipality(access) ? `?municipality=${municipalityId}` : '';
      res.render('completion/views/matrix', {
        title: t('attendance.matrixTitle', { durchgang: cohortPhrase(access.cohort.name) }),
        cohort: access.cohort,
        access,
        data,
        totals: sessionTotals(data, now),
        now,
        municipalityOptions,
        filter: { municipality: municipalityId ?? '' },
        query,
      });
    },

    /** "Meine Anwesenheit": the trainee's own marks and ledger, per cohort. */
    async mine(req: Request, res: Response) {
      const cohorts = (await deps.cohorts.list(req.user!)).filter((c) => c.ownStatus);
      const perCohort = [];
      for (const c of cohorts) {
        const data = await deps.completion.cohort(c.cohort.id, { userId: req.user!.id });
        if (data.rows[0]) perCohort.push({ cohort: c.cohort, data, row: data.rows[0] });
      }
      res.render('completion/views/mine', { title: t('attendance.mineTitle'), perCohort, now: deps.clock.now() });
    },
  };
}
