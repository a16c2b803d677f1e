import type { Request, Response } from 'express';
import type { Deps } from '../../deps';
import { recordAudit } from '../../platform/audit';
import { formatDateTime } from '../../platform/i18n';
import { toCsv } from '../../platform/spreadsheet';
import { exportAudit, listAudit, PAGE_SIZE } from './queries';
import { AuditFilter, auditActions, type AuditFilterInput } from './schemas';
import { t } from './texts';

type Row = Awaited<ReturnType<typeof exportAudit>>[number];

/** Details as "key: value" pairs, for the page and the CSV alike; nested values as JSON. */
function describeDetails(details: unknown): string {
  if (!details || typeof details !== 'object') return '';
  return Object.entries(details as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${typeof v === 'string' || typeof v === 'number' ? v : JSON.stringify(v)}`)
    .join('; ');
}

const actionName = (action: string) => t(`audit.${action}`);

function query(f: AuditFilterInput, page?: number): string {
  const p = new URLSearchParams();
  if (f.q) p.set('q', f.q);
  if (f.person) p.set('person', String(f.person));
  if (f.action) p.set('action', f.action);
  if (f.from) p.set('from', f.from);
  if (f.to) p.set('to', f.to);
  if (page && page > 1) p.set('page', String(page));
  return p.toString();
}

export function auditHandlers(deps: Deps) {
  const db = deps.database.db;

  /** The filter as typed; a wrong date answers 422 with the form as it was and no rows. */
  function parse(req: Request, res: Response): AuditFilterInput | undefined {
    const parsed = AuditFilter.safeParse(req.query);
    if (parsed.success) return parsed.data;
    const errors = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]));
    res.status(422).render('audit/views/index', {
      title: t('auditLog.title'),
      values: req.query,
      errors,
      actions: auditActions().map((a) => ({ value: a, label: actionName(a) })),
      rows: [],
      total: 0,
      paging: { page: 1, pages: 1, hrefFor: () => '' },
      csvHref: '',
    });
    return undefined;
  }

  return {
    async list(req: Request, res: Response) {
      const f = parse(req, res);
      if (!f) return;
      const { rows, total } = await listAudit(db, f);
      const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
      res.render('audit/views/index', {
        title: t('auditLog.title'),
        values: { ...f, person: f.person ?? '' },
        errors: {},
        actions: auditActions().map((a) => ({ value: a, label: actionName(a) })),
        rows: rows.map((r) => ({ ...r, actionName: actionName(r.action), detailsText: describeDetails(r.details) })),
        total,
        paging: { page: f.page, pages, hrefFor: (p: number) => `/admin/audit?${query(f, p)}` },
        csvHref: `/admin/audit.csv?${query(f)}`,
      });
    },

    async csv(req: Request, res: Response) {
      const f = parse(req, res);
      if (!f) return;
      const rows = await exportAudit(db, f);
      // an export of the log is itself in the log
      await recordAudit(db, {
        actorId: req.user!.id,
        action: 'audit.exported',
        subjectType: 'audit_log',
        details: { filter: query(f), rows: rows.length },
      });
      const header = [
        t('auditLog.at'),
        t('auditLog.action'),
        t('auditLog.actor'),
        t('auditLog.subject'),
        t('auditLog.details'),
      ];
      const subjectOf = (r: Row) =>
        r.subjectName
          ? `${r.subjectName} (${r.subjectType} ${r.subjectId})`
          : r.subjectId
            ? `${r.subjectType} ${r.subjectId}`
            : r.subjectType;
      const body = rows.map((r) => [
        formatDateTime(r.at),
        actionName(r.action),
        r.actorName ? `${r.actorName} <${r.actorEmail}>` : t('auditLog.system'),
        subjectOf(r),
        describeDetails(r.details),
      ]);
      res.set('Cache-Control', 'no-store');
      res.type('text/csv; charset=utf-8').attachment('protokoll.csv').send(toCsv(header, body));
    },
  };
}
