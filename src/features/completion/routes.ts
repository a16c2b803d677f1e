import type { Deps } from '../../deps';
import { requireRole, routes } from '../../platform/auth/guards';
import { completionPages } from './pages';

/** Progress of a cohort and of oneself; the cohort's reach narrows further (a coordinator sees their municipality). */
export function completionRoutes(deps: Deps) {
  const p = completionPages(deps);
  const seers = requireRole('admin', 'coordinator', 'trainer');
  return routes()
    .get('/cohorts/:id/attendance', seers, p.matrix)
    .get('/attendance', requireRole('trainee'), p.mine)
    .get('/cohorts/:id/attendance.csv', seers, p.matrixFile('csv'))
    .get('/cohorts/:id/attendance.xlsx', seers, p.matrixFile('xlsx'))
    .get('/cohorts/:id/ledger.csv', seers, p.ledgerFile('csv'))
    .get('/cohorts/:id/ledger.xlsx', seers, p.ledgerFile('xlsx'));
}
