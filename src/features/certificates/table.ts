import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { users } from '../accounts/table';
import { cohorts } from '../cohorts/table';

export const CERTIFICATE_KINDS = ['teilnahme', 'zertifikat'] as const;
export type CertificateKind = (typeof CERTIFICATE_KINDS)[number];
export const CERTIFICATE_STATES = ['gueltig', 'ersetzt', 'widerrufen'] as const;
export type CertificateState = (typeof CERTIFICATE_STATES)[number];

/** Running numbers for KOKOMA-YYYY-NNNNNN: from a database sequence, never reused. */
export const certificateNumbers = pgSequence('certificate_numbers', { startWith: 1 });

/** What the certificate says, frozen at issue: a later change of name or schedule never alters an issued certificate. */
export type CertificateContent = {
  holderName: string;
  title: string;
  cohortName: string;
  /** topics: the module's learning objectives from content/, listed on a Teilnahmebescheinigung. */
  modules: Array<{ title: string; kind: 'praesenz' | 'online'; dates: string; ue: number; topics?: string[] }>;
  totalUe: number;
  place: string;
  issuedOn: string;
  signatories: Array<{ name: string; role: string }>;
  fundingLine?: string;
};

/**
 * The register. Each row is one issued PDF, stored once and never changed (its SHA-256 is kept). A correction is a new
 * row that replaces the old one; a revocation keeps the row with its reason.
 */
export const certificates = pgTable(
  'certificates',
  {
    id: serial('id').primaryKey(),
    number: text('number').notNull(),
    /** The random code of the verification URL: the number alone would let anyone enumerate the register. */
    code: text('code').notNull(),
    kind: text('kind', { enum: CERTIFICATE_KINDS }).notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    cohortId: integer('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'restrict' }),
    /** The module offering of a Teilnahmebescheinigung; 0 for the Zertifikat (so the uniqueness below needs no null logic). */
    offeringRef: integer('offering_ref').notNull(),
    content: jsonb('content').$type<CertificateContent>().notNull(),
    state: text('state', { enum: CERTIFICATE_STATES }).notNull().default('gueltig'),
    replacesId: integer('replaces_id'),
    replacedById: integer('replaced_by_id'),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokeReason: text('revoke_reason'),
    storageKey: text('storage_key').notNull(),
    sha256: text('sha256').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    issuedById: integer('issued_by_id').references(() => users.id, { onDelete: 'set null' }),
    mailedAt: timestamp('mailed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('certificates_number_key').on(t.number),
    uniqueIndex('certificates_code_key').on(t.code),
    // one valid certificate per person and thing certified: issuing twice never makes a duplicate
    uniqueIndex('certificates_one_valid_key')
      .on(t.userId, t.kind, t.cohortId, t.offeringRef)
      .where(sql`${t.state} = 'gueltig'`),
    index('certificates_cohort_idx').on(t.cohortId),
    index('certificates_user_idx').on(t.userId),
    check('certificates_kind_check', sql`${t.kind} in ('teilnahme', 'zertifikat')`),
    check('certificates_state_check', sql`${t.state} in ('gueltig', 'ersetzt', 'widerrufen')`),
  ],
);
export type Certificate = typeof certificates.$inferSelect;

/** The history of each certificate: issued, sent, corrected, revoked; who and when. */
export const certificateEvents = pgTable(
  'certificate_events',
  {
    id: serial('id').primaryKey(),
    certificateId: integer('certificate_id')
      .notNull()
      .references(() => certificates.id, { onDelete: 'restrict' }),
    action: text('action').notNull(),
    actorId: integer('actor_id').references(() => users.id, { onDelete: 'set null' }),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('certificate_events_certificate_idx').on(t.certificateId)],
);

export const RUN_STATES = ['laufend', 'fertig', 'fehlgeschlagen', 'abgebrochen'] as const;
export type RunState = (typeof RUN_STATES)[number];

/**
 * A bulk issue for a cohort, worked through in the background so the SPI-Team sees its progress. Each certificate is
 * registered in its own transaction: a run that stops half way leaves complete certificates, and a new run issues the rest.
 */
export const certificateRuns = pgTable(
  'certificate_runs',
  {
    id: serial('id').primaryKey(),
    cohortId: integer('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    startedById: integer('started_by_id').references(() => users.id, { onDelete: 'set null' }),
    /** Only this kind, or (null) everything open. */
    kind: text('kind', { enum: CERTIFICATE_KINDS }),
    state: text('state', { enum: RUN_STATES }).notNull().default('laufend'),
    total: integer('total').notNull(),
    done: integer('done').notNull().default(0),
    created: integer('created').notNull().default(0),
    existing: integer('existing').notNull().default(0),
    /** What the run issues, in order; `done` of them are worked through, so a run taken up after a crash goes on there. */
    targets: jsonb('targets')
      .$type<Array<{ userId: number; kind: CertificateKind; offeringId: number | null }>>()
      .notNull()
      .default([]),
    /** A German message for the SPI-Team when the run failed; the details are in the log. */
    error: text('error'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    /** Moves with every certificate: a run that stops moving while "laufend" was cut off (process ended). */
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    // one run at a time per cohort: a second click joins the running one
    uniqueIndex('certificate_runs_one_running_key')
      .on(t.cohortId)
      .where(sql`${t.state} = 'laufend'`),
    index('certificate_runs_cohort_idx').on(t.cohortId),
    check('certificate_runs_kind_check', sql`${t.kind} in ('teilnahme', 'zertifikat')`),
    check('certificate_runs_state_check', sql`${t.state} in ('laufend', 'fertig', 'fehlgeschlagen', 'abgebrochen')`),
  ],
);
export type CertificateRun = typeof certificateRuns.$inferSelect;
