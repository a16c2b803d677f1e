import { and, asc, eq, isNotNull, isNull } from 'drizzle-orm';
import { TZDate } from '@date-fns/tz';
import type { Db } from '../../platform/db/client';
import type { Clock } from '../../platform/clock';
import type { Mailer } from '../../platform/mail/mailer';
import type { SessionUser } from '../../platform/auth/session-user';
import { ZONE } from '../../platform/time';
import { recordAudit } from '../../platform/audit';
import { users } from '../accounts/table';
import { accessibilityFeedback } from './table';
import { formatDate, t } from './texts';

/** A month after receipt, on the same calendar day in Berlin (the last of the month where it has fewer days). */
export function answerDeadline(received: Date): Date {
  const d = new TZDate(received, ZONE);
  const day = d.getDate();
  const due = new TZDate(d.getFullYear(), d.getMonth() + 1, 1, d.getHours(), d.getMinutes(), ZONE);
  const last = new TZDate(due.getFullYear(), due.getMonth() + 1, 0, ZONE).getDate();
  due.setDate(Math.min(day, last));
  return new Date(due.getTime());
}

export function legalService(deps: { db: Db; clock: Clock; mailer: Mailer; baseUrl: string }) {
  const { db, clock } = deps;
  return {
    /** Stores the feedback and tells the SPI-Team (and the sender, if they gave an address) in one transaction. */
    async submit(form: { name: string; email: string; location: string; message: string }): Promise<void> {
      await db.transaction(async (tx) => {
        const [row] = await tx
          .insert(accessibilityFeedback)
          .values({ ...form, receivedAt: clock.now() })
          .returning();
        const deadline = formatDate(answerDeadline(row!.receivedAt));
        const team = await tx
          .select({ email: users.email })
          .from(users)
          .where(and(eq(users.role, 'admin'), eq(users.active, true), isNotNull(users.passwordHash)));
        const from = [form.name || t('legal.anonymous'), form.email || t('legal.noEmail')].join(', ');
        for (const member of team)
          await deps.mailer.send(
            {
              to: member.email,
              subject: t('legalMail.teamSubject'),
              text:
                t('legalMail.teamBody', {
                  from,
                  location: form.location || '–',
                  message: form.message,
                  deadline,
                  link: `${deps.baseUrl}/admin/feedback`,
                }) + t('common.mailSignature'),
            },
            tx,
          );
        if (form.email)
          await deps.mailer.send(
            {
              to: form.email,
              subject: t('legalMail.confirmSubject'),
              text: t('legalMail.confirmBody', { deadline, message: form.message }) + t('common.mailSignature'),
            },
            tx,
          );
      });
    },

    /** Open ones first, the oldest deadline on top; then the answered ones, newest first. */
    async list() {
      const rows = await db
        .select({
          feedback: accessibilityFeedback,
          answeredBy: { firstName: users.firstName, lastName: users.lastName },
        })
        .from(accessibilityFeedback)
        .leftJoin(users, eq(users.id, accessibilityFeedback.answeredBy))
        .orderBy(asc(accessibilityFeedback.receivedAt))
        .limit(500);
      const now = clock.now();
      const withDeadline = rows.map((r) => {
        const deadline = answerDeadline(r.feedback.receivedAt);
        return { ...r, deadline, overdue: !r.feedback.answeredAt && deadline < now };
      });
      return {
        open: withDeadline.filter((r) => !r.feedback.answeredAt),
        answered: withDeadline.filter((r) => r.feedback.answeredAt).reverse(),
      };
    },

    /** Marks one answered; false when there is no such open feedback. */
    async markAnswered(actor: SessionUser, id: number): Promise<boolean> {
      return db.transaction(async (tx) => {
        const done = await tx
          .update(accessibilityFeedback)
          .set({ answeredAt: clock.now(), answeredBy: actor.id })
          .where(and(eq(accessibilityFeedback.id, id), isNull(accessibilityFeedback.answeredAt)))
          .returning({ id: accessibilityFeedback.id });
        if (done.length === 0) return false;
        await recordAudit(tx, {
          actorId: actor.id,
          action: 'feedback.answered',
          subjectType: 'accessibility_feedback',
          subjectId: id,
        });
        return true;
      });
    },
  };
}
