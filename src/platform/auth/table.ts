import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** express-session rows. user_id is copied out of the session so all sessions of a person can be ended at once. */
export const sessions = pgTable(
  'sessions',
  {
    sid: text('sid').primaryKey(),
    sess: jsonb('sess').notNull(),
    userId: integer('user_id'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_expires_idx').on(t.expiresAt), index('sessions_user_idx').on(t.userId)],
);
