import type { Request, Response } from 'express';
import type { Deps } from '../../deps';
import { setFlash } from '../../platform/http/flash';
import { t } from './texts';
import { describeChanges } from './sync';

const param = (req: Request, name: string) => String(req.params[name] ?? '');

export function catalogueHandlers(deps: Deps) {
  const svc = deps.catalogue;

  async function renderModule(req: Request, res: Response, preview: boolean) {
    const page = await svc.modulePage(param(req, 'module'));
    const learner = !preview && req.user!.role === 'trainee';
    const done = learner ? await deps.learning.doneIn(req.user!, page.module.id) : new Set<number>();
    res.render('catalogue/views/module', { title: page.module.title, ...page, done, learner, preview });
  }

  return {
    async overview(_req: Request, res: Response) {
      res.render('catalogue/views/overview', { title: t('catalogue.title'), ...(await svc.overview()) });
    },

    showModule: (req: Request, res: Response) => renderModule(req, res, false),
    previewModule: (req: Request, res: Response) => renderModule(req, res, true),

    async showLesson(req: Request, res: Response) {
      const page = await svc.lessonPage(param(req, 'module'), param(req, 'lesson'));
      const learner = req.user!.role === 'trainee';
      const done = learner ? await deps.learning.doneIn(req.user!, page.module.id) : new Set<number>();
      res.render('catalogue/views/lesson', { title: page.lesson.title, ...page, done, learner });
    },

    async material(req: Request, res: Response) {
      const file = await svc.material(param(req, 'module'), param(req, 'file'));
      // Always a download, never rendered by the browser as our page; nosniff is set globally by helmet.
      res.attachment(file.fileName);
      res.type(file.contentType);
      res.sendFile(file.abs, { dotfiles: 'deny', maxAge: '1h' });
    },

    async search(req: Request, res: Response) {
      const q = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 200) : '';
      const results = q ? await svc.search(q) : [];
      res.render('catalogue/views/search', { title: t('catalogue.searchTitle'), q, results, tooShort: q.length === 1 });
    },

    async admin(_req: Request, res: Response) {
      res.render('catalogue/views/admin', {
        title: t('catalogueAdmin.title'),
        ...(await svc.adminStatus()),
        describeChanges,
      });
    },

    async sync(req: Request, res: Response) {
      const result = await svc.sync();
      const messages = {
        ok: ['success', 'catalogueAdmin.syncedOk'],
        unchanged: ['info', 'catalogueAdmin.syncedUnchanged'],
        failed: ['danger', 'catalogueAdmin.syncFailed'],
      } as const;
      const [kind, key] = messages[result.status];
      setFlash(req, kind, t(key));
      res.redirect('/admin/catalogue');
    },
  };
}
