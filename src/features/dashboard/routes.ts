import type { Deps } from '../../deps';
import { routes, signedIn } from '../../platform/auth/guards';
import { dashboardHandlers } from './handlers';

export function dashboardRoutes(deps: Deps) {
  const h = dashboardHandlers(deps);
  return routes().get('/', signedIn, h.show);
}
