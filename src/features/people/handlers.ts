import type { Request, Response } from 'express';
import { idParam } from '../../platform/http/params';
import type { Deps } from '../../deps';
import type { FieldErrors } from '../../platform/errors';
import { setFlash } from '../../platform/http/flash';
import { t } from './texts';
import { formOf } from '../../platform/validate';
import { CERTIFICATE_TITLES, ROLES, SECTORS } from '../accounts/table';
import { PeopleFilter, PersonForm } from './schemas';
import { personRecord } from './record';
import { fullName } from '../../platform/names';

const roleOptions = () => ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }));
const sectorOptions = () => SECTORS.map((s) => ({ value: s, label: t(`sectors.${s}`) }));

export function peopleHandlers(deps: Deps) {
  const svc = deps.people;

  async function renderForm(req: Request, res: Response, values: Record<string, unknown>, errors: FieldErrors) {
    const actor = req.user!;
    const existing = req.params.id ? (await svc.get(actor, idParam(req))).user : undefined;
    const isAdmin = actor.role === 'admin';
    // a new account: what creatableRoles allows; an existing one: exactly the fields editableFields allows
    const may = existing
      ? await svc.editable(actor, existing.id)
      : new Set(isAdmin ? ['name', 'email', 'role', 'municipality', 'details'] : ['name', 'email', 'details']);
    res.render('people/views/form', {
      title: existing ? t('people.editTitle', { name: fullName(existing) }) : t('people.createTitle'),
      action: existing ? `/people/${existing.id}` : '/people',
      cancel: existing ? `/people/${existing.id}` : '/people',
      isNew: !existing,
      isAdmin,
      may: { email: may.has('email'), role: may.has('role'), municipality: may.has('municipality') },
      values: { ...(existing ?? {}), ...values },
      errors,
      roleOptions: roleOptions(),
      sectorOptions: sectorOptions(),
      titleOptions: CERTIFICATE_TITLES.map((v) => ({ value: v, label: t(`certificateTitles.${v}`) })),
      municipalityOptions: isAdmin
        ? (await deps.municipalities.options()).map((m) => ({ value: m.id, label: m.name }))
        : [],
      ownMunicipality: isAdmin ? undefined : await svc.municipalityName(actor.municipalityId),
    });
  }

  return {
    renderForm,

    async list(req: Request, res: Response) {
      const actor = req.user!;
      const filter = PeopleFilter.parse(req.query);
      const result = await svc.list(actor, filter);
      const isAdmin = actor.role === 'admin';
      const params = new URLSearchParams();
      if (filter.q) params.set('q', filter.q);
      if (filter.role) params.set('role', filter.role);
      if (filter.municipality) params.set('municipality', String(filter.municipality));
      if (filter.status) params.set('status', filter.status);
      const hrefFor = (page: number) => {
        const p = new URLSearchParams(params);
        p.set('page', String(page));
        return `/people?${p.toString()}`;
      };
      res.render('people/views/list', {
        title: isAdmin
          ? t('people.title')
          : t('people.titleCoordinator', { municipality: (await svc.municipalityName(actor.municipalityId)) ?? '' }),
        isAdmin,
        filter,
        result,
        paging: { page: Math.min(filter.page, result.pages), pages: result.pages, hrefFor },
        roleOptions: roleOptions(),
        municipalityOptions: isAdmin
          ? (await deps.municipalities.options()).map((m) => ({ value: m.id, label: m.name }))
          : [],
      });
    },

    async show(req: Request, res: Response) {
      const actor = req.user!;
      const { user, municipality } = await svc.get(actor, idParam(req));
      const [history, record] = await Promise.all([svc.history(actor, user.id), personRecord(deps, actor, user.id)]);
      res.render('people/views/show', {
        title: fullName(user),
        person: user,
        municipality,
        history,
        record,
        isSelf: actor.id === user.id,
        canEdit: (await svc.editable(actor, user.id)).size > 0,
        // only the SPI-Team resets a second factor, after checking who is asking
        mfa: actor.role === 'admin' ? await deps.mfa.status(user) : undefined,
        openSessions: actor.role === 'admin' ? await deps.devices.count(user.id) : undefined,
        errors: {},
      });
    },

    showNew: (req: Request, res: Response) => renderForm(req, res, {}, {}),
    showEdit: (req: Request, res: Response) => renderForm(req, res, {}, {}),

    async create(req: Request, res: Response) {
      const created = await svc.create(req.user!, formOf(PersonForm, req));
      setFlash(req, 'success', t('people.created', { name: created.name, email: created.email }));
      res.redirect(`/people/${created.id}`);
    },

    async update(req: Request, res: Response) {
      const { name, invited } = await svc.update(req.user!, idParam(req), formOf(PersonForm, req));
      setFlash(req, 'success', t(invited ? 'people.updatedInvited' : 'people.updated', { name }));
      res.redirect(`/people/${idParam(req)}`);
    },

    async deactivate(req: Request, res: Response) {
      const { name } = await svc.setActive(req.user!, idParam(req), false);
      setFlash(req, 'success', t('people.deactivated', { name }));
      res.redirect(`/people/${idParam(req)}`);
    },

    async activate(req: Request, res: Response) {
      const { name } = await svc.setActive(req.user!, idParam(req), true);
      setFlash(req, 'success', t('people.activated', { name }));
      res.redirect(`/people/${idParam(req)}`);
    },

    async resendInvite(req: Request, res: Response) {
      const { email } = await svc.resendInvite(req.user!, idParam(req));
      setFlash(req, 'success', t('people.inviteResent', { email }));
      res.redirect(`/people/${idParam(req)}`);
    },
  };
}
