import type { Request, Response } from 'express';
import { idParam } from '../../platform/http/params';
import type { Deps } from '../../deps';
import type { FieldErrors } from '../../platform/errors';
import { setFlash } from '../../platform/http/flash';
import { t } from './texts';
import { formatDay, formatTime } from '../../platform/time';
import { formOf } from '../../platform/validate';
import { canCreateCohort, cohortPermissions, type CohortAccess } from './access';
import { CohortForm, CopyForm, OfferingForm, QuotaForm, SessionForm } from './schemas';
import { COHORT_STATUSES, SESSION_KINDS } from './table';

const statusOptions = COHORT_STATUSES.map((s) => ({ value: s, label: t(`cohorts.statuses.${s}`) }));
const kindOptions = SESSION_KINDS.map((k) => ({ value: k, label: t(`cohorts.kind.${k}`) }));

export function cohortsHandlers(deps: Deps) {
  const svc = deps.cohorts;

  async function renderShow(
    req: Request,
    res: Response,
    access: CohortAccess,
    quota: { values: Record<string, unknown>; errors: FieldErrors } = { values: {}, errors: {} },
  ) {
    const may = cohortPermissions(access);
    const [page, municipalityOptions] = await Promise.all([
      svc.page(access),
      may.manage ? svc.municipalityOptions() : [],
    ]);
    res.render('cohorts/views/show', {
      title: access.cohort.name,
      access,
      may,
      cohort: access.cohort,
      ...page,
      municipalityOptions,
      quota,
    });
  }

  async function renderCohortForm(req: Request, res: Response, values: Record<string, unknown>, errors: FieldErrors) {
    const existing = req.params.id ? await svc.managed(req.user!, idParam(req)) : undefined;
    res.render('cohorts/views/form', {
      title: existing ? t('cohorts.editTitle', { name: existing.name }) : t('cohorts.createTitle'),
      action: existing ? `/cohorts/${existing.id}` : '/cohorts',
      cancel: existing ? `/cohorts/${existing.id}` : '/cohorts',
      values: { ...(existing ?? { status: 'geplant' }), ...values },
      errors,
      statusOptions,
    });
  }

  async function renderOfferingForm(req: Request, res: Response, values: Record<string, unknown>, errors: FieldErrors) {
    const existing = req.params.offeringId ? await svc.offeringOf(req.user!, idParam(req, 'offeringId')) : undefined;
    const cohort = existing?.cohort ?? (await svc.managed(req.user!, idParam(req)));
    const current = existing
      ? {
          moduleId: existing.offering.moduleId,
          position: existing.offering.position,
          trainerIds: await svc.trainerIdsOf(existing.offering.id),
        }
      : {};
    const merged: Record<string, unknown> = { ...current, ...values };
    const selected = new Set(
      (Array.isArray(merged.trainerIds) ? merged.trainerIds : merged.trainerIds ? [merged.trainerIds] : []).map(Number),
    );
    res.render('cohorts/views/offering-form', {
      title: existing
        ? t('cohorts.offeringEditTitle', { module: existing.moduleTitle })
        : t('cohorts.offeringCreateTitle'),
      action: existing ? `/offerings/${existing.offering.id}` : `/cohorts/${cohort.id}/offerings`,
      cancel: `/cohorts/${cohort.id}`,
      cohort,
      values: merged,
      errors,
      moduleOptions: (await svc.moduleOptions()).map((m) => ({
        value: m.value,
        label: `${m.label} (${t(`cohorts.kind.${m.kind}`)})`,
      })),
      trainers: (await svc.trainerOptions()).map((tr) => ({ ...tr, checked: selected.has(tr.id) })),
    });
  }

  async function renderSessionForm(req: Request, res: Response, values: Record<string, unknown>, errors: FieldErrors) {
    const existing = req.params.sessionId ? await svc.sessionOf(req.user!, idParam(req, 'sessionId')) : undefined;
    const o = existing ?? (await svc.offeringOf(req.user!, idParam(req, 'offeringId')));
    const current = existing
      ? {
          ...existing.session,
          startTime: formatTime(existing.session.startTime),
          endTime: formatTime(existing.session.endTime),
        }
      : { kind: o.moduleKind, ue: 8, startTime: '09:00', endTime: '16:30' };
    res.render('cohorts/views/session-form', {
      title: existing
        ? t('cohorts.sessionEditTitle', { module: o.moduleTitle })
        : t('cohorts.sessionCreateTitle', { module: o.moduleTitle }),
      action: existing ? `/sessions/${existing.session.id}` : `/offerings/${o.offering.id}/sessions`,
      cancel: `/cohorts/${o.cohort.id}#angebot-${o.offering.id}`,
      existing,
      cohort: o.cohort,
      values: { ...current, ...values },
      errors,
      kindOptions,
    });
  }

  async function renderCopyForm(req: Request, res: Response, values: Record<string, unknown>, errors: FieldErrors) {
    const source = await svc.managed(req.user!, idParam(req));
    res.render('cohorts/views/copy', {
      title: t('cohorts.copyTitle', { name: source.name }),
      source,
      values: { name: t('cohorts.copyName', { name: source.name }), ...values },
      errors,
    });
  }

  return {
    renderCohortForm,
    renderCopyForm,
    showCopy: (req: Request, res: Response) => renderCopyForm(req, res, {}, {}),
    async copy(req: Request, res: Response) {
      const c = await svc.copy(req.user!, idParam(req), formOf(CopyForm, req));
      setFlash(req, 'success', t('cohorts.copied', { name: c.name }));
      res.redirect(`/cohorts/${c.id}`);
    },
    async addAllModules(req: Request, res: Response) {
      const count = await svc.addAllModules(req.user!, idParam(req));
      setFlash(
        req,
        count ? 'success' : 'info',
        t(count ? 'cohorts.allModulesAdded' : 'cohorts.allModulesPresent', { count }),
      );
      res.redirect(`/cohorts/${idParam(req)}#termine`);
    },
    renderOfferingForm,
    renderSessionForm,
    renderQuotaForm: async (req: Request, res: Response, values: Record<string, unknown>, errors: FieldErrors) =>
      renderShow(req, res, await svc.reach(req.user!, idParam(req)), { values, errors }),

    async list(req: Request, res: Response) {
      const role = req.user!.role;
      const intro =
        role === 'admin'
          ? 'cohorts.intro'
          : role === 'coordinator'
            ? 'cohorts.introCoordinator'
            : role === 'trainer'
              ? 'cohorts.introTrainer'
              : 'cohorts.introTrainee';
      res.render('cohorts/views/list', {
        title: t('cohorts.title'),
        intro: t(intro),
        rows: await svc.list(req.user!),
        mayCreate: canCreateCohort(req.user!),
      });
    },
    async show(req: Request, res: Response) {
      await renderShow(req, res, await svc.reach(req.user!, idParam(req)));
    },
    showNew: (req: Request, res: Response) => renderCohortForm(req, res, {}, {}),
    showEdit: (req: Request, res: Response) => renderCohortForm(req, res, {}, {}),
    async create(req: Request, res: Response) {
      const c = await svc.create(req.user!, formOf(CohortForm, req));
      setFlash(req, 'success', t('cohorts.created', { name: c.name }));
      res.redirect(`/cohorts/${c.id}`);
    },
    async update(req: Request, res: Response) {
      const c = await svc.update(req.user!, idParam(req), formOf(CohortForm, req));
      setFlash(req, 'success', t('cohorts.updated', { name: c.name }));
      res.redirect(`/cohorts/${c.id}`);
    },
    async setQuota(req: Request, res: Response) {
      const { name } = await svc.setQuota(req.user!, idParam(req), formOf(QuotaForm, req));
      setFlash(req, 'success', t('cohorts.quotaSet', { name }));
      res.redirect(`/cohorts/${idParam(req)}#kommunen`);
    },
    async removeMunicipality(req: Request, res: Response) {
      const { name } = await svc.removeMunicipality(req.user!, idParam(req), idParam(req, 'municipalityId'));
      setFlash(req, 'success', t('cohorts.municipalityRemoved', { name }));
      res.redirect(`/cohorts/${idParam(req)}#kommunen`);
    },
    showNewOffering: (req: Request, res: Response) => renderOfferingForm(req, res, {}, {}),
    showEditOffering: (req: Request, res: Response) => renderOfferingForm(req, res, {}, {}),
    async createOffering(req: Request, res: Response) {
      const id = await svc.saveOffering(req.user!, idParam(req), null, formOf(OfferingForm, req));
      const o = await svc.offeringOf(req.user!, id);
      setFlash(req, 'success', t('cohorts.offeringSaved', { title: o.moduleTitle }));
      res.redirect(`/cohorts/${o.cohort.id}#angebot-${id}`);
    },
    async updateOffering(req: Request, res: Response) {
      const o = await svc.offeringOf(req.user!, idParam(req, 'offeringId'));
      await svc.saveOffering(req.user!, o.cohort.id, o.offering.id, formOf(OfferingForm, req));
      const after = await svc.offeringOf(req.user!, o.offering.id);
      setFlash(req, 'success', t('cohorts.offeringSaved', { title: after.moduleTitle }));
      res.redirect(`/cohorts/${o.cohort.id}#angebot-${o.offering.id}`);
    },
    async deleteOffering(req: Request, res: Response) {
      const { cohortId, title } = await svc.deleteOffering(req.user!, idParam(req, 'offeringId'));
      setFlash(req, 'success', t('cohorts.offeringDeleted', { title }));
      res.redirect(`/cohorts/${cohortId}#termine`);
    },
    showNewSession: (req: Request, res: Response) => renderSessionForm(req, res, {}, {}),
    showEditSession: (req: Request, res: Response) => renderSessionForm(req, res, {}, {}),
    async createSession(req: Request, res: Response) {
      const s = await svc.saveSession(req.user!, idParam(req, 'offeringId'), null, formOf(SessionForm, req));
      setFlash(req, 'success', t('cohorts.sessionSaved', { date: formatDay(s.date) }));
      res.redirect(`/cohorts/${(await svc.offeringOf(req.user!, s.offeringId)).cohort.id}#angebot-${s.offeringId}`);
    },
    async updateSession(req: Request, res: Response) {
      const existing = await svc.sessionOf(req.user!, idParam(req, 'sessionId'));
      const s = await svc.saveSession(req.user!, existing.offering.id, existing.session.id, formOf(SessionForm, req));
      setFlash(req, 'success', t('cohorts.sessionSaved', { date: formatDay(s.date) }));
      res.redirect(`/cohorts/${existing.cohort.id}#angebot-${s.offeringId}`);
    },
    async deleteSession(req: Request, res: Response) {
      const { cohortId } = await svc.deleteSession(req.user!, idParam(req, 'sessionId'));
      setFlash(req, 'success', t('cohorts.sessionDeleted'));
      res.redirect(`/cohorts/${cohortId}#termine`);
    },
  };
}
