import { and, eq, getTableColumns, getTableName, inArray, is, or } from 'drizzle-orm';
import { auditLog } from '../../platform/audit-table';
import { getTableConfig, PgTable, type PgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../../platform/db/client';
import * as schema from '../../schema';
import { users } from '../accounts/table';
import { storedFiles, submissionVersions, submissions, feedback } from '../assignments/table';
import { certificates } from '../certificates/table';

/**
 * Columns that never leave the platform, not even to their owner: secrets that would sign in or decrypt (hashes of
 * passwords, links and recovery codes, the authenticator secret, the raw session), and bodies of mails that held links.
 */
const WITHHELD = new Set([
  'users.password_hash',
  'user_tokens.token_hash',
  'calendar_feeds.token_hash',
  'mfa_totp.secret',
  'mfa_recovery_codes.code_hash',
  // not secret, but of no use to the person and the handle a copy of the authenticator would need
  'mfa_passkeys.credential_id',
  'mfa_passkeys.public_key',
  'sessions.sess',
  'sessions.sid',
  'mail_outbox.body',
  'mail_outbox.attachments',
  'checkin_windows.secret',
]);

/** Every column of every table that refers to a person, found from the schema's foreign keys (and user_id columns). */
export function personColumns(): Array<{ table: PgTable; column: PgColumn; name: string }> {
  const found: Array<{ table: PgTable; column: PgColumn; name: string }> = [];
  for (const value of Object.values(schema)) {
    if (!is(value, PgTable) || value === users) continue;
    const config = getTableConfig(value);
    const byFk = new Set(
      config.foreignKeys
        .map((fk) => fk.reference())
        .filter((r) => r.foreignTable === users)
        .flatMap((r) => r.columns.map((c) => c.name)),
    );
    for (const column of config.columns)
      // sessions and audit entries refer to people without a foreign key (they outlive them, or are written early)
      if (byFk.has(column.name) || ['user_id', 'actor_id', 'recipient'].includes(column.name))
        found.push({ table: value, column, name: `${config.name}.${column.name}` });
  }
  return found;
}

export type PersonData = {
  person: Record<string, unknown>;
  /** "table.column" -> the rows in which that column is the person; withheld columns left out. */
  sections: Record<string, Array<Record<string, unknown>>>;
  files: Array<{ key: string; path: string }>;
};

function withoutWithheld(tableName: string, row: Record<string, unknown>, columns: Record<string, PgColumn>) {
  const out: Record<string, unknown> = {};
  for (const [prop, column] of Object.entries(columns))
    if (!WITHHELD.has(`${tableName}.${column.name}`)) out[column.name] = row[prop];
  return out;
}

/** Everything the database holds about one person, and the files that belong to them (hand-ins, certificates). */
export async function collectPersonData(db: Db, userId: number): Promise<PersonData> {
  const [person] = await db.select().from(users).where(eq(users.id, userId));
  if (!person) throw new Error(`no user ${userId}`);
  const sections: PersonData['sections'] = {};
  for (const { table, column, name } of personColumns()) {
    const tableName = getTableName(table);
    if (tableName === 'audit_log') continue; // below: as actor or as the subject of an entry
    const where = column.name === 'recipient' ? eq(column, person.email) : eq(column, userId);
    const rows = (await db.select().from(table).where(where)) as Array<Record<string, unknown>>;
    if (rows.length) sections[name] = rows.map((r) => withoutWithheld(tableName, r, getTableColumns(table)));
  }
  const audit = await db
    .select()
    .from(auditLog)
    .where(or(eq(auditLog.actorId, userId), and(eq(auditLog.subjectType, 'user'), eq(auditLog.subjectId, userId))));
  if (audit.length)
    sections['audit_log'] = audit.map((r) => withoutWithheld('audit_log', r, getTableColumns(auditLog)));

  const files: PersonData['files'] = [];
  const own = await db.select({ id: submissions.id }).from(submissions).where(eq(submissions.userId, userId));
  if (own.length) {
    const ids = own.map((s) => s.id);
    const versions = await db
      .select({
        id: submissionVersions.id,
        submissionId: submissionVersions.submissionId,
        number: submissionVersions.number,
      })
      .from(submissionVersions)
      .where(inArray(submissionVersions.submissionId, ids));
    const notes = await db
      .select({ id: feedback.id, submissionId: feedback.submissionId })
      .from(feedback)
      .where(inArray(feedback.submissionId, ids));
    const fileRows = await db
      .select()
      .from(storedFiles)
      .where(
        or(
          versions.length
            ? inArray(
                storedFiles.versionId,
                versions.map((v) => v.id),
              )
            : undefined,
          notes.length
            ? inArray(
                storedFiles.feedbackId,
                notes.map((f) => f.id),
              )
            : undefined,
        ),
      );
    for (const f of fileRows) {
      const version = versions.find((v) => v.id === f.versionId);
      const note = notes.find((n) => n.id === f.feedbackId);
      const folder = version
        ? `abgaben/abgabe-${version.submissionId}/version-${version.number}`
        : `abgaben/abgabe-${note!.submissionId}/rueckmeldung-${note!.id}`;
      files.push({ key: f.storageKey, path: `${folder}/${f.id}-${safeName(f.originalName)}` });
    }
  }
  for (const c of await db.select().from(certificates).where(eq(certificates.userId, userId)))
    if (c.storageKey) files.push({ key: c.storageKey, path: `bescheinigungen/${c.number}.pdf` });

  const { passwordHash, ...visible } = person;
  return { person: { ...visible, hasPassword: !!passwordHash }, sections, files };
}

/** A file name that is safe inside a ZIP on every system. */
function safeName(name: string): string {
  return name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').slice(0, 120) || 'datei';
}
