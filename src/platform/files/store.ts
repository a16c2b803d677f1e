import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { MissingFile } from '../errors';

/**
 * Where uploaded files live, behind one small interface: local disk under DATA_DIR by default. An S3-compatible store
 * for larger deployments implements the same four methods (see README); nothing else in the app touches paths.
 */
export interface FileStore {
  /** Stores the bytes under a new generated key and returns it. Nothing is left behind if writing fails. */
  put(bytes: Buffer): Promise<string>;
  read(key: string): Promise<Buffer>;
  stream(key: string): Readable;
  remove(key: string): Promise<void>;
}

const KEY = /^[0-9a-f]{2}\/[0-9a-f-]{36}$/;

/** Files outside the web root, under generated names in 256 sub-folders; written to a temporary name, then renamed. */
export class LocalDiskStore implements FileStore {
  constructor(private readonly root: string) {
    fs.mkdirSync(root, { recursive: true });
  }

  private pathOf(key: string): string {
    if (!KEY.test(key)) throw new Error(`invalid file key: ${key}`);
    return path.join(this.root, key);
  }

  async put(bytes: Buffer): Promise<string> {
    const id = crypto.randomUUID();
    const key = `${id.slice(0, 2)}/${id}`;
    const target = this.pathOf(key);
    const tmp = `${target}.${process.pid}.tmp`;
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    try {
      await fs.promises.writeFile(tmp, bytes, { flag: 'wx' });
      await fs.promises.rename(tmp, target);
    } catch (err) {
      await fs.promises.rm(tmp, { force: true });
      throw err;
    }
    return key;
  }

  async read(key: string): Promise<Buffer> {
    try {
      return await fs.promises.readFile(this.pathOf(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new MissingFile(key);
      throw err;
    }
  }

  stream(key: string): Readable {
    return fs.createReadStream(this.pathOf(key));
  }

  async remove(key: string): Promise<void> {
    await fs.promises.rm(this.pathOf(key), { force: true });
  }
}
