import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar';
import type { Db } from '../db/client';
import { digesting, type FileStore } from '../files/store';

/**
 * One archive (tar.gz) with the database and the files it refers to, taken at one point:
 *   manifest.json   what is inside, with each file's size and SHA-256
 *   database.dump   PostgreSQL: pg_dump's custom format, under an exported snapshot
 *   pglite.tar      the embedded database: its data directory (PGlite's dumpDataDir), the server stopped
 *   files/<key>     every file a row of that snapshot refers to
 * Files never change once written and are removed only by the sweep after a grace period of hours, so what the
 * snapshot refers to is there while the backup copies it.
 */
export type Manifest = {
  format: 'kokoma-backup';
  version: 1;
  createdAt: string;
  engine: 'postgres' | 'pglite';
  database: { file: string; size: number; sha256: string };
  files: Array<{ key: string; size: number; sha256: string }>;
};

export class BackupError extends Error {}

export type BackupSource =
  | { engine: 'postgres'; url: string; keys: (db: Db) => Promise<string[]> }
  | { engine: 'pglite'; dump: () => Promise<Blob>; db: Db; keys: (db: Db) => Promise<string[]> };

/** Runs a PostgreSQL client tool (pg_dump, pg_restore); its error output becomes the message when it fails. */
function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('error', (e) =>
      reject(
        new BackupError(
          (e as NodeJS.ErrnoException).code === 'ENOENT'
            ? `${command} fehlt: bitte das Debian-Paket postgresql-client installieren (passend zur Server-Version).`
            : String(e),
        ),
      ),
    );
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new BackupError(`${command}: ${err.trim()}`))));
  });
}

const sha256File = async (file: string) => {
  const d = digesting();
  await pipeline(fs.createReadStream(file), d, new Writable({ write: (_chunk, _enc, cb) => cb() }));
  return d.result();
};

export async function backup(source: BackupSource, store: FileStore, target: string): Promise<Manifest> {
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'kokoma-backup-'));
  try {
    let keys: string[];
    let dbFile: string;
    if (source.engine === 'postgres') {
      dbFile = 'database.dump';
      keys = await withSnapshot(source.url, source.keys, (snapshot) =>
        run('pg_dump', [
          '--format=custom',
          '--no-owner',
          '--no-privileges',
          `--snapshot=${snapshot}`,
          `--file=${path.join(staging, dbFile)}`,
          `--dbname=${source.url}`,
        ]),
      );
    } else {
      dbFile = 'pglite.tar';
      keys = await source.keys(source.db);
      fs.writeFileSync(path.join(staging, dbFile), Buffer.from(await (await source.dump()).arrayBuffer()));
    }
    const files: Manifest['files'] = [];
    for (const key of keys) {
      const file = path.join(staging, 'files', key);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const d = digesting();
      await pipeline(await store.stream(key), d, fs.createWriteStream(file));
      files.push({ key, ...d.result() });
    }
    const manifest: Manifest = {
      format: 'kokoma-backup',
      version: 1,
      createdAt: new Date().toISOString(),
      engine: source.engine,
      database: { file: dbFile, ...(await sha256File(path.join(staging, dbFile))) },
      files,
    };
    fs.writeFileSync(path.join(staging, 'manifest.json'), JSON.stringify(manifest, null, 2));
    fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
    const tmp = `${target}.${process.pid}.partial`;
    await tar.c({ gzip: true, file: tmp, cwd: staging, portable: true }, [
      'manifest.json',
      dbFile,
      ...(files.length ? ['files'] : []),
    ]);
    fs.renameSync(tmp, target);
    return manifest;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * A REPEATABLE READ transaction that exports its snapshot: pg_dump dumps exactly that snapshot, and the file keys are
 * read in the same one, so database and files belong to one point in time.
 */
async function withSnapshot(
  url: string,
  keysOf: (db: Db) => Promise<string[]>,
  dump: (snapshot: string) => Promise<void>,
): Promise<string[]> {
  const { Client } = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    const { rows } = await client.query<{ snapshot: string }>('select pg_export_snapshot() as snapshot');
    const keys = await keysOf(drizzle(client) as unknown as Db);
    await dump(rows[0]!.snapshot);
    await client.query('commit');
    return keys;
  } finally {
    await client.end();
  }
}

export type RestoreTarget =
  | { engine: 'postgres'; url: string; isEmpty: () => Promise<boolean> }
  | { engine: 'pglite'; dataDir: string; load: (tarball: Blob) => Promise<void> };

/** Unpacks an archive into an empty installation: checks every file against the manifest, then database, then files. */
export async function restore(archive: string, target: RestoreTarget, store: FileStore): Promise<Manifest> {
  if (!fs.existsSync(archive)) throw new BackupError(`Die Sicherung ${archive} gibt es nicht.`);
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'kokoma-restore-'));
  try {
    await tar.x({ file: archive, cwd: staging, strict: true }).catch(() => {
      throw new BackupError(`${archive} ist keine lesbare Sicherung (tar.gz).`);
    });
    const manifestFile = path.join(staging, 'manifest.json');
    const manifest = fs.existsSync(manifestFile)
      ? (JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest)
      : undefined;
    if (manifest?.format !== 'kokoma-backup' || manifest.version !== 1)
      throw new BackupError(`${archive} ist keine Sicherung von KoKoMa Campus.`);
    if (manifest.engine !== target.engine)
      throw new BackupError(
        `Die Sicherung stammt aus ${manifest.engine === 'postgres' ? 'PostgreSQL' : 'der eingebetteten Datenbank'}; ` +
          `diese Installation verwendet ${target.engine === 'postgres' ? 'PostgreSQL' : 'die eingebettete Datenbank'}.`,
      );
    // nothing is changed before every part is known to be whole
    for (const part of [
      { ...manifest.database },
      ...manifest.files.map((f) => ({ ...f, file: path.join('files', f.key) })),
    ]) {
      const file = path.join(staging, part.file);
      if (!fs.existsSync(file) || (await sha256File(file)).sha256 !== part.sha256)
        throw new BackupError(`Die Sicherung ist beschädigt: ${part.file} fehlt oder stimmt nicht.`);
    }
    for await (const _ of store.list()) {
      void _;
      throw new BackupError(
        'Der Dateispeicher dieser Installation ist nicht leer; eine Sicherung wird nur in eine leere Installation eingespielt.',
      );
    }
    const dbFile = path.join(staging, manifest.database.file);
    if (target.engine === 'postgres') {
      if (!(await target.isEmpty()))
        throw new BackupError(
          'Die Datenbank ist nicht leer; eine Sicherung wird nur in eine leere Datenbank eingespielt.',
        );
      await run('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', `--dbname=${target.url}`, dbFile]);
    } else {
      if (
        fs.existsSync(path.join(target.dataDir, 'pglite')) &&
        fs.readdirSync(path.join(target.dataDir, 'pglite')).length > 0
      )
        throw new BackupError(
          `In ${target.dataDir} liegt schon eine Datenbank; eine Sicherung wird nur in eine leere Installation eingespielt.`,
        );
      await target.load(new Blob([fs.readFileSync(dbFile)]));
    }
    for (const f of manifest.files) await store.restore(f.key, { path: path.join(staging, 'files', f.key) });
    return manifest;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
