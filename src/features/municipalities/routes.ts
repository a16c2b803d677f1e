import type { Deps } from '../../deps';
import { requireRole, routes } from '../../platform/auth/guards';
import { validateBody } from '../../platform/validate';
import { municipalitiesHandlers } from './handlers';
import { MunicipalityForm } from './schemas';

export function municipalitiesRoutes(deps: Deps) {
  const h = municipalitiesHandlers(deps);
  const spiTeam = requireRole('admin');
  return routes()
    .get('/municipalities', spiTeam, h.list)
    .get('/municipalities/new', spiTeam, h.showNew)
    .post('/municipalities', spiTeam, validateBody(MunicipalityForm, h.renderForm), h.create)
    .get('/municipalities/:id', spiTeam, h.show)
    .get('/municipalities/:id/edit', spiTeam, h.showEdit)
    .post('/municipalities/:id', spiTeam, validateBody(MunicipalityForm, h.renderForm), h.update);
}
