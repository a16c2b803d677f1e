import type { Deps } from '../../deps';
import { requireRole, routes } from '../../platform/auth/guards';
import { attendanceHandlers } from './handlers';
import { attendancePages } from './pages';

/** The sheet belongs to the session's trainers and the SPI-Team; the service answers 404 to trainers of other offerings. */
export function attendanceRoutes(deps: Deps) {
  const h = attendanceHandlers(deps);
  const p = attendancePages(deps);
  const recorders = requireRole('admin', 'trainer');
  return routes()
    .get('/sessions/:sessionId/attendance', recorders, h.showSheet)
    .post('/sessions/:sessionId/attendance', recorders, h.saveSheet)
    .post('/sessions/:sessionId/attendance/all-present', recorders, h.allPresent)
    .get('/sessions/:sessionId/attendance/history', requireRole('admin'), h.history)
    .get('/sessions/:sessionId/signatures.pdf', recorders, p.signatures)
    .get('/attendance/missing', recorders, p.missing);
}
