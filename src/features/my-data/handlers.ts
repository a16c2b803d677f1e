import type { Request, Response } from 'express';
import type { Deps } from '../../deps';
import { NotFound } from '../../platform/errors';
import { setFlash } from '../../platform/http/flash';
import { idParam } from '../../platform/http/params';
import { t } from './texts';

export function myDataHandlers(deps: Deps) {
  const svc = deps.myData;
  return {
    async show(req: Request, res: Response) {
      const exports = await svc.mine(req.user!);
      res.render('my-data/views/index', {
        title: t('myData.title'),
        exports,
        pending: exports.some((e) => e.state === 'wird_erstellt'),
        erasure: await deps.erasure.openOf(req.user!.id),
      });
    },

    async request(req: Request, res: Response) {
      await svc.request(req.user!);
      setFlash(req, 'success', t('myData.requested'));
      res.redirect('/profile/data');
    },

    async download(req: Request, res: Response) {
      const file = await svc.download(req.user!, idParam(req));
      if (!file) throw new NotFound();
      const day = file.requestedAt.toISOString().slice(0, 10);
      res.set('Cache-Control', 'no-store');
      res.type('application/zip').attachment(`meine-daten-kokoma-${day}.zip`);
      if (file.size) res.set('Content-Length', String(file.size));
      file.stream.pipe(res);
    },
  };
}
