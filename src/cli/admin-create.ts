import { parseArgs } from 'node:util';
import { z } from 'zod';
import { buildDeps } from '../deps';
import { FormError } from '../platform/errors';
import { CommandError, runCommand } from './run';

const USAGE =
  'Aufruf: npm run admin:create -- --email adresse@example.org --name "Vorname Nachname"\n' +
  '   oder: npm run admin:create -- --email adresse@example.org --first-name Vorname --last-name Nachname';

const Args = z.object({
  email: z.email().max(254),
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().min(1).max(100),
});

/** Reads the arguments; "--name" is split before its last word (the surname), as the README shows. */
function readArgs() {
  const { values } = parseArgs({
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      'first-name': { type: 'string' },
      'last-name': { type: 'string' },
    },
  });
  const name = values.name?.trim() ?? '';
  const cut = name.lastIndexOf(' ');
  const parsed = Args.safeParse({
    email: values.email?.trim().toLowerCase(),
    firstName: values['first-name'] ?? (cut > 0 ? name.slice(0, cut) : ''),
    lastName: values['last-name'] ?? (cut > 0 ? name.slice(cut + 1) : name),
  });
  if (!parsed.success) throw new CommandError(`Bitte E-Mail-Adresse, Vor- und Nachnamen angeben.\n${USAGE}`);
  return parsed.data;
}

// `npm run admin:create`: the first SPI-Team account of an installation (and a way back in if every admin is locked out).
void runCommand('Anlegen des SPI-Team-Kontos', async ({ config, database, logger }) => {
  const args = readArgs();
  await database.migrate();
  const deps = await buildDeps(config, { database, logger });
  try {
    const { user, link, validDays } = await deps.accounts.createAdminFromCommandLine(args);
    console.log(
      [
        `SPI-Team-Konto angelegt: ${user.firstName} ${user.lastName} <${user.email}>.`,
        `Die Einladung liegt im E-Mail-Ausgang und geht hinaus, sobald der Server läuft.`,
        `Link zum Festlegen des Passworts (${validDays} Tage gültig, nur einmal verwendbar):`,
        link,
      ].join('\n'),
    );
  } catch (err) {
    if (err instanceof FormError) throw new CommandError(`Nicht angelegt: ${err.message}`);
    throw err;
  }
});
