import { inArray, or } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { feedback, storedFiles, submissionVersions, submissions } from './table';

/**
 * The file rows of these hand-ins (their versions' and their feedback's), deleted; returns the storage keys, for the
 * caller to remove from the file store once its transaction has committed.
 */
async function deleteFileRows(tx: Db, submissionIds: number[]): Promise<string[]> {
  const versions = tx
    .select({ id: submissionVersions.id })
    .from(submissionVersions)
    .where(inArray(submissionVersions.submissionId, submissionIds));
  const notes = tx.select({ id: feedback.id }).from(feedback).where(inArray(feedback.submissionId, submissionIds));
  const files = await tx
    .delete(storedFiles)
    .where(or(inArray(storedFiles.versionId, versions), inArray(storedFiles.feedbackId, notes)))
    .returning({ key: storedFiles.storageKey });
  return files.map((f) => f.key);
}

/** Erasure: the hand-ins go entirely, with their versions, feedback and files. Returns the file keys. */
export async function deleteHandIns(tx: Db, submissionIds: number[]): Promise<string[]> {
  if (submissionIds.length === 0) return [];
  const keys = await deleteFileRows(tx, submissionIds);
  await tx.delete(feedback).where(inArray(feedback.submissionId, submissionIds));
  await tx.delete(submissionVersions).where(inArray(submissionVersions.submissionId, submissionIds));
  await tx.delete(submissions).where(inArray(submissions.id, submissionIds));
  return keys;
}

/**
 * Retention: the work goes (texts and files of every version and of the feedback), the outcome stays (state, points,
 * dates, the decision), because completion and certificates rest on it. Returns the file keys.
 */
export async function removeHandInContent(tx: Db, submissionIds: number[], at: Date): Promise<string[]> {
  if (submissionIds.length === 0) return [];
  const keys = await deleteFileRows(tx, submissionIds);
  await tx.update(submissionVersions).set({ text: '' }).where(inArray(submissionVersions.submissionId, submissionIds));
  await tx.update(feedback).set({ text: '' }).where(inArray(feedback.submissionId, submissionIds));
  await tx.update(submissions).set({ contentRemovedAt: at }).where(inArray(submissions.id, submissionIds));
  return keys;
}
