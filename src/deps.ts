import type { Logger } from 'pino';
import { createLogger } from './platform/logger';
import type { Config } from './config';
import { openDatabase, type Database } from './platform/db/client';
import { createMailer, outboxCounts, type Mailer } from './platform/mail/mailer';
import { systemClock, type Clock } from './platform/clock';
import { LoginThrottle } from './platform/auth/throttle';
import { Limiter } from './platform/limits/limiter';
import { accountsService } from './features/accounts/service';
import { peopleService } from './features/people/service';
import { municipalitiesService } from './features/municipalities/service';
import { dashboardService } from './features/dashboard/service';
import { hasDemoData } from './demo/seed';
import { catalogueService } from './features/catalogue/service';
import { learningService } from './features/learning/service';
import { cohortsService } from './features/cohorts/service';
import { enrolmentService } from './features/enrolment/service';
import { calendarService } from './features/calendar/service';
import { attendanceService } from './features/attendance/service';
import { checkinService } from './features/checkin/service';
import { assignmentsService } from './features/assignments/service';
import { certificatesService } from './features/certificates/service';
import { certificateRunsService } from './features/certificates/runs';
import { atRiskService } from './features/at-risk/service';
import { completionService } from './features/completion/service';
import { reportsService } from './features/reports/service';
import { processService } from './features/process/service';
import { processMeetingsService } from './features/process/meetings';
import { openFileStore } from './platform/files/open';
import type { FileStore } from './platform/files/store';
import { JobQueue } from './platform/jobs/queue';
import { defineHousekeeping } from './housekeeping';
import { mfaService } from './features/mfa/service';
import { devicesService } from './features/devices/service';
import { myDataService } from './features/my-data/service';
import { erasureService } from './features/erasure/service';
import { retentionService } from './features/retention/service';
import { createMetrics, type Metrics } from './platform/metrics';

export type Deps = {
  config: Config;
  database: Database;
  mailer: Mailer;
  clock: Clock;
  logger: Logger;
  limiter: Limiter;
  jobs: JobQueue;
  files: FileStore;
  throttle: LoginThrottle;
  accounts: ReturnType<typeof accountsService>;
  mfa: ReturnType<typeof mfaService>;
  devices: ReturnType<typeof devicesService>;
  myData: ReturnType<typeof myDataService>;
  erasure: ReturnType<typeof erasureService>;
  retention: ReturnType<typeof retentionService>;
  people: ReturnType<typeof peopleService>;
  municipalities: ReturnType<typeof municipalitiesService>;
  dashboard: ReturnType<typeof dashboardService>;
  catalogue: ReturnType<typeof catalogueService>;
  learning: ReturnType<typeof learningService>;
  cohorts: ReturnType<typeof cohortsService>;
  enrolment: ReturnType<typeof enrolmentService>;
  calendar: ReturnType<typeof calendarService>;
  attendance: ReturnType<typeof attendanceService>;
  checkin: ReturnType<typeof checkinService>;
  assignments: ReturnType<typeof assignmentsService>;
  certificates: ReturnType<typeof certificatesService>;
  certificateRuns: ReturnType<typeof certificateRunsService>;
  atRisk: ReturnType<typeof atRiskService>;
  completion: ReturnType<typeof completionService>;
  reports: ReturnType<typeof reportsService>;
  process: ReturnType<typeof processService>;
  processMeetings: ReturnType<typeof processMeetingsService>;
  /** Prometheus metrics, when METRICS_TOKEN or METRICS_PORT is set. */
  metrics?: Metrics;
  /** Whether the layout shows the "Demo-Umgebung" banner. */
  demoBanner: boolean;
};

/** The composition root: builds everything the app needs from the config. Tests pass their own database and clock. */
export async function buildDeps(
  config: Config,
  overrides: { database?: Database; clock?: Clock; logger?: Logger; workers?: boolean } = {},
): Promise<Deps> {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const database =
    overrides.database ??
    (await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      pool: config.pool,
      onPoolError: (err) => logger.warn({ err }, 'database connection lost'),
    }));
  const clock = overrides.clock ?? systemClock;
  const db = database.db;
  const limiter = new Limiter(db, clock);
  // pollers and schedules only in the server; tests and commands work off what they enqueue themselves
  const jobs = new JobQueue(database, logger, {
    workers: overrides.workers ?? false,
    timeoutSeconds: config.jobTimeoutSeconds,
  });
  const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, db, clock, logger });
  const accounts = accountsService({ db, mailer, clock, baseUrl: config.baseUrl, scryptLogN: config.scryptLogN });
  const throttle = new LoginThrottle(limiter, config.sessionSecret);
  const mfa = mfaService({
    db,
    clock,
    mailer,
    throttle,
    encryptionKey: config.mfa.encryptionKey,
    requiredRoles: config.mfa.requiredRoles,
    baseUrl: config.baseUrl,
  });
  const files = openFileStore(config);
  const attendance = attendanceService({ db, clock });
  const certificates = certificatesService({
    db,
    clock,
    mailer,
    logger,
    files,
    baseUrl: config.baseUrl,
    signatories: config.certificateSignatories,
    place: config.certificatePlace,
    fundingLine: config.certificateFundingLine,
    logos: config.certificateLogos,
  });
  const enrolment = enrolmentService({ db, clock, mailer, logger, accounts, baseUrl: config.baseUrl });
  const assignments = assignmentsService({ db, clock, mailer, logger, files, baseUrl: config.baseUrl });
  const certificateRuns = certificateRunsService({ db, clock, logger, certificates, jobs });
  const myData = myDataService({
    db,
    clock,
    mailer,
    logger,
    files,
    jobs,
    tmpDir: config.incomingDir,
    baseUrl: config.baseUrl,
  });
  const erasure = erasureService({ db, clock, mailer, logger, files, accounts, baseUrl: config.baseUrl });
  const retention = retentionService({
    db,
    clock,
    mailer,
    logger,
    files,
    erasure,
    contentDir: config.contentDir,
    baseUrl: config.baseUrl,
  });
  defineHousekeeping(jobs, {
    db,
    clock,
    logger,
    deliverMail: () => mailer.deliverDue(),
    deleteExpiredTokens: () => accounts.deleteExpiredTokens(),
    deleteStaleImports: () => enrolment.deleteStaleImports(retention.importMaxAgeMs()),
    applyRetention: () => retention.apply(),
    deleteExpiredExports: () => myData.deleteExpired(),
    files,
    incomingDir: config.incomingDir,
  });
  await jobs.start();
  const metrics = config.metrics
    ? createMetrics({ pool: database.poolStats, jobs: () => jobs.stats(), outbox: () => outboxCounts(db) })
    : undefined;
  return {
    config,
    database,
    mailer,
    clock,
    logger,
    limiter,
    jobs,
    files,
    throttle,
    accounts,
    mfa,
    myData,
    erasure,
    retention,
    devices: devicesService({ db, clock, idleMs: config.sessionIdleMinutes * 60_000 }),
    people: peopleService({ db, clock, accounts }),
    municipalities: municipalitiesService({ db, clock }),
    dashboard: dashboardService({ db }),
    catalogue: catalogueService({ db, clock, contentDir: config.contentDir }),
    learning: learningService({ db, clock }),
    cohorts: cohortsService({
      db,
      clock,
      seats: {
        promote: enrolment.promoteWaitlisted,
        onPromoted: (actor, cohort, promoted) => enrolment.notifyPromoted(actor, cohort, promoted),
      },
    }),
    enrolment,
    calendar: calendarService({ db, clock }),
    attendance,
    checkin: checkinService({ db, clock, limiter, attendance, baseUrl: config.baseUrl }),
    assignments,
    certificates,
    certificateRuns,
    atRisk: atRiskService({ db, clock, mailer, baseUrl: config.baseUrl }),
    completion: completionService({ db, clock }),
    reports: reportsService({ db, clock, ...config.reports, contentDir: config.contentDir }),
    process: processService({ db, clock, contentDir: config.contentDir }),
    processMeetings: processMeetingsService({ db, clock }),
    metrics,
    demoBanner: !config.isProduction && (await hasDemoData(db).catch(() => false)),
  };
}
