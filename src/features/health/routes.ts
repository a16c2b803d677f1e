import type { Deps } from '../../deps';
import { publicRoute, routes } from '../../platform/auth/guards';

/**
 * For load balancers and monitoring: 200 when the database answers, 503 otherwise. The mail server is reported but
 * never makes the app unhealthy: mail waits in the outbox until it answers again.
 */
export function healthRoutes(deps: Deps) {
  return routes().get('/healthz', publicRoute, async (req, res) => {
    res.set('Cache-Control', 'no-store');
    try {
      await deps.database.ping();
    } catch (err) {
      req.log?.warn({ err }, 'health check: database unavailable');
      return res.status(503).json({ status: 'unavailable', database: 'unavailable' });
    }
    const mail = await deps.mailer.reachable();
    if (mail === 'unreachable') req.log?.warn('health check: SMTP server does not answer');
    res.json({ status: 'ok', database: 'ok', mail });
  });
}
