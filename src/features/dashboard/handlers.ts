import type { Request, Response } from 'express';
import type { Deps } from '../../deps';
import { t } from '../../platform/i18n';
import { berlinInstant } from '../../platform/time';
import type { SessionUser } from '../accounts/session-user';
import { missingForTrainer } from '../attendance/roster';

/** "/" is each role's start page. */
export function dashboardHandlers(deps: Deps) {
  /** Cohorts of a trainer or trainee, and their next three sessions. */
  async function mine(user: SessionUser) {
    const now = deps.clock.now();
    const [cohortRows, sessions] = await Promise.all([deps.cohorts.list(user), deps.cohorts.sessionsOfPerson(user)]);
    return { cohortRows, nextSessions: sessions.filter((s) => berlinInstant(s.session.date, s.session.endTime) >= now).slice(0, 3) };
  }
  return {
    async show(req: Request, res: Response) {
      const user = req.user!;
      const title = t('dashboard.title', { name: `${user.firstName} ${user.lastName}` });
      switch (user.role) {
        case 'admin':
          return res.render('dashboard/views/admin', { title, data: await deps.dashboard.forAdmin() });
        case 'coordinator':
          return res.render('dashboard/views/coordinator', { title, data: await deps.dashboard.forCoordinator(user.municipalityId!), cohortRows: await deps.cohorts.list(user) });
        case 'trainer':
          return res.render('dashboard/views/trainer', { title, missing: await missingForTrainer(deps.database.db, user.id, deps.clock.now()), ...(await mine(user)) });
        case 'trainee':
          return res.render('dashboard/views/trainee', { title, data: await deps.dashboard.forTrainee(user.id), learning: await deps.learning.overview(user), checkinOpen: await deps.checkin.openFor(user), ...(await mine(user)) });
      }
    },
  };
}
