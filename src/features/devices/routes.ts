import type { Deps } from '../../deps';
import { requireRole, routes, signedIn } from '../../platform/auth/guards';
import { devicesHandlers } from './handlers';

/** "Angemeldete Geräte": one's own sessions, and the SPI-Team ending all of a person's. */
export function devicesRoutes(deps: Deps) {
  const h = devicesHandlers(deps);
  return routes()
    .get('/profile/devices', signedIn, h.show)
    .post('/profile/devices/end', signedIn, h.end)
    .post('/profile/devices/end-others', signedIn, h.endOthers)
    .post('/people/:id/sessions/end', requireRole('admin'), h.endAllOf);
}
