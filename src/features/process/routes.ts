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
  MemberForm,
  memberCrossCheck,
  MeetingForm,
  meetingCrossCheck,
  NEW_STEPS,
  StepForm,
  type MeetingInput,
} from './schemas';
import { SECTORS } from '../accounts/table';
import { MEETING_KINDS, MILESTONE_STATES, PROCESS_HEALTH } from './table';
import { t } from './texts';
import type { ProcessSummary } from './queries';
import { toCsv, toXlsx } from '../../platform/spreadsheet';
import { berlinToday, formatDay } from '../../platform/time';

type Values = Record<string, unknown>;
const SORTS = ['kommune', 'phase', 'meilensteine', 'einschaetzung', 'naechster', 'sitzung'] as const;
type Sort = (typeof SORTS)[number];
const HEALTH_ORDER = { gefaehrdet: 0, aufmerksamkeit: 1, im_plan: 2 } as const;

/** The overview's order: by name, phase, milestones reached, health (most worrying first) or next milestone's date. */
function sorted(rows: ProcessSummary[], sort: Sort, dir: 'asc' | 'desc'): ProcessSummary[] {
  const by: Record<Sort, (a: ProcessSummary, b: ProcessSummary) => number> = {
    kommune: () => 0,
    phase: (a, b) => a.phase.index + (a.phase.finished ? 0.5 : 0) - (b.phase.index + (b.phase.finished ? 0.5 : 0)),
    meilensteine: (a, b) => a.reached / a.total - b.reached / b.total,
    einschaetzung: (a, b) => HEALTH_ORDER[a.health] - HEALTH_ORDER[b.health],
    naechster: (a, b) => (a.next?.plannedOn ?? '9999').localeCompare(b.next?.plannedOn ?? '9999'),
    sitzung: (a, b) => (a.lastMeeting ?? '').localeCompare(b.lastMeeting ?? ''),
  };
  // the rows come in German dictionary order of the name: a stable sort keeps it among equals
  const out = [...rows].sort(by[sort]);
  return dir === 'desc' ? out.reverse() : out;
}
const key = (req: Request, name: string) => String(req.params[name] ?? '');

/** A municipality's process ("Prozess"): the SPI-Team and the municipality's coordinators; trainers and trainees never. */
export function processRoutes(deps: Deps) {
  const svc = deps.process;
  const meetingsSvc = deps.processMeetings;
  const readers = requireRole('admin', 'coordinator');
  const base = (id: number) => `/municipalities/${id}/process`;

  async function renderPage(req: Request, res: Response, values: Values, errors: FieldErrors) {
    const page = await svc.page(req.user!, idParam(req));
    const log = await meetingsSvc.forPage(page.access);
    const options = page.canAssign ? await svc.tandemOptions(page.municipality.id) : { external: [], local: [] };
    res.render('process/views/page', {
      title: t('process.title', { name: page.municipality.name }),
      page,
      log,
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

  /** The overview as a file: the same lines as the page, numbers as numbers in the XLSX. */
  async function sendOverview(req: Request, res: Response, kind: 'csv' | 'xlsx') {
    const rows = await svc.summaries();
    const header = [
      t('process.col.municipality'),
      t('process.currentPhase'),
      t('process.col.reached'),
      t('process.col.total'),
      t('process.health'),
      t('process.healthReason'),
      t('process.col.next'),
      t('process.plannedOn'),
      t('process.col.overdueCount'),
      t('process.lastMeeting'),
    ];
    const body = rows.map((r) => [
      r.municipality.name,
      r.phase.finished
        ? t('process.finished')
        : r.phase.index
          ? `${r.phase.index}. ${r.phase.title}`
          : t('process.notStarted'),
      r.reached,
      r.total,
      t(`process.healthState.${r.health}`),
      r.healthReason,
      r.next?.title ?? '',
      r.next ? formatDay(r.next.plannedOn, false) : '',
      r.overdue.length,
      r.lastMeeting ? formatDay(r.lastMeeting, false) : '',
    ]);
    res.set('Cache-Control', 'no-store');
    const name = `${t('process.file')}-${berlinToday(deps.clock.now())}`;
    if (kind === 'csv') return res.type('text/csv; charset=utf-8').attachment(`${name}.csv`).send(toCsv(header, body));
    res
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .attachment(`${name}.xlsx`)
      .send(await toXlsx(t('process.overviewTitle'), header, body));
  }

  async function renderMember(req: Request, res: Response, values: Values, errors: FieldErrors) {
    const memberId = req.params.memberId ? idParam(req, 'memberId') : null;
    const found =
      memberId === null
        ? { ...(await meetingsSvc.editable(req.user!, idParam(req))), member: undefined }
        : await meetingsSvc.memberOf(req.user!, idParam(req), memberId);
    const m = found.member;
    res.render('process/views/member', {
      title: m ? t('process.editMember', { name: m.name }) : t('process.newMemberTitle'),
      municipality: found.municipality,
      action: `${base(found.municipality.id)}/members/${m ? m.id : 'new'}`,
      sectors: [
        { value: '', label: t('process.noSector') },
        ...SECTORS.map((x) => ({ value: x, label: t(`sectors.${x}`) })),
      ],
      values: {
        name: m?.name ?? '',
        organisation: m?.organisation ?? '',
        sector: m?.sector ?? '',
        role: m?.role ?? '',
        joinedOn: m?.joinedOn ?? '',
        leftOn: m?.leftOn ?? '',
        ...values,
      },
      errors,
    });
  }

  async function renderMeeting(req: Request, res: Response, values: Values, errors: FieldErrors) {
    const meetingId = req.params.meetingId ? idParam(req, 'meetingId') : null;
    const found =
      meetingId === null
        ? { ...(await meetingsSvc.editable(req.user!, idParam(req))), meeting: undefined, steps: [] }
        : await meetingsSvc.meetingOf(req.user!, idParam(req), meetingId);
    const m = found.meeting;
    res.render('process/views/meeting', {
      title: m ? t('process.editMeeting', { date: formatDay(m.heldOn, false) }) : t('process.newMeetingTitle'),
      municipality: found.municipality,
      action: `${base(found.municipality.id)}/meetings/${m ? m.id : 'new'}`,
      steps: found.steps,
      newSteps: NEW_STEPS,
      kinds: MEETING_KINDS.map((k) => ({ value: k, label: t(`process.kind.${k}`) })),
      sectorOptions: SECTORS.map((x) => ({ value: x, label: t(`sectors.${x}`) })),
      values: {
        heldOn: m?.heldOn ?? '',
        kind: m?.kind ?? 'steuerungsgruppe',
        participants: m ? String(m.participants) : '',
        organisations: m?.organisations ?? '',
        sectors: m?.sectors ?? [],
        decisions: m?.decisions ?? '',
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
      // the coordinator's own municipality; the SPI-Team's overview of all
      const own = req.user!.role === 'coordinator' ? req.user!.municipalityId : null;
      res.redirect(own ? base(own) : '/process/overview');
    })
    .get('/process/overview', requireRole('admin'), async (req: Request, res: Response) => {
      const sort = SORTS.includes(req.query.sortierung as Sort) ? (req.query.sortierung as Sort) : 'kommune';
      const dir = req.query.richtung === 'desc' ? 'desc' : 'asc';
      res.render('process/views/overview', {
        title: t('process.overviewTitle'),
        rows: sorted(await svc.summaries(), sort, dir),
        sort,
        dir,
      });
    })
    .get('/process/overview.csv', requireRole('admin'), (req, res) => sendOverview(req, res, 'csv'))
    .get('/process/overview.xlsx', requireRole('admin'), (req, res) => sendOverview(req, res, 'xlsx'))
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
    .get('/municipalities/:id/process/members/new', readers, (req, res) => renderMember(req, res, {}, {}))
    .post(
      '/municipalities/:id/process/members/new',
      readers,
      validateBody(MemberForm, renderMember, memberCrossCheck),
      async (req: Request, res: Response) => {
        await meetingsSvc.saveMember(req.user!, idParam(req), null, formOf(MemberForm, req));
        saved(req, res, 'steuerungsgruppe');
      },
    )
    .get('/municipalities/:id/process/members/:memberId', readers, (req, res) => renderMember(req, res, {}, {}))
    .post(
      '/municipalities/:id/process/members/:memberId',
      readers,
      validateBody(MemberForm, renderMember, memberCrossCheck),
      async (req: Request, res: Response) => {
        await meetingsSvc.saveMember(req.user!, idParam(req), idParam(req, 'memberId'), formOf(MemberForm, req));
        saved(req, res, 'steuerungsgruppe');
      },
    )
    .get('/municipalities/:id/process/meetings/new', readers, (req, res) => renderMeeting(req, res, {}, {}))
    .post(
      '/municipalities/:id/process/meetings/new',
      readers,
      validateBody(MeetingForm, renderMeeting, meetingCrossCheck),
      async (req: Request, res: Response) => {
        await meetingsSvc.saveMeeting(req.user!, idParam(req), null, formOf(MeetingForm, req) as MeetingInput);
        saved(req, res, 'sitzungen');
      },
    )
    .get('/municipalities/:id/process/meetings/:meetingId', readers, (req, res) => renderMeeting(req, res, {}, {}))
    .post(
      '/municipalities/:id/process/meetings/:meetingId',
      readers,
      validateBody(MeetingForm, renderMeeting, meetingCrossCheck),
      async (req: Request, res: Response) => {
        const id = idParam(req, 'meetingId');
        await meetingsSvc.saveMeeting(req.user!, idParam(req), id, formOf(MeetingForm, req) as MeetingInput);
        saved(req, res, `sitzung-${id}`);
      },
    )
    .post(
      '/municipalities/:id/process/steps/:stepId',
      readers,
      validateBody(StepForm, renderPage),
      async (req: Request, res: Response) => {
        await meetingsSvc.setStepDone(
          req.user!,
          idParam(req),
          idParam(req, 'stepId'),
          formOf(StepForm, req).done === 'ja',
        );
        saved(req, res, 'sitzungen');
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
