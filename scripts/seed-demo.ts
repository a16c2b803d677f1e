/** `npm run seed:demo`: replaces all data with the demo data set. Refused in production. */
import { ConfigError, loadConfig } from '../src/config';
import { openDatabase } from '../src/platform/db/client';
import { syncContent } from '../src/features/catalogue/sync';
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemo } from '../src/demo/seed';
import { openFileStore } from '../src/platform/files/open';

async function main() {
  const config = loadConfig();
  if (config.isProduction) {
    console.error('seed:demo ist in Produktion gesperrt: es würde alle Daten löschen.');
    process.exit(1);
  }
  const extra = Number(process.argv[2] ?? '12');
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await database.migrate();
  await syncContent(database.db, config.contentDir, new Date());
  await seedDemo(database.db, {
    scryptLogN: config.scryptLogN,
    extraPeople: extra,
    files: openFileStore(config),
    certificates: {
      baseUrl: config.baseUrl,
      signatories: config.certificateSignatories,
      place: config.certificatePlace,
      fundingLine: config.certificateFundingLine,
      logos: config.certificateLogos,
    },
  });
  await database.close();
  console.log(`Demo-Daten neu angelegt (${database.kind}). Passwort für alle Demo-Zugänge: ${DEMO_PASSWORD}`);
  for (const l of DEMO_LOGINS) console.log(`  ${l.email.padEnd(38)} ${l.role}`);
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
