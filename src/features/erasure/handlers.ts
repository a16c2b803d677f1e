import type { Request, Response } from 'express';
import type { Deps } from '../../deps';
import type { FieldErrors } from '../../platform/errors';
import { setFlash } from '../../platform/http/flash';
import { idParam } from '../../platform/http/params';
import { formOf } from '../../platform/validate';
import { fullName } from '../../platform/names';
import { RefuseForm, RequestForm } from './schemas';
import { formatDate, t } from './texts';

type Values = Record<string, unknown>;

export function erasureHandlers(deps: Deps) {
  const svc = deps.erasure;

  async function renderDetail(req: Request, res: Response, values: Values, errors: FieldErrors) {
    const d = await svc.detail(idParam(req));
    res.render('erasure/views/detail', {
      title: t('erasure.detailTitle', { name: fullName(d.person) }),
      d,
      own: d.person.id === req.user!.id,
      values,
      errors,
    });
  }

  return {
    renderDetail,

    async request(req: Request, res: Response) {
      const deadline = await svc.request(req.user!, formOf(RequestForm, req).reason);
      setFlash(req, 'success', t('erasure.requested', { date: formatDate(deadline) }));
      res.redirect('/profile/data');
    },

    async list(_req: Request, res: Response) {
      res.render('erasure/views/list', { title: t('erasure.listTitle'), ...(await svc.list()) });
    },

    show: (req: Request, res: Response) => renderDetail(req, res, {}, {}),

    async erase(req: Request, res: Response) {
      await svc.erase(req.user!, idParam(req));
      setFlash(req, 'success', t('erasure.erased'));
      res.redirect('/admin/erasure');
    },

    async refuse(req: Request, res: Response) {
      await svc.refuse(req.user!, idParam(req), formOf(RefuseForm, req).note);
      setFlash(req, 'success', t('erasure.refused'));
      res.redirect('/admin/erasure');
    },
  };
}
