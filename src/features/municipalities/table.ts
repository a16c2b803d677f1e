import { index, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql, type SQL } from 'drizzle-orm';
import { nameSortKey } from '../../platform/db/sort-key';

export const GERMAN_STATES = [
  'Baden-Württemberg',
  'Bayern',
  'Berlin',
  'Brandenburg',
  'Bremen',
  'Hamburg',
  'Hessen',
  'Mecklenburg-Vorpommern',
  'Niedersachsen',
  'Nordrhein-Westfalen',
  'Rheinland-Pfalz',
  'Saarland',
  'Sachsen',
  'Sachsen-Anhalt',
  'Schleswig-Holstein',
  'Thüringen',
] as const;

export const municipalities = pgTable(
  'municipalities',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    state: text('state').notNull(),
    partnership: text('partnership').notNull().default(''),
    localFacilitatorName: text('local_facilitator_name').notNull().default(''),
    localFacilitatorOrganisation: text('local_facilitator_organisation').notNull().default(''),
    localFacilitatorEmail: text('local_facilitator_email').notNull().default(''),
    externalFacilitatorName: text('external_facilitator_name').notNull().default(''),
    externalFacilitatorEmail: text('external_facilitator_email').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** The name in German dictionary order (Öhringen with the O), see nameSortKey. */
    sortName: text('sort_name').generatedAlwaysAs((): SQL => nameSortKey(sql`${municipalities.name}`)),
  },
  (t) => [
    uniqueIndex('municipalities_name_key').on(sql`lower(${t.name})`),
    index('municipalities_sort_name_idx').on(t.sortName),
  ],
);

export type Municipality = typeof municipalities.$inferSelect;
