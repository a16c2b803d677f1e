import type { Deps } from '../../deps';
import { publicRoute, requireRole, routes } from '../../platform/auth/guards';
import { validateBody } from '../../platform/validate';
import { certificatesHandlers } from './handlers';
import { IssueForm, ReasonForm } from './schemas';

/** The register for the SPI-Team, downloads for holders, and the public verification page. */
export function certificatesRoutes(deps: Deps) {
  const h = certificatesHandlers(deps);
  const spiTeam = requireRole('admin');
  return routes()
    .get('/certificates', spiTeam, h.register)
    .get('/cohorts/:id/certificates', spiTeam, h.showCohort)
    .post('/cohorts/:id/certificates', spiTeam, validateBody(IssueForm, h.renderCohort), h.issue)
    .post('/cohorts/:id/certificates/send', spiTeam, h.sendAll)
    .get('/certificate-runs/:id', spiTeam, h.showRun)
    .get('/certificate-runs/:id/status', spiTeam, h.runStatus)
    .get('/cohorts/:id/certificates.zip', spiTeam, h.zip)
    .get('/certificates/:id.pdf', requireRole('admin', 'trainee'), h.pdf)
    .get('/certificates/:id', spiTeam, h.showDetail)
    .post('/certificates/:id/send', spiTeam, h.send)
    .post('/certificates/:id/correct', spiTeam, validateBody(ReasonForm, h.renderDetail), h.correct)
    .post('/certificates/:id/revoke', spiTeam, validateBody(ReasonForm, h.renderDetail), h.revoke)
    .get('/my/certificates', requireRole('trainee'), h.mine)
    .get('/verify', publicRoute, h.verifyByQuery)
    .get('/verify/:code', publicRoute, h.verifyByCode);
}
