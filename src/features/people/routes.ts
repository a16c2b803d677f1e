import type { Deps } from '../../deps';
import { requireRole, routes } from '../../platform/auth/guards';
import { validateBody } from '../../platform/validate';
import { peopleHandlers } from './handlers';
import { PersonForm } from './schemas';
import { newPersonRoleProblems } from './service';

/** The SPI-Team manages everyone; a coordinator the people of their own municipality (others answer 404). */
export function peopleRoutes(deps: Deps) {
  const h = peopleHandlers(deps);
  const managers = requireRole('admin', 'coordinator');
  return routes()
    .get('/people', managers, h.list)
    .get('/people/new', managers, h.showNew)
    .post(
      '/people',
      managers,
      validateBody(PersonForm, h.renderForm, (req, raw) => newPersonRoleProblems(req.user!, raw)),
      h.create,
    )
    .get('/people/:id', managers, h.show)
    .get('/people/:id/edit', managers, h.showEdit)
    .post('/people/:id', managers, validateBody(PersonForm, h.renderForm), h.update)
    .post('/people/:id/deactivate', managers, h.deactivate)
    .post('/people/:id/activate', managers, h.activate)
    .post('/people/:id/invite', managers, h.resendInvite);
}
