import { idParam } from '../../platform/http/params';
import type { Deps } from '../../deps';
import { requireRole, routes } from '../../platform/auth/guards';
import { NotFound } from '../../platform/errors';
import { t } from './texts';

/** Development only (app.ts never mounts it in production): the mail that would have been sent. */
export function devMailRoutes(deps: Deps) {
  return routes()
    .get('/dev/mail', requireRole('admin'), async (_req, res) => {
      const mails = await deps.mailer.recent();
      res.render('dev-mail/views/list', { title: t('devMail.title'), mails });
    })
    .get('/dev/mail/:id', requireRole('admin'), async (req, res) => {
      const mail = await deps.mailer.get(idParam(req));
      if (!mail) throw new NotFound();
      // Links become clickable, so a developer can follow an invitation straight from here.
      const names = mail.attachments.map((a) => `[Anhang: ${a.filename}]`).join('\n');
      const parts = (names ? `${mail.body}\n\n${names}` : mail.body).split(/(https?:\/\/[^\s]+)/);
      res.render('dev-mail/views/show', { title: mail.subject, mail, parts });
    });
}
