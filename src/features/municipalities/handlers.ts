import type { Request, Response } from 'express';
import { idParam } from '../../platform/http/params';
import type { Deps } from '../../deps';
import type { FieldErrors } from '../../platform/errors';
import { setFlash } from '../../platform/http/flash';
import { t } from './texts';
import { formOf } from '../../platform/validate';
import { MunicipalityForm } from './schemas';
import { GERMAN_STATES } from './table';

const stateOptions = GERMAN_STATES.map((s) => ({ value: s, label: s }));

export function municipalitiesHandlers(deps: Deps) {
  const svc = deps.municipalities;

  async function renderForm(req: Request, res: Response, values: Record<string, unknown>, errors: FieldErrors) {
    const existing = req.params.id ? await svc.getOrThrow(idParam(req)) : undefined;
    res.render('municipalities/views/form', {
      title: existing ? t('municipalities.editTitle', { name: existing.name }) : t('municipalities.createTitle'),
      action: existing ? `/municipalities/${existing.id}` : '/municipalities',
      cancel: existing ? `/municipalities/${existing.id}` : '/municipalities',
      values: { ...(existing ?? {}), ...values },
      errors,
      stateOptions,
    });
  }

  return {
    renderForm,
    async list(_req: Request, res: Response) {
      res.render('municipalities/views/list', { title: t('municipalities.title'), rows: await svc.listWithCounts() });
    },
    async show(req: Request, res: Response) {
      const m = await svc.getOrThrow(idParam(req));
      const people = await deps.people.countByRole({ municipalityId: m.id });
      res.render('municipalities/views/show', { title: m.name, m, people });
    },
    showNew: (req: Request, res: Response) => renderForm(req, res, {}, {}),
    showEdit: (req: Request, res: Response) => renderForm(req, res, {}, {}),
    async create(req: Request, res: Response) {
      const m = await svc.create(req.user!, formOf(MunicipalityForm, req));
      setFlash(req, 'success', t('municipalities.created', { name: m.name }));
      res.redirect(`/municipalities/${m.id}`);
    },
    async update(req: Request, res: Response) {
      await svc.getOrThrow(idParam(req));
      const m = await svc.update(req.user!, idParam(req), formOf(MunicipalityForm, req));
      setFlash(req, 'success', t('municipalities.updated', { name: m.name }));
      res.redirect(`/municipalities/${m.id}`);
    },
  };
}
