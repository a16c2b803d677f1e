import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const MODULE_KINDS = ['praesenz', 'online'] as const;
export type ModuleKind = (typeof MODULE_KINDS)[number];

/** The qualification's completion rule, as data (evaluated by the certificates feature). */
export type CompletionRule = {
  minPraesenzModules: number;
  minOnlineModules: number;
  requiredAssignmentsPassed: boolean;
  minUeShare: number;
  /** Whether a module counts as completed only with its online lessons marked done (KoKoMa: no, they are self-study). */
  lessonsRequired?: boolean;
};

/** The course itself: one row, from content/course.md. */
export const OPTIONAL_STATISTICS = ['altersgruppe'] as const;
export type OptionalStatistic = (typeof OPTIONAL_STATISTICS)[number];

export const course = pgTable('course', {
  id: integer('id').primaryKey().default(1),
  title: text('title').notNull(),
  summary: text('summary').notNull(),
  descriptionHtml: text('description_html').notNull(),
  totalHours: integer('total_hours').notNull(),
  completionRuleText: text('completion_rule_text').notNull(),
  completionRule: jsonb('completion_rule').$type<CompletionRule>().notNull(),
  /** Optional self-declared statistics the SPI-Team switched on in content/course.md (e.g. "altersgruppe"). */
  optionalStatistics: jsonb('optional_statistics').$type<OptionalStatistic[]>().notNull().default([]),
  contentHash: text('content_hash').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const modules = pgTable(
  'modules',
  {
    id: serial('id').primaryKey(),
    slug: text('slug').notNull(),
    number: integer('number').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    objectives: jsonb('objectives').$type<string[]>().notNull(),
    reflection: jsonb('reflection').$type<string[]>().notNull(),
    kind: text('kind', { enum: MODULE_KINDS }).notNull(),
    ue: integer('ue').notNull(),
    mandatory: boolean('mandatory').notNull(),
    position: integer('position').notNull(),
    introHtml: text('intro_html').notNull(),
    /** The module's folder below content/modules, where its materials live. */
    sourceDir: text('source_dir').notNull(),
    contentHash: text('content_hash').notNull(),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('modules_slug_key').on(t.slug),
    check('modules_kind_check', sql`${t.kind} in ('praesenz', 'online')`),
    check('modules_ue_check', sql`${t.ue} >= 0`),
  ],
);

export const lessons = pgTable(
  'lessons',
  {
    id: serial('id').primaryKey(),
    moduleId: integer('module_id')
      .notNull()
      .references(() => modules.id, { onDelete: 'restrict' }),
    slug: text('slug').notNull(),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    bodyHtml: text('body_html').notNull(),
    bodyText: text('body_text').notNull(),
    toc: jsonb('toc').$type<Array<{ level: number; id: string; text: string }>>().notNull(),
    minutes: integer('minutes'),
    contentHash: text('content_hash').notNull(),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    search: tsvector('search').generatedAlwaysAs(
      sql`setweight(to_tsvector('german', title), 'A') || setweight(to_tsvector('german', body_text), 'B')`,
    ),
  },
  (t) => [
    uniqueIndex('lessons_module_slug_key').on(t.moduleId, t.slug),
    index('lessons_search_idx').using('gin', t.search),
  ],
);

export const materials = pgTable(
  'materials',
  {
    id: serial('id').primaryKey(),
    moduleId: integer('module_id')
      .notNull()
      .references(() => modules.id, { onDelete: 'restrict' }),
    fileName: text('file_name').notNull(),
    title: text('title').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    contentHash: text('content_hash').notNull(),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('materials_module_file_key').on(t.moduleId, t.fileName)],
);

/** Each run of content:sync: when, with what outcome, and the problems found. */
export const contentSyncs = pgTable('content_syncs', {
  id: serial('id').primaryKey(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  status: text('status', { enum: ['ok', 'unchanged', 'failed'] }).notNull(),
  problems: jsonb('problems').$type<Array<{ file: string; line?: number; message: string }>>().notNull().default([]),
  changes: jsonb('changes').$type<Record<string, number>>().notNull().default({}),
});
