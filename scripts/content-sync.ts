/** `npm run content:sync`: loads content/ into the database (also done at every start). Stop the app first with PGlite. */
import { ConfigError, loadConfig } from '../src/config';
import { openDatabase } from '../src/platform/db/client';
import { describeChanges, syncContent } from '../src/features/catalogue/sync';

async function main() {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await database.migrate();
  const result = await syncContent(database.db, config.contentDir, new Date());
  await database.close();
  if (result.status === 'failed') {
    console.error('content:sync: Inhalte fehlerhaft, nichts übernommen (die zuletzt gültige Fassung bleibt):');
    for (const p of result.problems) console.error(`  ${p.file}${p.line ? `:${p.line}` : ''}  ${p.message}`);
    process.exit(1);
  }
  console.log(`content:sync: ${result.status === 'unchanged' ? 'keine Änderungen' : describeChanges(result.changes)}`);
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
