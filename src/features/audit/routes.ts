import type { Deps } from '../../deps';
import { requireRole, routes } from '../../platform/auth/guards';
import { auditHandlers } from './handlers';

/** The audit log, for the SPI-Team only: read and exported, never edited. */
export function auditRoutes(deps: Deps) {
  const h = auditHandlers(deps);
  return routes()
    .get('/admin/audit', requireRole('admin'), h.list)
    .get('/admin/audit.csv', requireRole('admin'), h.csv);
}
