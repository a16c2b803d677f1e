import path from 'node:path';
import { parseArgs } from 'node:util';
import { allReferencedKeys } from '../file-references';
import { backup, BackupError } from '../platform/backup/backup';
import { openFileStore } from '../platform/files/open';
import { CommandError, runCommand } from './run';

// `npm run backup -- --to /pfad/kokoma-2026-12-01.tar.gz`: database and files at one point in time, in one archive.
void runCommand('Sicherung', async ({ config, database }) => {
  const { values } = parseArgs({ options: { to: { type: 'string' } } });
  if (!values.to) throw new CommandError('Aufruf: npm run backup -- --to /pfad/sicherung.tar.gz');
  const target = path.resolve(values.to);
  const started = Date.now();
  try {
    const manifest = await backup(
      database.kind === 'postgres'
        ? { engine: 'postgres', url: config.databaseUrl!, keys: allReferencedKeys }
        : { engine: 'pglite', dump: database.dump!, db: database.db, keys: allReferencedKeys },
      openFileStore(config),
      target,
    );
    const bytes = manifest.files.reduce((s, f) => s + f.size, 0);
    console.log(
      `Sicherung geschrieben: ${target} (Datenbank und ${manifest.files.length} Dateien, ${(bytes / 1024 / 1024).toFixed(1)} MB, ${((Date.now() - started) / 1000).toFixed(1)} s).`,
    );
  } catch (err) {
    if (err instanceof BackupError) throw new CommandError(err.message);
    throw err;
  }
});
