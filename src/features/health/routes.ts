import type { Deps } from '../../deps';
import { publicRoute, routes } from '../../platform/auth/guards';

/** For load balancers and monitoring: 200 when the database answers, 503 otherwise. */
export function healthRoutes(deps: Deps) {
  return routes().get('/healthz', publicRoute, async (req, res) => {
    res.set('Cache-Control', 'no-store');
    try {
      await deps.database.ping();
      res.json({ status: 'ok' });
    } catch (err) {
      req.log?.warn({ err }, 'health check: database unavailable');
      res.status(503).json({ status: 'unavailable' });
    }
  });
}
