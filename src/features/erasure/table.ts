import { check, index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { users } from '../accounts/table';

export const ERASURE_STATES = ['offen', 'geloescht', 'abgelehnt'] as const;
export type ErasureState = (typeof ERASURE_STATES)[number];

/** A person's request to be erased (Art. 17 DSGVO): the SPI-Team decides within a month (Art. 12 Abs. 3). */
export const erasureRequests = pgTable(
  'erasure_requests',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    reason: text('reason').notNull().default(''),
    state: text('state', { enum: ERASURE_STATES }).notNull().default('offen'),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedById: integer('decided_by_id').references(() => users.id, { onDelete: 'set null' }),
    /** Why a request was refused (told to the person), or what was kept. */
    decisionNote: text('decision_note').notNull().default(''),
  },
  (t) => [
    index('erasure_requests_state_idx').on(t.state, t.requestedAt),
    index('erasure_requests_user_idx').on(t.userId),
    check('erasure_requests_state_check', sql`${t.state} in ('offen', 'geloescht', 'abgelehnt')`),
  ],
);
