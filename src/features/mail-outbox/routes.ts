import type { Request, Response } from 'express';
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Deps } from '../../deps';
import { requireRole, routes } from '../../platform/auth/guards';
import { NotFound } from '../../platform/errors';
import { setFlash } from '../../platform/http/flash';
import { idParam } from '../../platform/http/params';
import { t } from './texts';
import { mailOutbox } from '../../platform/mail/table';

/**
 * "E-Mail-Ausgang" for the SPI-Team: what waits, what keeps failing, and a button to try a failed mail again. It
 * shows recipients and subjects, never bodies (they can hold single-use links); the dev outbox shows those locally.
 */
export function mailOutboxRoutes(deps: Deps) {
  const db = deps.database.db;
  const spiTeam = requireRole('admin');
  return routes()
    .get('/admin/mail', spiTeam, async (_req: Request, res: Response) => {
      const rows = await db
        .select({ id: mailOutbox.id, recipient: mailOutbox.recipient, subject: mailOutbox.subject, state: mailOutbox.state, attempts: mailOutbox.attempts, lastError: mailOutbox.lastError, createdAt: mailOutbox.createdAt, nextAttemptAt: mailOutbox.nextAttemptAt })
        .from(mailOutbox)
        .where(inArray(mailOutbox.state, ['wartend', 'wird_gesendet', 'fehlgeschlagen']))
        .orderBy(desc(mailOutbox.id))
        .limit(200);
      res.render('mail-outbox/views/list', { title: t('mailOutbox.title'), rows, devMail: !deps.config.isProduction && deps.mailer.kind === 'dev-outbox' });
    })
    .post('/admin/mail/:id/retry', spiTeam, async (req: Request, res: Response) => {
      const [row] = await db
        .update(mailOutbox)
        .set({ state: 'wartend', attempts: 0, nextAttemptAt: deps.clock.now(), lastError: null })
        .where(and(eq(mailOutbox.id, idParam(req)), eq(mailOutbox.state, 'fehlgeschlagen')))
        .returning({ recipient: mailOutbox.recipient });
      if (!row) throw new NotFound();
      void deps.mailer.deliverDue().catch(() => undefined);
      setFlash(req, 'success', t('mailOutbox.retried', { to: row.recipient }));
      res.redirect('/admin/mail');
    });
}
