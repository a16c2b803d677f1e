import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startS3 } from '../../../test/support/s3';
import { S3Store } from './s3-store';
import { LocalDiskStore, type FileStore } from './store';
import { sweepFiles } from './sweep';
import { MissingFile } from '../errors';

let s3: Awaited<ReturnType<typeof startS3>>;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kokoma-store-test-'));
beforeAll(async () => {
  s3 = await startS3();
});
afterAll(async () => {
  await s3.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const stores: Array<[string, () => FileStore]> = [
  ['local disk', () => new LocalDiskStore(fs.mkdtempSync(path.join(tmp, 'local-')))],
  ['S3 (s3rver)', () => new S3Store(s3.settings)],
];

describe.each(stores)('the %s store', (_name, make) => {
  it('streams a 20 MB file from disk in and out byte for byte, with its SHA-256', async () => {
    const store = make();
    const file = path.join(tmp, `big-${crypto.randomUUID()}.bin`);
    const bytes = crypto.randomBytes(20 * 1024 * 1024);
    fs.writeFileSync(file, bytes);
    const stored = await store.put({ path: file });
    const sha = crypto.createHash('sha256').update(bytes).digest('hex');
    expect([stored.size, stored.sha256]).toEqual([bytes.length, sha]);
    expect(
      crypto
        .createHash('sha256')
        .update(await store.read(stored.key))
        .digest('hex'),
    ).toBe(sha);
    const chunks: Buffer[] = [];
    for await (const c of await store.stream(stored.key)) chunks.push(c as Buffer);
    expect(crypto.createHash('sha256').update(Buffer.concat(chunks)).digest('hex')).toBe(sha);
    await store.remove(stored.key);
    await expect(store.read(stored.key)).rejects.toBeInstanceOf(MissingFile);
  }, 60_000);

  it('sweeps what no row refers to once it is old enough, and keeps what rows refer to', async () => {
    const store = make();
    const kept = await store.put(Buffer.from('referenziert'));
    const orphan = await store.put(Buffer.from('verwaist'));
    const young = await store.put(Buffer.from('gerade erst'));
    const listed = [];
    for await (const o of store.list()) listed.push(o.key);
    expect(listed).toEqual(expect.arrayContaining([kept.key, orphan.key, young.key]));
    // everything so far counts as old except `young`
    const cutoff = new Date(Date.now() + 60_000);
    const referenced = async (keys: string[]) => new Set(keys.filter((k) => k === kept.key || k === young.key));
    const result = await sweepFiles(store, referenced, cutoff);
    expect(result.removed).toBeGreaterThanOrEqual(1);
    await expect(store.read(orphan.key)).rejects.toBeInstanceOf(MissingFile);
    expect((await store.read(kept.key)).toString()).toBe('referenziert');
    expect((await store.read(young.key)).toString()).toBe('gerade erst');
  });
});

it('the local store sweeps leftovers of interrupted writes', async () => {
  const root = fs.mkdtempSync(path.join(tmp, 'partial-'));
  const store = new LocalDiskStore(root);
  fs.mkdirSync(path.join(root, 'ab'), { recursive: true });
  const partial = path.join(root, 'ab', `ab${crypto.randomUUID().slice(2)}.4242.tmp`);
  fs.writeFileSync(partial, 'halb geschrieben');
  const result = await sweepFiles(store, async () => new Set(), new Date(Date.now() + 60_000));
  expect(result.partial).toBe(1);
  expect(fs.existsSync(partial)).toBe(false);
});
