import type { Request, Response } from 'express';
import type { Deps } from '../../deps';
import { t } from '../../platform/i18n';

/** "/" is each role's start page. */
export function dashboardHandlers(deps: Deps) {
  return {
    async show(req: Request, res: Response) {
      const user = req.user!;
      const title = t('dashboard.title', { name: `${user.firstName} ${user.lastName}` });
      switch (user.role) {
        case 'admin':
          return res.render('dashboard/views/admin', { title, data: await deps.dashboard.forAdmin() });
        case 'coordinator':
          return res.render('dashboard/views/coordinator', { title, data: await deps.dashboard.forCoordinator(user.municipalityId!) });
        case 'trainer':
          return res.render('dashboard/views/trainer', { title });
        case 'trainee':
          return res.render('dashboard/views/trainee', { title, data: await deps.dashboard.forTrainee(user.id), learning: await deps.learning.overview(user) });
      }
    },
  };
}
