import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { users } from '../accounts/table';
import { feedback, storedFiles, submissionVersions } from './table';

/** A submission's versions, each with its files and the feedback given on it: the conversation both sides read. */
export async function versionsOf(db: Db, submissionId: number) {
  const versions = await db
    .select()
    .from(submissionVersions)
    .where(eq(submissionVersions.submissionId, submissionId))
    .orderBy(asc(submissionVersions.number));
  const ids = versions.map((v) => v.id);
  const fileRows = ids.length
    ? await db.select().from(storedFiles).where(inArray(storedFiles.versionId, ids)).orderBy(asc(storedFiles.id))
    : [];
  const fb = await db
    .select({ feedback, author: sql<string>`coalesce(${users.firstName} || ' ' || ${users.lastName}, '')` })
    .from(feedback)
    .leftJoin(users, eq(users.id, feedback.authorId))
    .where(eq(feedback.submissionId, submissionId))
    .orderBy(asc(feedback.id));
  const fbIds = fb.map((f) => f.feedback.id);
  const fbFiles = fbIds.length
    ? await db.select().from(storedFiles).where(inArray(storedFiles.feedbackId, fbIds)).orderBy(asc(storedFiles.id))
    : [];
  return versions.map((v) => ({
    ...v,
    files: fileRows.filter((f) => f.versionId === v.id),
    feedback: fb
      .filter((f) => f.feedback.versionNumber === v.number)
      .map((f) => ({
        ...f.feedback,
        author: f.author,
        files: fbFiles.filter((x) => x.feedbackId === f.feedback.id),
      })),
  }));
}
