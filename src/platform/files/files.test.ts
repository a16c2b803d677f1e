import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sniff } from './sniff';
import { LocalDiskStore } from './store';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '../../../test/fixtures/files', name));

describe('recognising a file by its content', () => {
  it.each([
    ['analyse.pdf', 'pdf'],
    ['plan.docx', 'docx'],
    ['plan.odt', 'odt'],
    ['pixel.png', 'png'],
    ['pixel.jpg', 'jpg'],
    ['notizen.txt', 'txt'],
    ['../lists/liste.xlsx', 'xlsx'],
  ])('%s is %s', async (name, kind) => {
    expect(await sniff(fixture(name))).toBe(kind);
  });

  it.each([
    ['html-als.pdf', 'HTML with a .pdf name'],
    ['plan.pdf.exe', 'a program with a double extension'],
    ['leer.pdf', 'an empty file'],
  ])('refuses %s (%s)', async (name) => {
    expect(await sniff(fixture(name))).toBeUndefined();
  });

  it('refuses a broken ZIP and binary data', async () => {
    expect(await sniff(Buffer.from('PK\x03\x04 kaputt', 'latin1'))).toBeUndefined();
    expect(await sniff(Buffer.from([0x00, 0x01, 0x02, 0xfe]))).toBeUndefined();
    expect(await sniff(Buffer.from('<svg onload="alert(1)"></svg>'))).toBeUndefined();
  });
});

describe('local file store', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kokoma-store-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('stores under generated names outside the web root, reads back and removes', async () => {
    const store = new LocalDiskStore(root);
    const { key, size, sha256 } = await store.put(Buffer.from('Inhalt'));
    expect([size, sha256]).toEqual([6, crypto.createHash('sha256').update('Inhalt').digest('hex')]);
    expect(key).toMatch(/^[0-9a-f]{2}\/[0-9a-f-]{36}$/);
    expect((await store.read(key)).toString()).toBe('Inhalt');
    expect(fs.readdirSync(path.join(root, key.slice(0, 2)))).toEqual([key.slice(3)]); // no temporary file left
    await store.remove(key);
    await expect(store.read(key)).rejects.toThrow();
  });

  it('refuses keys that try to leave its folder', async () => {
    const store = new LocalDiskStore(root);
    await expect(store.read('../../etc/passwd')).rejects.toThrow('invalid file key');
    await expect(store.stream('ab/../../x')).rejects.toThrow('invalid file key');
  });
});
