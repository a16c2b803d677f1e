import type { Deps } from '../../deps';
import { requireRole, routes, signedIn } from '../../platform/auth/guards';
import { catalogueHandlers } from './handlers';

/** Course content is for everyone signed in; managing it is for the SPI-Team. */
export function catalogueRoutes(deps: Deps) {
  const h = catalogueHandlers(deps);
  const spiTeam = requireRole('admin');
  return routes()
    .get('/catalogue', signedIn, h.overview)
    .get('/search', signedIn, h.search)
    .get('/catalogue/:module', signedIn, h.showModule)
    .get('/catalogue/:module/materials/:file', signedIn, h.material)
    .get('/catalogue/:module/:lesson', signedIn, h.showLesson)
    .get('/admin/catalogue', spiTeam, h.admin)
    .post('/admin/catalogue/sync', spiTeam, h.sync)
    .get('/admin/catalogue/:module/preview', spiTeam, h.previewModule);
}
