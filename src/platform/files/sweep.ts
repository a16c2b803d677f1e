import type { Logger } from 'pino';
import type { FileStore } from './store';

/**
 * Removes the files a committed transaction let go of. One that cannot be removed now stays for `sweepFiles`, which
 * finds it unreferenced: a warning, never a failure of what was already committed.
 */
export async function removeLetGo(store: FileStore, keys: string[], logger: Logger): Promise<void> {
  for (const key of keys)
    await store.remove(key).catch((err: unknown) => logger.warn({ err, key }, 'file not removed; the sweep will'));
}

/**
 * Removes what no database row refers to, once it is older than `graceMs`: files whose transaction never committed
 * (a crash between writing the file and the commit), leftovers of interrupted writes, and files a change let go of.
 * The grace period covers uploads under way and backups being taken (a backup copies what its snapshot refers to).
 */
export async function sweepFiles(
  store: FileStore,
  referenced: (keys: string[]) => Promise<Set<string>>,
  olderThan: Date,
): Promise<{ removed: number; partial: number }> {
  let removed = 0;
  let partial = 0;
  let batch: string[] = [];
  const flush = async () => {
    const known = await referenced(batch);
    for (const key of batch)
      if (!known.has(key)) {
        await store.remove(key);
        removed++;
      }
    batch = [];
  };
  for await (const o of store.list()) {
    if (o.modifiedAt >= olderThan) continue;
    if (o.partial) {
      await store.remove(o.key);
      partial++;
      continue;
    }
    batch.push(o.key);
    if (batch.length >= 500) await flush();
  }
  if (batch.length) await flush();
  return { removed, partial };
}
