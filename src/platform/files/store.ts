import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MissingFile } from '../errors';

/** What a stored file is: its generated key, its size and the SHA-256 of its bytes (computed while it is written). */
export type StoredObject = { key: string; size: number; sha256: string };

/** Bytes in memory (a certificate PDF), or a file on disk (an upload), which is streamed and never read whole. */
export type FileSource = Buffer | { path: string };

/** A stored object as the sweep and the backup see it; `partial` is what an interrupted write left behind. */
export type ListedObject = { key: string; modifiedAt: Date; partial: boolean };

/**
 * Where uploaded and generated files live, behind one small interface: local disk under DATA_DIR by default, an
 * S3-compatible object store (s3-store.ts) when S3_BUCKET is set. Nothing else in the app touches paths.
 *
 * A file is written before the database row that refers to it commits, so a crash in between leaves a file no row
 * knows: the `files-orphaned` job removes what no row refers to once it is older than a grace period.
 */
export interface FileStore {
  readonly kind: 'local' | 's3';
  /** Stores the bytes under a new generated key. Nothing is left behind if writing fails (a crash: see the sweep). */
  put(source: FileSource): Promise<StoredObject>;
  /** Writes a file under a given key: only for a restore from a backup, into an empty store. */
  restore(key: string, source: { path: string }): Promise<void>;
  read(key: string): Promise<Buffer>;
  stream(key: string): Promise<Readable>;
  remove(key: string): Promise<void>;
  list(): AsyncIterable<ListedObject>;
}

export const newKey = (): string => {
  const id = crypto.randomUUID();
  return `${id.slice(0, 2)}/${id}`;
};
export const KEY = /^[0-9a-f]{2}\/[0-9a-f-]{36}$/;
const PARTIAL = /^[0-9a-f]{2}\/[0-9a-f-]{36}\.\d+\.tmp$/;

/** A pass-through that hashes and counts what flows through it. */
export function digesting(): Transform & { result: () => { size: number; sha256: string } } {
  const hash = crypto.createHash('sha256');
  let size = 0;
  const t = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      size += chunk.length;
      cb(null, chunk);
    },
  });
  let digest: string | undefined;
  return Object.assign(t, { result: () => ({ size, sha256: (digest ??= hash.digest('hex')) }) });
}

export const digestOf = (bytes: Buffer) => ({
  size: bytes.length,
  sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
});

/** Files outside the web root, under generated names in 256 sub-folders; written to a temporary name, then renamed. */
export class LocalDiskStore implements FileStore {
  readonly kind = 'local' as const;
  constructor(private readonly root: string) {
    fs.mkdirSync(root, { recursive: true });
  }

  private pathOf(key: string): string {
    if (!KEY.test(key) && !PARTIAL.test(key)) throw new Error(`invalid file key: ${key}`);
    return path.join(this.root, key);
  }

  async put(source: FileSource): Promise<StoredObject> {
    return this.write(newKey(), source);
  }

  async restore(key: string, source: { path: string }): Promise<void> {
    if (!KEY.test(key)) throw new Error(`invalid file key: ${key}`);
    await this.write(key, source);
  }

  private async write(key: string, source: FileSource): Promise<StoredObject> {
    const target = this.pathOf(key);
    const tmp = `${target}.${process.pid}.tmp`;
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    try {
      let digest;
      if (Buffer.isBuffer(source)) {
        await fs.promises.writeFile(tmp, source, { flag: 'wx' });
        digest = digestOf(source);
      } else {
        const d = digesting();
        await pipeline(fs.createReadStream(source.path), d, fs.createWriteStream(tmp, { flags: 'wx' }));
        digest = d.result();
      }
      await fs.promises.rename(tmp, target);
      return { key, ...digest };
    } catch (err) {
      await fs.promises.rm(tmp, { force: true });
      throw err;
    }
  }

  async read(key: string): Promise<Buffer> {
    try {
      return await fs.promises.readFile(this.pathOf(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new MissingFile(key);
      throw err;
    }
  }

  async stream(key: string): Promise<Readable> {
    const file = this.pathOf(key);
    // opened before the response starts, so a missing file is a 404 and not a broken download
    await fs.promises.access(file).catch(() => {
      throw new MissingFile(key);
    });
    return fs.createReadStream(file);
  }

  async remove(key: string): Promise<void> {
    await fs.promises.rm(this.pathOf(key), { force: true });
  }

  async *list(): AsyncIterable<ListedObject> {
    for (const dir of await fs.promises.readdir(this.root).catch(() => [] as string[])) {
      if (!/^[0-9a-f]{2}$/.test(dir)) continue;
      for (const name of await fs.promises.readdir(path.join(this.root, dir)).catch(() => [] as string[])) {
        const key = `${dir}/${name}`;
        const partial = PARTIAL.test(key);
        if (!partial && !KEY.test(key)) continue;
        const stat = await fs.promises.stat(path.join(this.root, key)).catch(() => undefined);
        if (stat) yield { key, modifiedAt: stat.mtime, partial };
      }
    }
  }
}
