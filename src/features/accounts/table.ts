import { sql, type SQL } from 'drizzle-orm';
import { nameSortKey } from '../../platform/db/sort-key';
import { boolean, check, index, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { municipalities } from '../municipalities/table';

import { ROLES, type Role } from '../../platform/auth/roles';
export { ROLES, type Role };

export const SECTORS = ['verwaltung', 'bildung', 'zivilgesellschaft', 'sonstiges'] as const;
export type Sector = (typeof SECTORS)[number];

/** The optional, self-declared age band (reports only, aggregated; only where content/ switches it on). */
export const AGE_BANDS = ['bis_29', '30_39', '40_49', '50_59', 'ab_60'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** How a certificate addresses the person: Konfliktmanagerin / Konfliktmanager / Konfliktmanager:in. */
export const CERTIFICATE_TITLES = ['konfliktmanagerin', 'konfliktmanager', 'konfliktmanager_in'] as const;
export type CertificateTitle = (typeof CERTIFICATE_TITLES)[number];

export const users = pgTable(
  'users',
  {
    id: serial('id').primaryKey(),
    email: text('email').notNull(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    municipalityId: integer('municipality_id').references(() => municipalities.id, { onDelete: 'restrict' }),
    sector: text('sector', { enum: SECTORS }),
    organisation: text('organisation').notNull().default(''),
    jobTitle: text('job_title').notNull().default(''),
    /** Voluntary; null is "keine Angabe". Never shown per person to anyone but the person. */
    ageBand: text('age_band', { enum: AGE_BANDS }),
    certificateTitle: text('certificate_title', { enum: CERTIFICATE_TITLES }).notNull().default('konfliktmanager_in'),
    passwordHash: text('password_hash'),
    active: boolean('active').notNull().default(true),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
    /** Set when the person was erased (Art. 17): the row stays, anonymised, so records that must be kept still point here. */
    erasedAt: timestamp('erased_at', { withTimezone: true }),
    /** When the person was told that their unused account will be erased (retention); a sign-in after it cancels that. */
    inactivityWarnedAt: timestamp('inactivity_warned_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** "nachname vorname" without diacritics, lower case: what lists of people are ordered by (see nameSortKey). */
    sortName: text('sort_name').generatedAlwaysAs((): SQL =>
      nameSortKey(sql`${users.lastName}`, sql`${users.firstName}`),
    ),
    /** Names, e-mail and organisation folded the same way: what the people search matches, with trigrams for typos. */
    searchKey: text('search_key').generatedAlwaysAs((): SQL =>
      nameSortKey(sql`${users.firstName}`, sql`${users.lastName}`, sql`${users.email}`, sql`${users.organisation}`),
    ),
  },
  (t) => [
    uniqueIndex('users_email_key').on(sql`lower(${t.email})`),
    index('users_municipality_idx').on(t.municipalityId),
    index('users_role_idx').on(t.role),
    index('users_sort_name_idx').on(t.sortName, t.id),
    index('users_search_key_idx').using('gin', t.searchKey.op('gin_trgm_ops')),
    check('users_role_check', sql`${t.role} in ('trainee', 'trainer', 'coordinator', 'admin')`),
    check(
      'users_sector_check',
      sql`${t.sector} is null or ${t.sector} in ('verwaltung', 'bildung', 'zivilgesellschaft', 'sonstiges')`,
    ),
    check(
      'users_age_band_check',
      sql`${t.ageBand} is null or ${t.ageBand} in ('bis_29', '30_39', '40_49', '50_59', 'ab_60')`,
    ),
    check(
      'users_certificate_title_check',
      sql`${t.certificateTitle} in ('konfliktmanagerin', 'konfliktmanager', 'konfliktmanager_in')`,
    ),
    // Trainees and coordinators always belong to one municipality.
    check(
      'users_municipality_check',
      sql`${t.role} not in ('trainee', 'coordinator') or ${t.municipalityId} is not null`,
    ),
    // ...and the SPI-Team and trainers never: a municipality must not widen a coordinator's reach over staff accounts.
    check('users_staff_municipality_check', sql`${t.role} not in ('admin', 'trainer') or ${t.municipalityId} is null`),
  ],
);

export type User = typeof users.$inferSelect;

export const TOKEN_PURPOSES = ['invite', 'reset'] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

/** Single-use links (invitation, password reset). Only a SHA-256 of the token is stored. */
export const userTokens = pgTable(
  'user_tokens',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: TOKEN_PURPOSES }).notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('user_tokens_hash_key').on(t.tokenHash),
    index('user_tokens_user_idx').on(t.userId),
    check('user_tokens_purpose_check', sql`${t.purpose} in ('invite', 'reset')`),
  ],
);
