import type { Request, Response } from 'express';
import type { Deps } from '../../deps';
import { t } from './texts';
import { adminStartPage, coordinatorStartPage, trainerStartPage, traineeStartPage } from './start-pages';
import { fullName } from '../../platform/names';

/** "/" is each role's start page: what to do next, each with a link to where it is done. */
export function dashboardHandlers(deps: Deps) {
  return {
    async show(req: Request, res: Response) {
      const user = req.user!;
      const title = t('dashboard.title', { name: fullName(user) });
      switch (user.role) {
        case 'admin':
          return res.render('dashboard/views/admin', { title, data: await adminStartPage(deps, user) });
        case 'coordinator':
          return res.render('dashboard/views/coordinator', { title, ...(await coordinatorStartPage(deps, user)) });
        case 'trainer':
          return res.render('dashboard/views/trainer', { title, ...(await trainerStartPage(deps, user)) });
        case 'trainee':
          return res.render('dashboard/views/trainee', { title, ...(await traineeStartPage(deps, user)) });
      }
    },
  };
}
