import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/platform/db/client';
import { LocalDiskStore } from '../src/platform/files/store';
import { runToEnd } from './support/processes';
import { admin } from './support/global-setup';

const server = process.env.DATABASE_URL;
const tsx = (script: string, args: string[], env: Record<string, string>) =>
  runToEnd('node', ['--import', 'tsx', script, ...args], env);

/** Every table of the installation with its row count and a hash of all its rows, in a stable order. */
async function tables(install: { dataDir: string; url?: string }): Promise<Record<string, string>> {
  const database = await openDatabase({ databaseUrl: install.url, dataDir: install.url ? null : install.dataDir });
  try {
    const { rows } = await database.execute(
      `select table_schema || '.' || table_name as name from information_schema.tables
        where table_schema not in ('pg_catalog', 'information_schema') and table_type = 'BASE TABLE' order by 1`,
    );
    const out: Record<string, string> = {};
    for (const { name } of rows as Array<{ name: string }>) {
      const [schema, table] = name.split('.');
      const q = `"${schema}"."${table}"`;
      const { rows: r } = await database.execute(
        `select count(*)::int as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h from ${q} t`,
      );
      const { n, h } = r[0] as { n: number; h: string };
      out[name] = `${n}:${h}`;
    }
    return out;
  } finally {
    await database.close();
  }
}

const filesOf = async (dataDir: string) => {
  const store = new LocalDiskStore(path.join(dataDir, 'files'));
  const out: Record<string, string> = {};
  for await (const o of store.list())
    out[o.key] = crypto
      .createHash('sha256')
      .update(await store.read(o.key))
      .digest('hex');
  return out;
};

async function freshDatabase(): Promise<string | undefined> {
  if (!server) return undefined;
  const name = `kokoma_b_${crypto.randomBytes(5).toString('hex')}`;
  await admin(server, `create database ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

it('backs up database and files in one archive and restores them into an empty installation, every table and file the same', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kokoma-backup-test-'));
  const source = { dataDir: path.join(tmp, 'quelle'), url: await freshDatabase() };
  const target = { dataDir: path.join(tmp, 'ziel'), url: await freshDatabase() };
  const empty = { dataDir: path.join(tmp, 'leer'), url: await freshDatabase() };
  const envOf = (i: typeof source) => ({
    NODE_ENV: 'development',
    DATA_DIR: i.dataDir,
    LOG_LEVEL: 'silent',
    ...(i.url ? { DATABASE_URL: i.url } : {}),
  });
  try {
    const seeded = await tsx('scripts/seed-demo.ts', [], envOf(source));
    expect(seeded.code).toBe(0);
    const archive = path.join(tmp, 'sicherung.tar.gz');
    const started = Date.now();
    const made = await tsx('src/cli/backup.ts', ['--to', archive], envOf(source));
    expect(made.output).toContain('Sicherung geschrieben');
    expect(made.code).toBe(0);
    const took = Date.now() - started;

    const restoredAt = Date.now();
    const restored = await tsx('src/cli/restore.ts', ['--from', archive], envOf(target));
    expect(restored.output).toContain('Wiederhergestellt');
    expect(restored.code).toBe(0);
    console.log(
      `backup round trip (${server ? 'PostgreSQL' : 'PGlite'}): archive ${(fs.statSync(archive).size / 1024 / 1024).toFixed(1)} MB, ` +
        `backup ${(took / 1000).toFixed(1)} s, restore ${((Date.now() - restoredAt) / 1000).toFixed(1)} s`,
    );

    const before = await tables(source);
    expect(Object.keys(before).length).toBeGreaterThan(25);
    expect(before['public.stored_files']).not.toMatch(/^0:/);
    expect(await tables(target)).toEqual(before);
    const files = await filesOf(source.dataDir);
    expect(Object.keys(files).length).toBeGreaterThan(0);
    expect(await filesOf(target.dataDir)).toEqual(files);

    // only into an empty installation; a damaged archive changes nothing
    const again = await tsx('src/cli/restore.ts', ['--from', archive], envOf(target));
    expect(again.code).toBe(1);
    expect(again.output).toMatch(/nicht leer|schon eine Datenbank/);
    const broken = path.join(tmp, 'kaputt.tar.gz');
    fs.writeFileSync(broken, fs.readFileSync(archive).subarray(0, 5000));
    const refused = await tsx('src/cli/restore.ts', ['--from', broken], envOf(empty));
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/keine lesbare Sicherung|beschädigt/);
    expect(fs.existsSync(path.join(empty.dataDir, 'pglite'))).toBe(false);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
    if (server)
      for (const u of [source.url, target.url, empty.url])
        if (u) await admin(server, `drop database if exists ${new URL(u).pathname.slice(1)} with (force)`);
  }
}, 240_000);
