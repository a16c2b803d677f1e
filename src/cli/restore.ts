import path from 'node:path';
import { parseArgs } from 'node:util';
import { BackupError, restore } from '../platform/backup/backup';
import { isEmptyPostgres, loadPgliteDataDir } from '../platform/db/client';
import { openFileStore } from '../platform/files/open';
import { CommandError, runCommandWithoutDatabase } from './run';

// `npm run restore -- --from /pfad/sicherung.tar.gz`: into an empty installation (empty database, empty file store).
void runCommandWithoutDatabase('Wiederherstellung', async ({ config }) => {
  const { values } = parseArgs({ options: { from: { type: 'string' } } });
  if (!values.from) throw new CommandError('Aufruf: npm run restore -- --from /pfad/sicherung.tar.gz');
  try {
    const manifest = await restore(
      path.resolve(values.from),
      config.databaseUrl
        ? { engine: 'postgres', url: config.databaseUrl, isEmpty: () => isEmptyPostgres(config.databaseUrl!) }
        : { engine: 'pglite', dataDir: config.dataDir, load: (t) => loadPgliteDataDir(config.dataDir, t) },
      openFileStore(config),
    );
    console.log(
      `Wiederhergestellt: der Stand vom ${new Date(manifest.createdAt).toLocaleString('de-DE', { timeZone: 'Europe/Berlin' })} ` +
        `(Datenbank und ${manifest.files.length} Dateien). Beim nächsten Start bringt der Server das Schema auf den neuesten Stand.`,
    );
  } catch (err) {
    if (err instanceof BackupError) throw new CommandError(err.message);
    throw err;
  }
});
