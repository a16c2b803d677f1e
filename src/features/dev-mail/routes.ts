import { desc, eq } from 'drizzle-orm';
import { idParam } from '../../platform/http/params';
import type { Deps } from '../../deps';
import { requireRole, routes } from '../../platform/auth/guards';
import { NotFound } from '../../platform/errors';
import { t } from './texts';
import { mailOutbox } from '../../platform/mail/table';

/** Development only (app.ts never mounts it in production): the mail that would have been sent. */
export function devMailRoutes(deps: Deps) {
  const db = deps.database.db;
  return routes()
    .get('/dev/mail', requireRole('admin'), async (_req, res) => {
      const mails = await db.select().from(mailOutbox).orderBy(desc(mailOutbox.id)).limit(100);
      res.render('dev-mail/views/list', { title: t('devMail.title'), mails });
    })
    .get('/dev/mail/:id', requireRole('admin'), async (req, res) => {
      const id = idParam(req);
      const [mail] = Number.isInteger(id) ? await db.select().from(mailOutbox).where(eq(mailOutbox.id, id)) : [];
      if (!mail) throw new NotFound();
      // Links become clickable, so a developer can follow an invitation straight from here.
      const names = mail.attachments.map((a) => `[Anhang: ${a.filename}]`).join('\n');
      const parts = (names ? `${mail.body}\n\n${names}` : mail.body).split(/(https?:\/\/[^\s]+)/);
      res.render('dev-mail/views/show', { title: mail.subject, mail, parts });
    });
}
