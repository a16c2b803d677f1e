import type { Deps } from '../../deps';
import { publicRoute, requireRole, routes } from '../../platform/auth/guards';
import { validateBody } from '../../platform/validate';
import { legalHandlers } from './handlers';
import { FeedbackForm } from './schemas';

/** Impressum, Datenschutzerklärung and Erklärung zur Barrierefreiheit, open to all; the feedback on barriers. */
export function legalRoutes(deps: Deps) {
  const h = legalHandlers(deps);
  return routes()
    .get('/impressum', publicRoute, h.show('impressum'))
    .get('/datenschutz', publicRoute, h.show('datenschutz'))
    .get('/barrierefreiheit', publicRoute, h.show('barrierefreiheit'))
    .post('/barrierefreiheit', publicRoute, validateBody(FeedbackForm, h.renderFeedback), h.sendFeedback)
    .get('/admin/feedback', requireRole('admin'), h.list)
    .post('/admin/feedback/:id/answered', requireRole('admin'), h.markAnswered);
}
