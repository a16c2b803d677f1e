import { integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from '../accounts/table';

/**
 * Messages the SPI-Team wrote to someone whose certificate is out of reach ("Abschluss gefährdet"): one row per person
 * and cohort, the latest. Nothing is sent automatically; the table name stays from the time it recorded automatic mails.
 */
export const atRiskMessages = pgTable(
  'completion_warnings',
  {
    cohortId: integer('cohort_id').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
    sentById: integer('sent_by_id').references(() => users.id, { onDelete: 'set null' }),
    subject: text('subject').notNull().default(''),
  },
  (t) => [primaryKey({ columns: [t.cohortId, t.userId] })],
);
