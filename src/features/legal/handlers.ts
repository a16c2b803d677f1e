import type { Request, Response } from 'express';
import type { Deps } from '../../deps';
import type { FieldErrors } from '../../platform/errors';
import { setFlash } from '../../platform/http/flash';
import { idParam } from '../../platform/http/params';
import { formOf } from '../../platform/validate';
import { readLegalPage, type LegalPage } from './pages';
import { FeedbackForm } from './schemas';
import { legalService } from './service';
import { t } from './texts';

type Values = Record<string, unknown>;
/** Anyone may write, signed in or not: a few messages per address and hour keep the SPI-Team's inbox usable. */
const FEEDBACK_PER_ADDRESS = { points: 5, windowMs: 60 * 60_000 };

export function legalHandlers(deps: Deps) {
  const svc = legalService({
    db: deps.database.db,
    clock: deps.clock,
    mailer: deps.mailer,
    baseUrl: deps.config.baseUrl,
  });

  function renderPage(slug: LegalPage, res: Response, extra: Values = {}) {
    const page = readLegalPage(deps.config.contentDir, slug);
    res.render('legal/views/page', {
      title: page.title,
      page,
      feedback: slug === 'barrierefreiheit',
      values: {},
      errors: {},
      sentTo: undefined,
      ...extra,
    });
  }

  return {
    show: (slug: LegalPage) => (_req: Request, res: Response) => renderPage(slug, res),

    renderFeedback: (_req: Request, res: Response, values: Values, errors: FieldErrors) =>
      renderPage('barrierefreiheit', res, { values, errors }),

    async sendFeedback(req: Request, res: Response) {
      const form = formOf(FeedbackForm, req);
      const allowed = await deps.limiter.consume(`feedback:ip:${req.ip ?? 'unknown'}`, FEEDBACK_PER_ADDRESS);
      if (!allowed.allowed) {
        res.status(429).set('Retry-After', String(allowed.retryAfterSeconds));
        return renderPage('barrierefreiheit', res, { values: form, errors: { message: t('legal.throttled') } });
      }
      await svc.submit(form);
      res.status(200);
      renderPage('barrierefreiheit', res, { sent: true, sentTo: form.email || undefined });
    },

    async list(_req: Request, res: Response) {
      res.render('legal/views/feedback-list', { title: t('legal.listTitle'), ...(await svc.list()) });
    },

    async markAnswered(req: Request, res: Response) {
      if (await svc.markAnswered(req.user!, idParam(req))) setFlash(req, 'success', t('legal.markedAnswered'));
      res.redirect('/admin/feedback');
    },
  };
}
