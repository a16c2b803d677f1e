import type { Request, Response } from 'express';
import { idParam } from '../../platform/http/params';
import type { Deps } from '../../deps';
import { NotFound, FormError, type FieldErrors } from '../../platform/errors';
import { setFlash } from '../../platform/http/flash';
import { t } from './texts';
import { toCsv, toXlsx } from '../../platform/spreadsheet';
import { recordAudit } from '../../platform/audit';
import { formOf } from '../../platform/validate';
import { SECTORS } from '../accounts/table';
import { BeyondQuota } from './service';
import { ListFileError } from './list-file';
import { ENROLMENT_STATUSES } from './table';
import { canDecideEnrolments } from '../cohorts/access';
import {
  ConfirmForm,
  ConfirmManyForm,
  EnrolmentFilter,
  NominateExistingForm,
  NominateNewForm,
  RejectForm,
  WithdrawForm,
} from './schemas';
import { fullName } from '../../platform/names';

const sectorOptions = SECTORS.map((s) => ({ value: s, label: t(`sectors.${s}`) }));

export function enrolmentHandlers(deps: Deps) {
  const svc = deps.enrolment;

  /** The nomination page with its three forms; errors of one form are shown beside it, the others stay empty. */
  async function renderNominate(
    req: Request,
    res: Response,
    values: Record<string, unknown>,
    errors: FieldErrors,
    form: 'existing' | 'new' | 'upload',
  ) {
    const { access, municipalityId, counts } = await svc.nominationPage(req.user!, idParam(req));
    const mine = municipalityId !== null ? counts.byMunicipality.get(municipalityId) : undefined;
    res.render('enrolment/views/nominate', {
      title: t('enrolment.nominateTitle', { cohort: access.cohort.name }),
      cohort: access.cohort,
      forCoordinator: municipalityId !== null,
      seats: {
        held: counts.held,
        seats: counts.seats,
        quota: mine?.quota ?? 0,
        mineHeld: mine?.held ?? 0,
        free: Math.max(0, Math.min(counts.seats - counts.held, (mine?.quota ?? 0) - (mine?.held ?? 0))),
      },
      candidates: await svc.candidates(access),
      sectorOptions,
      forms: {
        existing: form === 'existing' ? { values, errors } : { values: {}, errors: {} },
        new: form === 'new' ? { values, errors } : { values: {}, errors: {} },
        upload: form === 'upload' ? { values, errors } : { values: {}, errors: {} },
      },
    });
  }

  async function renderEnd(
    req: Request,
    res: Response,
    values: Record<string, unknown>,
    errors: FieldErrors,
    kind: 'reject' | 'withdraw',
  ) {
    const { enrolment, person, access } = await svc.enrolmentOf(req.user!, idParam(req));
    if (kind === 'reject' && !canDecideEnrolments(access)) throw new NotFound();
    const name = fullName(person);
    res.render('enrolment/views/end', {
      title:
        kind === 'reject'
          ? t('enrolment.rejectTitle', { name })
          : t('enrolment.withdrawTitle', { name, cohort: access.cohort.name }),
      kind,
      action: `/enrolments/${enrolment.id}/${kind}`,
      cancel: `/cohorts/${access.cohort.id}`,
      values,
      errors,
    });
  }

  async function exportFile(req: Request, res: Response, kind: 'csv' | 'xlsx') {
    const access = await deps.cohorts.reach(req.user!, idParam(req));
    const { header, rows } = await svc.exportRows(access);
    const base = `teilnehmende-${access.cohort.name
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase()}`;
    // a list of people leaves the platform: who took it is in the audit log
    await recordAudit(deps.database.db, {
      actorId: req.user!.id,
      action: 'export.participants',
      subjectType: 'cohort',
      subjectId: access.cohort.id,
      details: { file: `${base}.${kind}`, rows: rows.length },
    });
    res.set('Cache-Control', 'no-store');
    if (kind === 'csv') return res.type('text/csv; charset=utf-8').attachment(`${base}.csv`).send(toCsv(header, rows));
    res
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .attachment(`${base}.xlsx`)
      .send(await toXlsx(t('cohorts.participants'), header, rows));
  }

  return {
    renderExisting: (req: Request, res: Response, v: Record<string, unknown>, e: FieldErrors) =>
      renderNominate(req, res, v, e, 'existing'),
    renderNew: (req: Request, res: Response, v: Record<string, unknown>, e: FieldErrors) =>
      renderNominate(req, res, v, e, 'new'),
    renderUpload: (req: Request, res: Response, v: Record<string, unknown>, e: FieldErrors) =>
      renderNominate(req, res, v, e, 'upload'),
    renderReject: (req: Request, res: Response, v: Record<string, unknown>, e: FieldErrors) =>
      renderEnd(req, res, v, e, 'reject'),
    renderWithdraw: (req: Request, res: Response, v: Record<string, unknown>, e: FieldErrors) =>
      renderEnd(req, res, v, e, 'withdraw'),

    showNominate: (req: Request, res: Response) => renderNominate(req, res, {}, {}, 'existing'),
    async nominateExisting(req: Request, res: Response) {
      const { name, status } = await svc.nominateExisting(
        req.user!,
        idParam(req),
        formOf(NominateExistingForm, req).userId,
      );
      setFlash(
        req,
        status === 'warteliste' ? 'warning' : 'success',
        t(status === 'warteliste' ? 'enrolment.nominatedWaitlist' : 'enrolment.nominated', { name }),
      );
      res.redirect(`/cohorts/${idParam(req)}/nominate`);
    },
    async nominateNew(req: Request, res: Response) {
      const { name, status } = await svc.nominateNew(req.user!, idParam(req), formOf(NominateNewForm, req));
      setFlash(
        req,
        status === 'warteliste' ? 'warning' : 'success',
        t(status === 'warteliste' ? 'enrolment.nominatedWaitlist' : 'enrolment.nominated', { name }),
      );
      res.redirect(`/cohorts/${idParam(req)}/nominate`);
    },
    async upload(req: Request, res: Response) {
      try {
        const importId = await svc.preview(req.user!, idParam(req), req.file!);
        res.redirect(`/cohorts/${idParam(req)}/imports/${importId}`);
      } catch (err) {
        if (err instanceof ListFileError) throw FormError.field('file', err.message);
        throw err;
      }
    },
    async showImport(req: Request, res: Response) {
      const p = await svc.importPreview(req.user!, idParam(req), idParam(req, 'importId'));
      res.render('enrolment/views/preview', {
        title: t('enrolment.previewTitle', { file: p.imp.fileName }),
        ...p,
        cohort: p.access.cohort,
      });
    },
    async confirmImport(req: Request, res: Response) {
      const r = await svc.confirmImport(req.user!, idParam(req), idParam(req, 'importId'));
      setFlash(req, 'success', t('enrolment.imported', r));
      res.redirect(`/cohorts/${idParam(req)}#teilnehmende`);
    },
    async confirm(req: Request, res: Response) {
      const { beyondQuota } = ConfirmForm.parse(req.body ?? {});
      let name: string;
      try {
        ({ name } = await svc.confirm(req.user!, idParam(req), { beyondQuota }));
      } catch (err) {
        if (!(err instanceof BeyondQuota)) throw err;
        const { person, access } = await svc.enrolmentOf(req.user!, idParam(req));
        const who = fullName(person);
        return res.status(409).render('enrolment/views/beyond-quota', {
          title: t('enrolment.beyondQuotaTitle', { name: who }),
          text: err.message,
          id: idParam(req),
          cohort: access.cohort,
          name: who,
        });
      }
      const { access } = await svc.enrolmentOf(req.user!, idParam(req));
      setFlash(req, 'success', t('enrolment.confirmedFlash', { name }));
      res.redirect(`/cohorts/${access.cohort.id}#teilnehmende`);
    },
    async confirmMany(req: Request, res: Response) {
      const { enrolmentIds } = ConfirmManyForm.parse(req.body ?? {});
      const count = enrolmentIds.length ? await svc.confirmMany(req.user!, idParam(req), enrolmentIds) : 0;
      setFlash(
        req,
        count ? 'success' : 'info',
        t(count ? 'enrolment.confirmedMany' : 'enrolment.msg.chooseSome', { count }),
      );
      res.redirect(`/cohorts/${idParam(req)}#teilnehmende`);
    },
    showReject: (req: Request, res: Response) => renderEnd(req, res, {}, {}, 'reject'),
    showWithdraw: (req: Request, res: Response) => renderEnd(req, res, {}, {}, 'withdraw'),
    async reject(req: Request, res: Response) {
      const { name, promoted } = await svc.reject(req.user!, idParam(req), formOf(RejectForm, req).reason);
      const { access } = await svc.enrolmentOf(req.user!, idParam(req));
      setFlash(
        req,
        'success',
        t('enrolment.rejectedFlash', { name }) + (promoted ? t('enrolment.promotedFlash', { count: promoted }) : ''),
      );
      res.redirect(`/cohorts/${access.cohort.id}#teilnehmende`);
    },
    async withdraw(req: Request, res: Response) {
      const { name, promoted } = await svc.withdraw(req.user!, idParam(req), formOf(WithdrawForm, req).reason);
      const { access } = await svc.enrolmentOf(req.user!, idParam(req));
      setFlash(
        req,
        'success',
        t('enrolment.withdrawnFlash', { name }) + (promoted ? t('enrolment.promotedFlash', { count: promoted }) : ''),
      );
      res.redirect(`/cohorts/${access.cohort.id}#teilnehmende`);
    },
    exportCsv: (req: Request, res: Response) => exportFile(req, res, 'csv'),
    exportXlsx: (req: Request, res: Response) => exportFile(req, res, 'xlsx'),
    async overview(req: Request, res: Response) {
      const filter = EnrolmentFilter.parse(req.query);
      const cohorts = await deps.cohorts.list(req.user!);
      res.render('enrolment/views/overview', {
        title: t('enrolment.title'),
        intro: t(req.user!.role === 'admin' ? 'enrolment.introAdmin' : 'enrolment.introCoordinator'),
        rows: await svc.overview(req.user!, filter),
        filter,
        cohortOptions: cohorts.map((c) => ({ value: c.cohort.id, label: c.cohort.name })),
        statusOptions: [
          ...ENROLMENT_STATUSES.map((s) => ({ value: s, label: t(`enrolment.status.${s}`) })),
          { value: 'keine', label: t('enrolment.noneStatus') },
        ],
      });
    },
  };
}
