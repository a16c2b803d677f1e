import type { Deps } from '../../deps';
import { routes, signedIn } from '../../platform/auth/guards';
import { myDataHandlers } from './handlers';

/** "Meine Daten": each person requests and downloads their own data; nobody else's. */
export function myDataRoutes(deps: Deps) {
  const h = myDataHandlers(deps);
  return routes()
    .get('/profile/data', signedIn, h.show)
    .post('/profile/data', signedIn, h.request)
    .get('/profile/data/:id.zip', signedIn, h.download);
}
