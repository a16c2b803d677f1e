import type { Request, Response } from 'express';
import type { Deps } from '../../deps';
import { requireRole, routes } from '../../platform/auth/guards';
import { NotFound } from '../../platform/errors';
import { setFlash } from '../../platform/http/flash';
import { idParam } from '../../platform/http/params';
import { t } from './texts';

/**
 * "E-Mail-Ausgang" for the SPI-Team: what waits, what keeps failing, and a button to try a failed mail again. It
 * shows recipients and subjects, never bodies (they can hold single-use links); the dev outbox shows those locally.
 */
export function mailOutboxRoutes(deps: Deps) {
  const spiTeam = requireRole('admin');
  return routes()
    .get('/admin/mail', spiTeam, async (_req: Request, res: Response) => {
      res.render('mail-outbox/views/list', {
        title: t('mailOutbox.title'),
        rows: await deps.mailer.undelivered(),
        devMail: !deps.config.isProduction && deps.mailer.kind === 'dev-outbox',
      });
    })
    .post('/admin/mail/:id/retry', spiTeam, async (req: Request, res: Response) => {
      const to = await deps.mailer.retry(idParam(req));
      if (!to) throw new NotFound();
      setFlash(req, 'success', t('mailOutbox.retried', { to }));
      res.redirect('/admin/mail');
    });
}
