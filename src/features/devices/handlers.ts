import type { Request, Response } from 'express';
import type { Deps } from '../../deps';
import { setFlash } from '../../platform/http/flash';
import { idParam } from '../../platform/http/params';
import { fullName } from '../../platform/names';
import { t } from './texts';

export function devicesHandlers(deps: Deps) {
  const svc = deps.devices;
  return {
    async show(req: Request, res: Response) {
      res.render('devices/views/index', {
        title: t('devices.title'),
        sessions: await svc.mine(req.user!, req.sessionID),
      });
    },

    async end(req: Request, res: Response) {
      const handle = typeof req.body.session === 'string' ? req.body.session : '';
      const ended = await svc.endMine(req.user!, handle, req.sessionID);
      setFlash(req, ended ? 'success' : 'info', t(ended ? 'devices.ended' : 'devices.gone'));
      res.redirect('/profile/devices');
    },

    async endOthers(req: Request, res: Response) {
      const count = await svc.endOthers(req.user!, req.sessionID);
      setFlash(req, count ? 'success' : 'info', count ? t('devices.endedOthers', { count }) : t('devices.noOthers'));
      res.redirect('/profile/devices');
    },

    async endAllOf(req: Request, res: Response) {
      const { user: person } = await deps.people.get(req.user!, idParam(req));
      const count = await svc.endAllOf(req.user!, person.id);
      setFlash(req, 'success', t('devices.endedAll', { name: fullName(person), count }));
      res.redirect(`/people/${person.id}`);
    },
  };
}
