import type { Request, Response } from 'express';
import type { Deps } from '../../deps';
import { requireRole, routes } from '../../platform/auth/guards';
import { setFlash } from '../../platform/http/flash';
import { t } from './texts';

/** A trainee's own progress. No URL names a person: the actor is always the one signed in. */
export function learningRoutes(deps: Deps) {
  const trainee = requireRole('trainee');
  return routes()
    .get('/learning', trainee, async (req: Request, res: Response) => {
      res.render('learning/views/overview', {
        title: t('learning.title'),
        data: await deps.learning.overview(req.user!),
      });
    })
    .post('/catalogue/:module/:lesson/done', trainee, async (req: Request, res: Response) => {
      const done = req.body?.done !== '0';
      const moduleSlug = String(req.params.module);
      const lessonSlug = String(req.params.lesson);
      const lesson = await deps.learning.mark(req.user!, moduleSlug, lessonSlug, done);
      setFlash(req, 'success', t(done ? 'learning.doneFlash' : 'learning.undoneFlash', { title: lesson.title }));
      res.redirect(`/catalogue/${encodeURIComponent(moduleSlug)}/${encodeURIComponent(lessonSlug)}`);
    });
}
