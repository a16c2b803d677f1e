import type { Request, Response } from 'express';
import { idParam } from '../../platform/http/params';
import type { Deps } from '../../deps';
import { NotFound } from '../../platform/errors';
import { cohortPhrase, t } from './texts';
import { formatDay } from '../../platform/time';
import type { CohortAttendance } from './queries';
import { cohortCompletion } from '../completion/queries';
import { toCsv, toXlsx } from '../../platform/spreadsheet';
import { ledgerTable, matrixTable } from './exports';
import { signatureList } from './signature-list';
import { missingAttendance, rosterOf } from './roster';
import { trainersOf } from '../cohorts/queries';

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
  /** A coordinator always sees their municipality; the SPI-Team and trainers may filter by one (?municipality=). */
  async function cohortData(req: Request) {
    const access = await deps.cohorts.reach(req.user!, idParam(req));
    if (access.as === 'attend') throw new NotFound();
    const now = deps.clock.now();
    const asked = typeof req.query.municipality === 'string' && /^\d{1,9}$/.test(req.query.municipality) ? Number(req.query.municipality) : undefined;
    const municipalityId = access.as === 'coordinate' ? access.municipalityId : asked;
    return { access, now, municipalityId, data: await cohortCompletion(deps.database.db, access.cohort.id, now, municipalityId !== undefined ? { municipalityId } : {}) };
  }

  async function sendTable(res: Response, name: string, kind: string, table: { header: string[]; rows: string[][] }, sheet: string) {
    res.set('Cache-Control', 'no-store');
    if (kind === 'csv') return res.type('text/csv; charset=utf-8').attachment(`${name}.csv`).send(toCsv(table.header, table.rows));
    res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').attachment(`${name}.xlsx`).send(await toXlsx(sheet, table.header, table.rows));
  }

  const slug = (s: string) => s.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').toLowerCase();

  return {
    matrixFile: (kind: 'csv' | 'xlsx') => async (req: Request, res: Response) => {
      const { access, now, data } = await cohortData(req);
      await sendTable(res, `anwesenheit-${slug(access.cohort.name)}`, kind, matrixTable(data, now), 'Anwesenheit');
    },

    ledgerFile: (kind: 'csv' | 'xlsx') => async (req: Request, res: Response) => {
      const { access, data } = await cohortData(req);
      await sendTable(res, `stundenkonto-${slug(access.cohort.name)}`, kind, ledgerTable(data), 'Stundenkonto');
    },

    /** The printable signature list of one session, for its trainers and the SPI-Team. */
    async signatures(req: Request, res: Response) {
      const s = await deps.attendance.recordable(req.user!, idParam(req, 'sessionId'));
      const [roster, trainers] = await Promise.all([rosterOf(deps.database.db, s.session, s.cohort.id), trainersOf(deps.database.db, s.cohort.id)]);
      const pdf = await signatureList({
        cohortName: s.cohort.name,
        moduleTitle: s.moduleTitle,
        session: s.session,
        trainers: trainers.filter((tr) => tr.offeringId === s.offeringId).map((tr) => `${tr.firstName} ${tr.lastName}`).join(', '),
        roster,
      });
      res.set('Cache-Control', 'no-store');
      res.type('application/pdf').attachment(`unterschriftenliste-${s.session.date}-${slug(s.moduleTitle).slice(0, 40)}.pdf`).send(pdf);
    },

    /** People × sessions with totals and a chart: SPI-Team and trainers see everyone, a coordinator their people. */
    async matrix(req: Request, res: Response) {
      const { access, now, data, municipalityId } = await cohortData(req);
      const municipalityOptions = access.as === 'coordinate' ? [] : (await deps.cohorts.page(access)).municipalityRows.map((m) => ({ value: m.id, label: m.name }));
      const query = municipalityId !== undefined && access.as !== 'coordinate' ? `?municipality=${municipalityId}` : '';
      res.render('attendance/views/matrix', { title: t('attendance.matrixTitle', { durchgang: cohortPhrase(access.cohort.name) }), cohort: access.cohort, access, data, totals: sessionTotals(data, now), now, municipalityOptions, filter: { municipality: municipalityId ?? '' }, query });
    },

    /** Ended sessions with people not marked yet: a trainer's own, the SPI-Team's all. */
    async missing(req: Request, res: Response) {
      const rows = await missingAttendance(deps.database.db, req.user!.role === 'admin' ? {} : { trainerId: req.user!.id }, deps.clock.now());
      res.render('attendance/views/missing', { title: t('attendance.missingTitle'), rows });
    },

    /** "Meine Anwesenheit": the trainee's own marks and ledger, per cohort. */
    async mine(req: Request, res: Response) {
      const now = deps.clock.now();
      const cohorts = (await deps.cohorts.list(req.user!)).filter((c) => c.ownStatus);
      const perCohort = [];
      for (const c of cohorts) {
        const data = await cohortCompletion(deps.database.db, c.cohort.id, now, { userId: req.user!.id });
        if (data.rows[0]) perCohort.push({ cohort: c.cohort, data, row: data.rows[0] });
      }
      res.render('attendance/views/mine', { title: t('attendance.mineTitle'), perCohort, now });
    },
  };
}
