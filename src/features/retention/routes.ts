import type { Deps } from '../../deps';
import { requireRole, routes } from '../../platform/auth/guards';
import { validateBody } from '../../platform/validate';
import { retentionHandlers } from './handlers';
import { ApplyForm } from './schemas';

/** The retention periods: the SPI-Team sees what is due and what was done, and may run the daily job at once. */
export function retentionRoutes(deps: Deps) {
  const h = retentionHandlers(deps);
  const spi = requireRole('admin');
  return routes()
    .get('/admin/retention', spi, h.show)
    .post('/admin/retention/apply', spi, validateBody(ApplyForm, h.render), h.apply);
}
