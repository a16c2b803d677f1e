import type { Request, Response } from 'express';
import { fileSlug } from '../../platform/names';
import type { Deps } from '../../deps';
import { requireRole, routes } from '../../platform/auth/guards';
import { recordAudit } from '../../platform/audit';
import { NotFound } from '../../platform/errors';
import { canCompareMunicipalities, canExportEvidence, reportScopeOf, type ReportScope } from './access';
import { definitionsOf, filterLines, tableCsv, writePdf, writeXlsx } from './exports';
import { filterQuery, parseFilter, type ReportFilter } from './filters';
import { chartRows, formatValue } from './model';
import type { Report } from './service';
import { t } from './texts';
import { writeEvidence } from './evidence';
import { parseId } from '../../platform/http/params';

/** "Berichte": the SPI-Team's programme report, a coordinator's municipality, a trainer's offerings; with exports. */
export function reportsRoutes(deps: Deps) {
  const svc = deps.reports;
  const readers = requireRole('admin', 'coordinator', 'trainer');

  /** The report for the request's filter, or the page again with the errors (422) and what was typed. */
  async function reportOf(req: Request, res: Response): Promise<Report | undefined> {
    const scope = reportScopeOf(req.user!);
    const { input, filter, errors } = parseFilter(req, deps.clock.now(), svc.fundingYearStart);
    if (!filter) {
      res.status(422);
      await renderPage(req, res, scope, input, errors, undefined);
      return undefined;
    }
    return svc.build(scope, filter);
  }

  async function titleOf(scope: ReportScope, report: Report) {
    if (scope.kind === 'municipality')
      return t('reports.titleMunicipality', { name: (await svc.municipalityName(scope.municipalityId)) ?? '' });
    if (report.municipalities?.length === 1)
      return t('reports.titleMunicipality', { name: report.municipalities[0]!.name });
    return t('reports.title');
  }

  async function renderPage(
    req: Request,
    res: Response,
    scope: ReportScope,
    input: ReturnType<typeof parseFilter>['input'],
    errors: Record<string, string>,
    report: Report | undefined,
  ) {
    const options = await svc.options(scope);
    const query = report ? filterQuery(report.filter) : '';
    res.render('reports/views/report', {
      title: report ? await titleOf(scope, report) : t('reports.title'),
      reportScope: scope,
      input,
      errors,
      report,
      options,
      fundingDiffers: svc.fundingYearStart !== '01-01',
      canFilterMunicipalities: canCompareMunicipalities(scope),
      canEvidence: canExportEvidence(scope),
      filterLines: report ? filterLines(report) : [],
      definitions: report ? definitionsOf(report) : [],
      chartRows: (table: Report['tables'][number]) => chartRows(table, report!.minCell),
      show: (v: Parameters<typeof formatValue>[0], format: Parameters<typeof formatValue>[1]) =>
        formatValue(v, format, report!.minCell),
      hrefOf: (href: string) =>
        href.startsWith('municipality:') && report
          ? `/reports?${filterQuery(report.filter, { municipalityIds: [Number(href.slice(13))] })}`
          : href,
      query,
    });
  }

  async function audit(req: Request, file: string, filter: ReportFilter) {
    await recordAudit(deps.database.db, {
      actorId: req.user!.id,
      action: 'export.report',
      subjectType: 'report',
      subjectId: null,
      details: {
        file,
        from: filter.from,
        to: filter.to,
        cohorts: filter.cohortIds,
        municipalities: filter.municipalityIds,
      },
    });
  }

  const fileName = (report: Report, ext: string) =>
    `${t('reports.file.report')}-${report.filter.from}-${report.filter.to}.${ext}`;

  return routes()
    .get('/reports', readers, async (req: Request, res: Response) => {
      const scope = reportScopeOf(req.user!);
      const parsed = parseFilter(req, deps.clock.now(), svc.fundingYearStart);
      if (!parsed.filter) {
        res.status(422);
        return renderPage(req, res, scope, parsed.input, parsed.errors, undefined);
      }
      await renderPage(req, res, scope, parsed.input, {}, await svc.build(scope, parsed.filter));
    })
    .get('/reports/bericht.xlsx', readers, async (req: Request, res: Response) => {
      const report = await reportOf(req, res);
      if (!report) return;
      const name = fileName(report, 'xlsx');
      await audit(req, name, report.filter);
      res.set('Cache-Control', 'no-store');
      res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').attachment(name);
      await writeXlsx(report, res);
    })
    .get('/reports/bericht.pdf', readers, async (req: Request, res: Response) => {
      const report = await reportOf(req, res);
      if (!report) return;
      const name = fileName(report, 'pdf');
      await audit(req, name, report.filter);
      res.set('Cache-Control', 'no-store');
      res.type('application/pdf').attachment(name);
      const scope = reportScopeOf(req.user!);
      writePdf(report, res, await titleOf(scope, report));
    })
    .get('/reports/nachweise/:file', requireRole('admin'), async (req: Request, res: Response) => {
      const cohortId = parseId(/^(\d{1,10})\.zip$/.exec(String(req.params.file))?.[1]);
      if (cohortId === undefined || !canExportEvidence(reportScopeOf(req.user!))) throw new NotFound();
      const [cohort] = (await svc.options(reportScopeOf(req.user!))).cohorts.filter((c) => c.id === cohortId);
      if (!cohort) throw new NotFound();
      await recordAudit(deps.database.db, {
        actorId: req.user!.id,
        action: 'export.evidence',
        subjectType: 'cohort',
        subjectId: cohortId,
        details: { file: `${t('reports.file.evidence')}-${cohortId}.zip` },
      });
      res.set('Cache-Control', 'no-store');
      res.type('application/zip').attachment(`${t('reports.file.evidence')}-${fileSlug(cohort.name)}.zip`);
      await writeEvidence(
        {
          db: deps.database.db,
          now: deps.clock.now(),
          signatureListPdf: deps.attendance.signatureListPdf,
          matrixTable: deps.completion.matrixTable,
        },
        req.user!,
        cohortId,
        res,
      );
    })
    .get('/reports/tabelle/:table', readers, async (req: Request, res: Response) => {
      const key = /^([a-z-]{1,40})\.csv$/.exec(String(req.params.table))?.[1];
      if (!key) throw new NotFound();
      const report = await reportOf(req, res);
      if (!report) return;
      const table = report.tables.find((x) => x.key === key);
      if (!table) throw new NotFound();
      const name = `${key}-${report.filter.from}-${report.filter.to}.csv`;
      await audit(req, name, report.filter);
      res.set('Cache-Control', 'no-store');
      res.type('text/csv; charset=utf-8').attachment(name).send(tableCsv(report, table));
    });
}
