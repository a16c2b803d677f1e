import type { Deps } from '../../deps';
import { publicRoute, routes, type Guard } from '../../platform/auth/guards';
import type { Metrics } from '../../platform/metrics';

/** Resolves to the promise's value, or to `late` when it takes longer than `ms` (the work itself goes on). */
function within<T, L>(promise: Promise<T>, ms: number, late: L): Promise<T | L> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(late), ms);
    promise.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e) => (clearTimeout(timer), reject(e)),
    );
  });
}

/**
 * For load balancers and monitoring, within a second whatever the database does. /healthz (liveness): 200 when the
 * database answers, 503 otherwise; the mail server is reported but never makes the app unhealthy (mail waits in the
 * outbox). /readyz (readiness): the database and the job queue, so traffic goes to an instance that can do its work.
 */
export function healthRoutes(deps: Deps) {
  const TIMEOUT = 'timeout' as const;
  async function database(): Promise<'ok' | 'unavailable'> {
    try {
      return (await within(deps.database.ping(), 800, TIMEOUT)) === TIMEOUT ? 'unavailable' : 'ok';
    } catch {
      return 'unavailable';
    }
  }
  return routes()
    .get('/healthz', publicRoute, async (req, res) => {
      res.set('Cache-Control', 'no-store');
      const [db, mail] = await Promise.all([
        database(),
        within(
          deps.mailer.reachable().catch(() => 'unreachable' as const),
          800,
          'unknown' as const,
        ),
      ]);
      if (db !== 'ok') {
        req.log?.warn('health check: database unavailable');
        return res.status(503).json({ status: 'unavailable', database: db });
      }
      if (mail === 'unreachable') req.log?.warn('health check: SMTP server does not answer');
      res.json({ status: 'ok', database: db, mail });
    })
    .get('/readyz', publicRoute, async (_req, res) => {
      res.set('Cache-Control', 'no-store');
      const [db, jobs] = await Promise.all([database(), within(deps.jobs.ready(), 800, false).catch(() => false)]);
      const ready = db === 'ok' && jobs === true;
      res
        .status(ready ? 200 : 503)
        .json({ status: ready ? 'ready' : 'unavailable', database: db, jobs: jobs ? 'ok' : 'unavailable' });
    });
}

/** GET /metrics in Prometheus's text format: behind a bearer token on the app's port, or open on an internal one. */
export function metricsRoutes(metrics: Metrics, guard: Guard) {
  return routes().get('/metrics', guard, async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    res.type(metrics.contentType).send(await metrics.render());
  });
}
