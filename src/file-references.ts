import { inArray } from 'drizzle-orm';
import type { Db } from './platform/db/client';
import { storedFiles } from './features/assignments/table';
import { certificates } from './features/certificates/table';
import { dataExports } from './features/my-data/table';

/**
 * Every table whose rows refer to a file in the store: hand-in and feedback files, certificate PDFs. The file sweep
 * keeps what they refer to, and a backup copies exactly that. A feature that stores files adds its column here.
 */
const COLUMNS = [storedFiles.storageKey, certificates.storageKey, dataExports.storageKey] as const;

/** Which of these keys some row refers to. */
export async function referencedKeys(db: Db, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const found = new Set<string>();
  for (const column of COLUMNS)
    for (const r of await db.select({ key: column }).from(column.table).where(inArray(column, keys)))
      if (r.key) found.add(r.key);
  return found;
}

/** Every key some row refers to (for the backup, inside its snapshot). */
export async function allReferencedKeys(db: Db): Promise<string[]> {
  const found = new Set<string>();
  for (const column of COLUMNS)
    for (const r of await db.select({ key: column }).from(column.table)) if (r.key) found.add(r.key);
  return [...found].sort();
}
