import { createLogger } from './platform/logger';
import { isLoopback, loadConfig, ConfigError, type Config } from './config';
import { DataDirInUse, openDatabase } from './platform/db/client';
import { warmUpCertificates } from './features/certificates/render';
import { buildDeps } from './deps';
import { createApp, createMetricsApp } from './app';
import { describeChanges, syncContent } from './features/catalogue/sync';
import { DEMO_LOGINS, DEMO_PASSWORD, isEmpty, seedDemo } from './demo/seed';
import { openFileStore } from './platform/files/open';

/** Reads config, opens and migrates the database, seeds demo data on a first development start, listens. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    pool: config.pool,
    onPoolError: (err) => logger.warn({ err }, 'database connection lost'),
  }).catch((err: unknown) => {
    if (!(err instanceof DataDirInUse)) throw err;
    console.error(err.message);
    process.exit(1);
  });
  await database.migrate();
  logger.info({ database: database.kind }, 'database migrated');

  // Content is read at every start; broken content is logged and the last good version stays (SPI-Team sees why).
  const sync = await syncContent(database.db, config.contentDir, new Date());
  if (sync.status === 'failed')
    logger.error(
      { problems: sync.problems },
      'Inhalte in content/ sind fehlerhaft; die zuletzt gültige Fassung bleibt',
    );
  else
    logger.info(
      { status: sync.status, changes: sync.changes },
      sync.status === 'unchanged' ? 'Inhalte unverändert' : `Inhalte eingelesen: ${describeChanges(sync.changes)}`,
    );

  if (config.seedDemo && (await isEmpty(database.db))) {
    await seedDemo(database.db, {
      scryptLogN: config.scryptLogN,
      files: openFileStore(config),
      certificates: {
        baseUrl: config.baseUrl,
        signatories: config.certificateSignatories,
        place: config.certificatePlace,
        fundingLine: config.certificateFundingLine,
        logos: config.certificateLogos,
      },
    });
    printDemoLogins(config, 'Demo-Daten angelegt (erster Start in der Entwicklung).');
  } else if (config.seedDemo) {
    printDemoLogins(config, 'Demo-Zugänge (falls die Demo-Daten noch bestehen):');
  }

  const deps = await buildDeps(config, { database, logger, workers: true });
  const app = createApp(deps);
  const server = app.listen(config.port, config.host, () => {
    if (!config.isProduction && !isLoopback(config.host)) warnOpenDevelopmentServer(config);
    logger.info({ port: config.port, env: config.env }, `KoKoMa Campus läuft auf ${config.baseUrl}`);
    warmUpCertificates().catch((err: unknown) => logger.warn({ err }, 'PDF warm-up failed'));
    deps.mailer.start();
    // a mail server that does not answer is worth a warning, never a refusal: mail waits in the outbox meanwhile
    deps.mailer
      .reachable()
      .then(
        (r) =>
          r === 'unreachable' && logger.warn('SMTP server does not answer; e-mails wait in the outbox and are retried'),
      );
  });

  const metricsServer =
    deps.metrics && config.metrics?.port
      ? createMetricsApp(deps.metrics).listen(config.metrics.port, config.metrics.host, () =>
          logger.info({ port: config.metrics!.port, host: config.metrics!.host }, 'metrics on their own port'),
        )
      : undefined;

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.close(async () => {
      // a bulk issue still running finishes its certificates before the database closes
      await deps.jobs.stop();
      await deps.mailer.stop();
      await database.close().catch(() => undefined);
      logger.info('stopped');
      process.exit(0);
    });
    server.closeIdleConnections();
    metricsServer?.close();
    metricsServer?.closeAllConnections();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

/** Development mode on a network interface: anyone who reaches it may sign in with the demo logins' public password. */
function warnOpenDevelopmentServer(config: Config): void {
  const bar = '!'.repeat(100);
  console.warn(
    [
      '',
      bar,
      `  ACHTUNG: KoKoMa Campus läuft im Modus "${config.env}" und lauscht auf ${config.host}:${config.port}, also nicht nur auf diesem Rechner.`,
      '  Die Demo-Zugänge haben ein öffentlich bekanntes Passwort, und Entwicklungsseiten (E-Mail-Ausgang) sind eingeschaltet.',
      '  Für einen echten Betrieb: NODE_ENV=production setzen (siehe README, Betrieb). Nur zum lokalen Testen: HOST=127.0.0.1.',
      bar,
      '',
    ].join('\n'),
  );
}

function printDemoLogins(config: Config, heading: string): void {
  const lines = [
    '',
    `  ${heading}`,
    `  Öffnen Sie ${config.baseUrl} und melden Sie sich an (Passwort: ${DEMO_PASSWORD}):`,
    ...DEMO_LOGINS.map((l) => `    ${l.email.padEnd(38)} ${l.role}`),
    '',
  ];
  console.log(lines.join('\n'));
}

main().catch((err) => {
  console.error('KoKoMa Campus konnte nicht starten:', err);
  process.exit(1);
});
