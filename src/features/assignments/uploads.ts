import type { FileStore } from '../../platform/files/store';
import { sniff, ZipBombError, type FileKind } from '../../platform/files/sniff';
import { FormError } from '../../platform/errors';
import { t } from './texts';

/** An uploaded file as the request left it: on disk in the incoming folder (removed after the request), never whole in memory. */
export type Upload = { originalname: string; path: string; size: number };

/** A name as people gave it, without any path and without control characters; kept only as data. */
export function cleanName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  return (
    base
      .replace(/[\u0000-\u001f\u007f]/g, '')
      .trim()
      .slice(0, 200) || 'datei'
  );
}

export type Checked = Upload & { kind: FileKind; name: string };

/** Checks every upload (count, size, kind by content) before a single byte is written. */
export async function checkUploads(
  uploads: Upload[],
  rules: { allowedKinds: FileKind[]; maxFileMb: number; maxFiles: number },
  existing: number,
) {
  if (existing + uploads.length > rules.maxFiles)
    throw FormError.field('files', t('upload.tooMany', { max: rules.maxFiles }));
  const checked: Checked[] = [];
  for (const u of uploads) {
    const name = cleanName(u.originalname);
    if (u.size === 0) throw FormError.field('files', t('assignments.msg.fileEmpty', { name }));
    if (u.size > rules.maxFileMb * 1024 * 1024)
      throw FormError.field('files', t('assignments.msg.fileTooLarge', { name, mb: rules.maxFileMb }));
    let kind: FileKind | undefined;
    try {
      kind = await sniff({ path: u.path });
    } catch (err) {
      if (err instanceof ZipBombError) throw FormError.field('files', t('assignments.msg.fileInflates', { name }));
      throw err;
    }
    if (!kind || !rules.allowedKinds.includes(kind)) {
      throw FormError.field(
        'files',
        t('assignments.msg.fileKind', { name, kinds: rules.allowedKinds.map((k) => k.toUpperCase()).join(', ') }),
      );
    }
    checked.push({ ...u, kind, name });
  }
  return checked;
}

/** Writes checked files, then runs `work`; if the database part fails, the written files are removed again. */
export async function withStoredFiles<T>(
  files: FileStore,
  checked: Checked[],
  work: (stored: Array<{ key: string; name: string; kind: FileKind; size: number; sha256: string }>) => Promise<T>,
): Promise<T> {
  const stored: Array<{ key: string; name: string; kind: FileKind; size: number; sha256: string }> = [];
  try {
    for (const c of checked) stored.push({ ...(await files.put({ path: c.path })), name: c.name, kind: c.kind });
    return await work(stored);
  } catch (err) {
    await Promise.all(stored.map((s) => files.remove(s.key).catch(() => undefined)));
    throw err;
  }
}
