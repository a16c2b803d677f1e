import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

export const MAIL_STATES = ['wartend', 'wird_gesendet', 'gesendet', 'fehlgeschlagen', 'entwicklung'] as const;
export type MailState = (typeof MAIL_STATES)[number];

export type StoredAttachment = { filename: string; contentType: string; base64: string };

/**
 * Every e-mail the app sends, written where the change that causes it is written (ideally in its transaction) and
 * delivered afterwards by the outbox worker, with retries: a mail server outage loses nothing and never fails the
 * request that caused the mail. Without SMTP (development) a mail stays here as "entwicklung": the dev outbox.
 */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: serial('id').primaryKey(),
    recipient: text('recipient').notNull(),
    subject: text('subject').notNull(),
    /** Emptied once sent over SMTP: bodies may hold single-use links. */
    body: text('body').notNull(),
    attachments: jsonb('attachments').$type<StoredAttachment[]>().notNull().default([]),
    state: text('state', { enum: MAIL_STATES }).notNull().default('wartend'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    /** When a worker took it for sending; a claim older than a few minutes belongs to a worker that died. */
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    index('mail_outbox_due_idx').on(t.state, t.nextAttemptAt),
    index('mail_outbox_created_idx').on(t.createdAt),
    check(
      'mail_outbox_state_check',
      sql`${t.state} in ('wartend', 'wird_gesendet', 'gesendet', 'fehlgeschlagen', 'entwicklung')`,
    ),
  ],
);
export type OutboxMail = typeof mailOutbox.$inferSelect;
