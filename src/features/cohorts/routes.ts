import type { Deps } from '../../deps';
import { requireRole, routes, signedIn } from '../../platform/auth/guards';
import { validateBody } from '../../platform/validate';
import { cohortsHandlers } from './handlers';
import {
  CopyForm,
  CohortForm,
  cohortCrossCheck,
  OfferingForm,
  QuotaForm,
  SessionForm,
  sessionCrossCheck,
} from './schemas';

/** Everyone signed in may ask for a cohort; the service answers 404 unless they manage, coordinate, teach or attend it. */
export function cohortsRoutes(deps: Deps) {
  const h = cohortsHandlers(deps);
  const spiTeam = requireRole('admin');
  return routes()
    .get('/cohorts', signedIn, h.list)
    .get('/cohorts/new', spiTeam, h.showNew)
    .post('/cohorts', spiTeam, validateBody(CohortForm, h.renderCohortForm, cohortCrossCheck), h.create)
    .get('/cohorts/:id', signedIn, h.show)
    .get('/cohorts/:id/edit', spiTeam, h.showEdit)
    .post('/cohorts/:id', spiTeam, validateBody(CohortForm, h.renderCohortForm, cohortCrossCheck), h.update)
    .post('/cohorts/:id/municipalities', spiTeam, validateBody(QuotaForm, h.renderQuotaForm), h.setQuota)
    .post('/cohorts/:id/municipalities/:municipalityId/remove', spiTeam, h.removeMunicipality)
    .get('/cohorts/:id/copy', spiTeam, h.showCopy)
    .post('/cohorts/:id/copy', spiTeam, validateBody(CopyForm, h.renderCopyForm), h.copy)
    .post('/cohorts/:id/offerings/all', spiTeam, h.addAllModules)
    .get('/cohorts/:id/offerings/new', spiTeam, h.showNewOffering)
    .post('/cohorts/:id/offerings', spiTeam, validateBody(OfferingForm, h.renderOfferingForm), h.createOffering)
    .get('/offerings/:offeringId/edit', spiTeam, h.showEditOffering)
    .post('/offerings/:offeringId', spiTeam, validateBody(OfferingForm, h.renderOfferingForm), h.updateOffering)
    .post('/offerings/:offeringId/delete', spiTeam, h.deleteOffering)
    .get('/offerings/:offeringId/sessions/new', spiTeam, h.showNewSession)
    .post(
      '/offerings/:offeringId/sessions',
      spiTeam,
      validateBody(SessionForm, h.renderSessionForm, sessionCrossCheck),
      h.createSession,
    )
    .get('/sessions/:sessionId/edit', spiTeam, h.showEditSession)
    .post(
      '/sessions/:sessionId',
      spiTeam,
      validateBody(SessionForm, h.renderSessionForm, sessionCrossCheck),
      h.updateSession,
    )
    .post('/sessions/:sessionId/delete', spiTeam, h.deleteSession);
}
