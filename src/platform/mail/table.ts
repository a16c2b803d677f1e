import { pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

/** Development outbox: without SMTP_URL outside production, mail lands here and the SPI-Team reads it at /dev/mail. */
export const devOutbox = pgTable('dev_outbox', {
  id: serial('id').primaryKey(),
  recipient: text('recipient').notNull(),
  subject: text('subject').notNull(),
  body: text('body').notNull(),
  sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
});
