import type { Deps } from '../../deps';
import { requireRole, routes, signedIn } from '../../platform/auth/guards';
import { validateBody } from '../../platform/validate';
import { erasureHandlers } from './handlers';
import { EraseForm, RefuseForm, RequestForm } from './schemas';

/** Erasure: each person asks for their own; the SPI-Team decides. */
export function erasureRoutes(deps: Deps) {
  const h = erasureHandlers(deps);
  const spi = requireRole('admin');
  return routes()
    .post(
      '/profile/data/erasure',
      signedIn,
      validateBody(RequestForm, (_q, s) => s.redirect('/profile/data')),
      h.request,
    )
    .get('/admin/erasure', spi, h.list)
    .get('/admin/erasure/:id', spi, h.show)
    .post('/admin/erasure/:id/erase', spi, validateBody(EraseForm, h.renderDetail), h.erase)
    .post('/admin/erasure/:id/refuse', spi, validateBody(RefuseForm, h.renderDetail), h.refuse);
}
