import { index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { check } from 'drizzle-orm/pg-core';
import { users } from '../accounts/table';

export const EXPORT_STATES = ['wird_erstellt', 'fertig', 'fehlgeschlagen'] as const;
export type ExportState = (typeof EXPORT_STATES)[number];

/** "Meine Daten" (Art. 15, 20 DSGVO): one ZIP per request, built by a job, downloadable for a week. */
export const dataExports = pgTable(
  'data_exports',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    state: text('state', { enum: EXPORT_STATES }).notNull().default('wird_erstellt'),
    storageKey: text('storage_key'),
    size: integer('size'),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    readyAt: timestamp('ready_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    downloadedAt: timestamp('downloaded_at', { withTimezone: true }),
  },
  (t) => [
    index('data_exports_user_idx').on(t.userId),
    index('data_exports_expires_idx').on(t.expiresAt),
    check('data_exports_state_check', sql`${t.state} in ('wird_erstellt', 'fertig', 'fehlgeschlagen')`),
  ],
);
export type DataExport = typeof dataExports.$inferSelect;
