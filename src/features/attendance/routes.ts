import type { Deps } from '../../deps';
import { requireRole, routes } from '../../platform/auth/guards';
import { attendanceHandlers } from './handlers';
import { attendancePages } from './pages';

/** The sheet belongs to the session's trainers and the SPI-Team; the service answers 404 to trainers of other offerings. */
export function attendanceRoutes(deps: Deps) {
  const h = attendanceHandlers(deps);
  const p = attendancePages(deps);
  const recorders = requireRole('admin', 'trainer');
  // the service narrows further: a coordinator sees their municipality's people, a trainer only cohorts they teach
  const seers = requireRole('admin', 'coordinator', 'trainer');
  return routes()
    .get('/sessions/:sessionId/attendance', recorders, h.showSheet)
    .post('/sessions/:sessionId/attendance', recorders, h.saveSheet)
    .post('/sessions/:sessionId/attendance/all-present', recorders, h.allPresent)
    .get('/sessions/:sessionId/attendance/history', requireRole('admin'), h.history)
    .get('/cohorts/:id/attendance', seers, p.matrix)
    .get('/attendance', requireRole('trainee'), p.mine)
    .get('/cohorts/:id/attendance.csv', seers, p.matrixFile('csv'))
    .get('/cohorts/:id/attendance.xlsx', seers, p.matrixFile('xlsx'))
    .get('/cohorts/:id/ledger.csv', seers, p.ledgerFile('csv'))
    .get('/cohorts/:id/ledger.xlsx', seers, p.ledgerFile('xlsx'))
    .get('/sessions/:sessionId/signatures.pdf', recorders, p.signatures)
    .get('/attendance/missing', recorders, p.missing);
}
