import { index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from '../accounts/table';

/**
 * Feedback on barriers (§ 12b BGG): anyone may send it, signed in or not; the SPI-Team answers within a month and
 * marks it answered. Name and address are optional: without an address there is nobody to answer.
 */
export const accessibilityFeedback = pgTable(
  'accessibility_feedback',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull().default(''),
    email: text('email').notNull().default(''),
    /** Where the barrier is (a page address or a description), as the person wrote it. */
    location: text('location').notNull().default(''),
    message: text('message').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    answeredBy: integer('answered_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [index('accessibility_feedback_open_idx').on(t.answeredAt, t.receivedAt)],
);
export type AccessibilityFeedback = typeof accessibilityFeedback.$inferSelect;
