import { runCommand } from './run';

// `npm run migrate`: the schema up to date before a new version is switched on (the server also migrates at start).
void runCommand('Migration', async ({ database }) => {
  await database.migrate();
  console.log(`Datenbank (${database.kind}) ist auf dem neuesten Stand.`);
});
