import type { Request, Response } from 'express';
import type { Deps } from '../../deps';
import { requireRole, routes } from '../../platform/auth/guards';
import type { FieldErrors } from '../../platform/errors';
import { setFlash } from '../../platform/http/flash';
import { idParam } from '../../platform/http/params';
import { formOf, validateBody } from '../../platform/validate';
import { fullName } from '../../platform/names';
import {
  HealthForm,
  healthCrossCheck,
  MilestoneForm,
  milestoneCrossCheck,
  PhaseForm,
  phaseCrossCheck,
  TandemForm,
} from './schemas';
import { MILESTONE_STATES, PROCESS_HEALTH } from './table';
import { t } from './texts';

type Values = Record<string, unknown>;
const key = (req: Request, name: string) => String(req.params[name] ?? '');

/** A municipality's process ("Prozess"): the SPI-Team and the municipality's coordinators; trainers and trainees never. */
export function processRoutes(deps: Deps) {
  const svc = deps.process;
  const readers = requireRole('admin', 'coordinator');
  const base = (id: number) => `/municipalities/${id}/process`;

  async function renderPage(req: Request, res: Response, values: Values, errors: FieldErrors) {
    const page = await svc.page(req.user!, idParam(req));
    const options = page.canAssign ? await svc.tandemOptions(page.municipality.id) : { external: [], local: [] };
    res.render('process/views/page', {
      title: t('process.title', { name: page.municipality.name }),
      page,
      healthOptions: PROCESS_HEALTH.map((h) => ({ value: h, label: t(`process.healthState.${h}`) })),
      externalOptions: [
        { value: '', label: t('process.nobody') },
        ...options.external.map((p) => ({ value: p.id, label: fullName(p) })),
      ],
      localOptions: [
        { value: '', label: t('process.nobody') },
        ...options.local.map((p) => ({ value: p.id, label: fullName(p) })),
      ],
      values: {
        health: page.health.state,
        healthReason: page.health.reason,
        externalFacilitatorId: page.tandem.external?.id ?? '',
        localFacilitatorId: page.tandem.local?.id ?? '',
        ...values,
      },
      errors,
    });
  }

  async function renderMilestone(req: Request, res: Response, values: Values, errors: FieldErrors) {
    const { municipality, milestone, row } = await svc.milestone(req.user!, idParam(req), key(req, 'key'));
    res.render('process/views/milestone', {
      title: t('process.editMilestone', { milestone: milestone.title }),
      municipality,
      milestone,
      states: MILESTONE_STATES.map((s) => ({ value: s, label: t(`process.state.${s}`) })),
      values: {
        plannedOn: row?.plannedOn ?? '',
        status: row?.status ?? 'offen',
        reachedOn: row?.reachedOn ?? '',
        reason: row?.reason ?? '',
        note: row?.note ?? '',
        ...values,
      },
      errors,
    });
  }

  async function renderPhase(req: Request, res: Response, values: Values, errors: FieldErrors) {
    const { municipality, phase, row } = await svc.phase(req.user!, idParam(req), key(req, 'key'));
    res.render('process/views/phase', {
      title: t('process.editPhaseTitle', { phase: phase.title }),
      municipality,
      phase,
      values: {
        plannedStart: row?.plannedStart ?? '',
        plannedEnd: row?.plannedEnd ?? '',
        actualStart: row?.actualStart ?? '',
        actualEnd: row?.actualEnd ?? '',
        ...values,
      },
      errors,
    });
  }

  const saved = (req: Request, res: Response, anchor: string) => {
    setFlash(req, 'success', t('process.saved'));
    res.redirect(`${base(idParam(req))}#${anchor}`);
  };

  return routes()
    .get('/process', readers, (req: Request, res: Response) => {
      // the coordinator's own municipality; the SPI-Team chooses one from the list of municipalities
      const own = req.user!.role === 'coordinator' ? req.user!.municipalityId : null;
      res.redirect(own ? base(own) : '/municipalities');
    })
    .get('/municipalities/:id/process', readers, (req, res) => renderPage(req, res, {}, {}))
    .get('/municipalities/:id/process/milestones/:key', readers, (req, res) => renderMilestone(req, res, {}, {}))
    .post(
      '/municipalities/:id/process/milestones/:key',
      readers,
      validateBody(MilestoneForm, renderMilestone, milestoneCrossCheck),
      async (req: Request, res: Response) => {
        await svc.saveMilestone(req.user!, idParam(req), key(req, 'key'), formOf(MilestoneForm, req));
        saved(req, res, `m-${key(req, 'key')}`);
      },
    )
    .get('/municipalities/:id/process/phases/:key', readers, (req, res) => renderPhase(req, res, {}, {}))
    .post(
      '/municipalities/:id/process/phases/:key',
      readers,
      validateBody(PhaseForm, renderPhase, phaseCrossCheck),
      async (req: Request, res: Response) => {
        await svc.savePhase(req.user!, idParam(req), key(req, 'key'), formOf(PhaseForm, req));
        saved(req, res, 'phasen');
      },
    )
    .post(
      '/municipalities/:id/process/health',
      readers,
      validateBody(HealthForm, renderPage, healthCrossCheck),
      async (req: Request, res: Response) => {
        await svc.setHealth(req.user!, idParam(req), formOf(HealthForm, req));
        saved(req, res, 'einschaetzung');
      },
    )
    .post(
      '/municipalities/:id/process/tandem',
      requireRole('admin'),
      validateBody(TandemForm, renderPage),
      async (req: Request, res: Response) => {
        await svc.setTandem(req.user!, idParam(req), formOf(TandemForm, req));
        saved(req, res, 'tandem');
      },
    );
}
