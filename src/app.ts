import path from 'node:path';
import { projectRoot } from './platform/paths';
import express, { type Express } from 'express';
import type { Deps } from './deps';
import { securityHeaders } from './platform/http/setup/security';
import { requestLog } from './platform/http/setup/request-log';
import { sessions } from './platform/http/setup/sessions';
import { csrfProtection } from './platform/http/setup/csrf';
import { pageLocals } from './platform/http/setup/locals';
import { errorHandler, notFoundHandler } from './platform/error-handler';
import { t, tRaw, formatDate, formatDateTime, formatDuration } from './platform/i18n';
import { formatDay, formatTime } from './platform/time';
import { navigationFor } from './navigation';
import { SEAT_HOLDING } from './features/enrolment/table';
import { formatShare, formatUe } from './platform/i18n/numbers';
import { cleanBody, cleanQueryParser } from './platform/http/clean-input';
import { accountsRoutes } from './features/accounts/routes';
import { peopleRoutes } from './features/people/routes';
import { municipalitiesRoutes } from './features/municipalities/routes';
import { dashboardRoutes } from './features/dashboard/routes';
import { healthRoutes, metricsRoutes } from './features/health/routes';
import { metricsRoute, type Metrics } from './platform/metrics';
import { bearerToken, publicRoute } from './platform/auth/guards';
import { devMailRoutes } from './features/dev-mail/routes';
import { catalogueRoutes } from './features/catalogue/routes';
import { learningRoutes } from './features/learning/routes';
import { cohortsRoutes } from './features/cohorts/routes';
import { enrolmentRoutes } from './features/enrolment/routes';
import { calendarRoutes } from './features/calendar/routes';
import { attendanceRoutes } from './features/attendance/routes';
import { completionRoutes } from './features/completion/routes';
import { checkinRoutes } from './features/checkin/routes';
import { assignmentsRoutes } from './features/assignments/routes';
import { certificatesRoutes } from './features/certificates/routes';
import { mailOutboxRoutes } from './features/mail-outbox/routes';
import { atRiskRoutes } from './features/at-risk/routes';
import { reportsRoutes } from './features/reports/routes';
import { processRoutes } from './features/process/routes';
import { mfaRoutes, setupGate } from './features/mfa/routes';
import { legalRoutes } from './features/legal/routes';
import { devicesRoutes } from './features/devices/routes';
import { auditRoutes } from './features/audit/routes';
import { myDataRoutes } from './features/my-data/routes';
import { erasureRoutes } from './features/erasure/routes';
import { retentionRoutes } from './features/retention/routes';
import { versionScope } from './platform/db/data-version';

const root = projectRoot;

/** Builds the Express app from its dependencies: middleware order, feature routers, 404, the error handler. */
export function createApp(deps: Deps): Express {
  const { config } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.set('view engine', 'ejs');
  app.set('views', [path.join(root, 'views'), path.join(root, 'src/features')]);
  app.set('view cache', config.env !== 'development');
  app.set('query parser', cleanQueryParser);
  app.locals.t = t;
  app.locals.tRaw = tRaw;
  app.locals.formatDate = formatDate;
  app.locals.formatDateTime = formatDateTime;
  app.locals.formatDay = formatDay;
  app.locals.formatTime = formatTime;
  app.locals.formatDuration = formatDuration;
  app.locals.formatUe = formatUe;
  // the statuses that hold a seat, for templates: one constant (enrolment/table.ts), never a list typed again
  app.locals.seatHolding = SEAT_HOLDING;
  app.locals.formatShare = formatShare;

  if (deps.metrics) app.use(deps.metrics.middleware);
  app.use(securityHeaders({ production: config.isProduction }));
  app.use(requestLog(deps.logger));

  // Static files and the health check come before sessions: they need no session lookup.
  app.use(
    '/kern',
    metricsRoute('/kern/*'),
    express.static(path.join(root, 'node_modules/@kern-ux/native/dist'), { maxAge: '7d', index: false }),
  );
  // the WebAuthn helper of the passkey pages, served from its package like KERN (no build step)
  app.use(
    '/assets/vendor/simplewebauthn',
    metricsRoute('/assets/*'),
    express.static(path.join(root, 'node_modules/@simplewebauthn/browser/dist/bundle'), { maxAge: '7d', index: false }),
  );
  app.use(
    '/assets',
    metricsRoute('/assets/*'),
    express.static(path.join(root, 'public'), { maxAge: '1d', index: false }),
  );
  app.use(healthRoutes(deps).router);
  if (deps.metrics && config.metrics?.token)
    app.use(metricsRoutes(deps.metrics, bearerToken(config.metrics.token)).router);

  app.use(versionScope);
  app.use(express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 1000 }));
  app.use(cleanBody);
  app.use(
    sessions({
      db: deps.database.db,
      clock: deps.clock,
      secret: config.sessionSecret,
      secure: config.isProduction,
      idleMinutes: config.sessionIdleMinutes,
      maxHours: config.sessionMaxHours,
      loadUser: (id) => deps.accounts.sessionUser(id),
      readWithUser: (sid) => deps.accounts.sessionWithUser(sid),
    }),
  );
  const csrf = csrfProtection();
  app.use(csrf.protect);
  const devMail = !config.isProduction && deps.mailer.kind === 'dev-outbox';
  app.use(
    pageLocals({
      demoBanner: deps.demoBanner,
      tokenFor: csrf.tokenFor,
      menuFor: (req) => (req.session.mfaSetupRequired ? [] : navigationFor(req.user!.role, req.path, { devMail })),
    }),
  );
  app.use(setupGate);

  app.use(accountsRoutes(deps).router);
  app.use(mfaRoutes(deps).router);
  app.use(devicesRoutes(deps).router);
  app.use(auditRoutes(deps).router);
  app.use(myDataRoutes(deps).router);
  app.use(erasureRoutes(deps).router);
  app.use(retentionRoutes(deps).router);
  app.use(dashboardRoutes(deps).router);
  app.use(peopleRoutes(deps).router);
  app.use(municipalitiesRoutes(deps).router);
  app.use(learningRoutes(deps).router);
  app.use(enrolmentRoutes(deps).router);
  app.use(attendanceRoutes(deps).router);
  app.use(completionRoutes(deps).router);
  app.use(checkinRoutes(deps).router);
  app.use(assignmentsRoutes(deps).router);
  app.use(certificatesRoutes(deps).router);
  app.use(cohortsRoutes(deps).router);
  app.use(calendarRoutes(deps).router);
  app.use(catalogueRoutes(deps).router);
  app.use(mailOutboxRoutes(deps).router);
  app.use(atRiskRoutes(deps).router);
  app.use(reportsRoutes(deps).router);
  app.use(processRoutes(deps).router);
  app.use(legalRoutes(deps).router);
  // The dev outbox exists only outside production and only when mail is not sent for real.
  if (!config.isProduction && deps.mailer.kind === 'dev-outbox') app.use(devMailRoutes(deps).router);

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}

/** METRICS_PORT: /metrics alone on an internal address (METRICS_HOST, loopback by default), without a token. */
export function createMetricsApp(metrics: Metrics): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(metricsRoutes(metrics, publicRoute).router);
  app.use((_req, res) => void res.status(404).type('text/plain').send('Not Found'));
  return app;
}
