import { index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from '../accounts/table';
import { scheduleSessions } from '../cohorts/table';

/**
 * A self check-in window a trainer opened during a session. Codes are derived from the secret and the current
 * 30-second step (like TOTP), so the code on the projector changes constantly and a photo of it soon stops working.
 */
export const checkinWindows = pgTable(
  'checkin_windows',
  {
    id: serial('id').primaryKey(),
    sessionId: integer('session_id')
      .notNull()
      .references(() => scheduleSessions.id, { onDelete: 'cascade' }),
    openedById: integer('opened_by_id').references(() => users.id, { onDelete: 'set null' }),
    secret: text('secret').notNull(),
    opensAt: timestamp('opens_at', { withTimezone: true }).notNull(),
    closesAt: timestamp('closes_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('checkin_windows_session_idx').on(t.sessionId), index('checkin_windows_closes_idx').on(t.closesAt)],
);
export type CheckinWindow = typeof checkinWindows.$inferSelect;
