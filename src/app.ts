import path from 'node:path';
import express, { type Express } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import { Passport } from 'passport';
import { pinoHttp } from 'pino-http';
import { csrfSync } from 'csrf-sync';
import crypto from 'node:crypto';
import type { Deps } from './deps';
import { DbSessionStore } from './platform/auth/session-store';
import { errorHandler, notFoundHandler } from './platform/error-handler';
import { t, tRaw, formatDate, formatDateTime, formatDuration } from './platform/i18n';
import { formatDay, formatTime } from './platform/time';
import { navigationFor } from './navigation';
import { formatShare, formatUe } from './platform/i18n/numbers';
import { isMultipart } from './platform/http/upload';
import { cleanBody, cleanQueryParser } from './platform/http/clean-input';
import { configurePassport } from './features/accounts/passport';
import { accountsRoutes } from './features/accounts/routes';
import { peopleRoutes } from './features/people/routes';
import { municipalitiesRoutes } from './features/municipalities/routes';
import { dashboardRoutes } from './features/dashboard/routes';
import { healthRoutes } from './features/health/routes';
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

const root = path.resolve(__dirname, '..');

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
  app.locals.formatShare = formatShare;

  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          formAction: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          frameAncestors: ["'none'"],
          ...(config.isProduction ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity: config.isProduction,
    }),
  );
  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && /^[\w-]{1,64}$/.test(incoming) ? incoming : crypto.randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      // Single-use links carry their token in the path; it never goes into the logs.
      serializers: { req: (req: { url?: string }) => ({ ...req, url: req.url?.replace(/(\/password\/set\/)[^/?#]+/, '$1[token]') }) },
      autoLogging: { ignore: (req) => req.url?.startsWith('/assets/') || req.url?.startsWith('/kern/') || false },
    }),
  );

  // Static files and the health check come before sessions: they need no session lookup.
  app.use('/kern', express.static(path.join(root, 'node_modules/@kern-ux/native/dist'), { maxAge: '7d', index: false }));
  app.use('/assets', express.static(path.join(root, 'public'), { maxAge: '1d', index: false }));
  app.use(healthRoutes(deps).router);

  app.use(express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 1000 }));
  app.use(cleanBody);
  app.use(
    session({
      name: 'kokoma.sid',
      secret: config.sessionSecret,
      store: new DbSessionStore(deps.database.db, deps.clock, config.sessionIdleMinutes * 60_000),
      resave: false,
      saveUninitialized: false,
      rolling: true,
      cookie: { httpOnly: true, sameSite: 'lax', secure: config.isProduction, maxAge: config.sessionIdleMinutes * 60_000 },
    }),
  );
  // One passport instance per app: the module's global instance would share deserializers between apps.
  const passport = new Passport();
  configurePassport(passport, deps);
  app.use(passport.initialize());
  app.use(passport.session());

  // Absolute session lifetime: after SESSION_MAX_HOURS a person signs in again, however active they were.
  app.use((req, res, next) => {
    const startedAt = req.session?.signedInAt;
    if (req.user && startedAt && deps.clock.now().getTime() - startedAt > config.sessionMaxHours * 3_600_000) {
      return req.session.destroy(() => {
        res.clearCookie('kokoma.sid');
        res.redirect('/login?expired=1');
      });
    }
    next();
  });

  const { csrfSynchronisedProtection, generateToken, isRequestValid } = csrfSync({
    getTokenFromRequest: (req) => (req.body?._csrf as string | undefined) ?? (req.headers['x-csrf-token'] as string | undefined),
  });
  app.use((req, res, next) => {
    // A file upload's token sits in its multipart body: uploadFile() checks it once it has read the body;
    // every other route refuses a multipart request (see routes()).
    if (req.method === 'POST' && isMultipart(req)) {
      req.csrfDeferred = () => isRequestValid(req);
      return next();
    }
    csrfSynchronisedProtection(req, res, next);
  });

  app.use((req, res, next) => {
    res.locals.user = req.user;
    res.locals.currentPath = req.path;
    res.locals.demoBanner = deps.demoBanner;
    // Lazily: a session is only stored once a page actually renders a form.
    res.locals.csrfToken = () => generateToken(req);
    res.locals.navItems = req.user ? navigationFor(req.user.role, req.path, { devMail: !config.isProduction && deps.mailer.kind === 'dev-outbox' }) : [];
    res.locals.flash = undefined;
    if (req.session?.flash) {
      res.locals.flash = req.session.flash;
      delete req.session.flash;
    }
    next();
  });

  app.use(accountsRoutes(deps).router);
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
  // The dev outbox exists only outside production and only when mail is not sent for real.
  if (!config.isProduction && deps.mailer.kind === 'dev-outbox') app.use(devMailRoutes(deps).router);

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
