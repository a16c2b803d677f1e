import type { Request, Response } from 'express';
import type { Deps } from '../../deps';
import type { FieldErrors } from '../../platform/errors';
import { setFlash } from '../../platform/http/flash';
import type { RetentionSummary } from './service';
import { PREVIEW_DAYS } from './service';
import { t } from './texts';

type Values = Record<string, unknown>;

/** "eine Abgabe geleert, 3 Dateien entfernt": the non-zero parts of a run, each counted in German. */
export function runParts(s: Partial<RetentionSummary>): string {
  return (['handIns', 'files', 'invitations', 'warned', 'erased'] as const)
    .filter((k) => (s[k] ?? 0) > 0)
    .map((k) => t(`retention.count.${k}`, { count: s[k]! }))
    .join(', ');
}

function describeRun(s: RetentionSummary): string {
  const parts = runParts(s);
  return parts ? t('retention.applied', { parts }) : t('retention.appliedNothing');
}

export function retentionHandlers(deps: Deps) {
  const svc = deps.retention;

  async function render(_req: Request, res: Response, values: Values, errors: FieldErrors) {
    const [o, history] = await Promise.all([svc.overview(), svc.history()]);
    res.render('retention/views/overview', {
      title: t('retention.title'),
      o,
      history,
      previewDays: PREVIEW_DAYS,
      runParts,
      values,
      errors,
    });
  }

  return {
    render,
    show: (req: Request, res: Response) => render(req, res, {}, {}),

    async apply(req: Request, res: Response) {
      const summary = await svc.apply();
      setFlash(req, 'success', describeRun(summary));
      res.redirect('/admin/retention');
    },
  };
}
