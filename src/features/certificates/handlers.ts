import type { Request, Response } from 'express';
import { idParam } from '../../platform/http/params';
import JSZip from 'jszip';
import type { Deps } from '../../deps';
import type { FieldErrors } from '../../platform/errors';
import { setFlash } from '../../platform/http/flash';
import { t } from './texts';
import { formOf } from '../../platform/validate';
import { IssueForm, ReasonForm } from './schemas';

// Thirty look-ups a minute per address: enough for people, useless for guessing codes.
const LOOKUPS = { points: 30, windowMs: 60_000 };

export function certificatesHandlers(deps: Deps) {
  const svc = deps.certificates;

  async function renderDetail(req: Request, res: Response, values: Record<string, unknown>, errors: FieldErrors) {
    const d = await svc.detail(req.user!, idParam(req));
    res.render('certificates/views/detail', {
      title: t('certificates.detailTitle', {
        kind: t(`certificates.kind.${d.certificate.kind}`),
        number: d.certificate.number,
      }),
      d,
      values,
      errors,
    });
  }

  async function renderCohort(req: Request, res: Response, _values: Record<string, unknown>, errors: FieldErrors) {
    const cohort = await deps.cohorts.managed(req.user!, idParam(req));
    const [rows, latest] = await Promise.all([
      svc.eligibility(req.user!, cohort.id),
      deps.certificateRuns.latest(req.user!, cohort.id),
    ]);
    res.render('certificates/views/cohort', {
      title: t('certificates.cohortTitle', { cohort: cohort.name }),
      cohort,
      rows,
      latest,
      errors,
    });
  }

  /** By the code (QR), or by the printed number together with the holder's surname; both count against one limit. */
  async function verifyPage(req: Request, res: Response, code: string) {
    const number = typeof req.query.number === 'string' ? req.query.number.slice(0, 40) : '';
    const surname = typeof req.query.surname === 'string' ? req.query.surname.slice(0, 100) : '';
    const view = { title: t('certificates.verifyTitle'), code, number, surname };
    if (!(await deps.limiter.consume(`verify:${req.ip ?? 'unknown'}`, LOOKUPS)).allowed) {
      return res.status(429).render('certificates/views/verify', { ...view, result: undefined, tooMany: true });
    }
    const asked = !!code || !!(number || surname);
    const result = code
      ? await svc.verify(code)
      : number || surname
        ? await svc.verifyByNumber(number, surname)
        : undefined;
    res
      .status(asked && !result ? 404 : 200)
      .render('certificates/views/verify', { ...view, result, tooMany: false, asked });
  }

  return {
    renderDetail,
    renderCohort,

    async register(req: Request, res: Response) {
      const cohortId =
        typeof req.query.cohort === 'string' && /^\d{1,9}$/.test(req.query.cohort)
          ? Number(req.query.cohort)
          : undefined;
      const q = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 100) : '';
      res.render('certificates/views/register', {
        title: t('certificates.registerTitle'),
        q,
        rows: await svc.register(req.user!, { cohortId, q }),
      });
    },

    showCohort: (req: Request, res: Response) => renderCohort(req, res, {}, {}),

    async issue(req: Request, res: Response) {
      const cohort = await deps.cohorts.managed(req.user!, idParam(req));
      const form = formOf(IssueForm, req);
      // one target ("userId:kind:offeringId") is issued at once; without it, a run issues everything open (or one kind)
      if (!form.target) {
        const started = await deps.certificateRuns.start(req.user!, cohort.id, form.kind || null);
        if (started.runId) {
          if (started.joined) setFlash(req, 'info', t('certificates.run.joined'));
          return res.redirect(303, `/certificate-runs/${started.runId}`);
        }
        // a form from before the last run: everything is issued already
        setFlash(req, 'info', t('certificates.run.nothingOpen'));
        return res.redirect(303, `/cohorts/${cohort.id}/certificates`);
      }
      const r = await svc.issue(req.user!, cohort.id, [form.target]);
      setFlash(req, 'success', t('certificates.issued', r));
      res.redirect(`/cohorts/${cohort.id}/certificates`);
    },

    async sendAll(req: Request, res: Response) {
      const cohort = await deps.cohorts.managed(req.user!, idParam(req));
      const count = await svc.sendAllOf(req.user!, cohort.id);
      setFlash(
        req,
        count ? 'success' : 'info',
        t(count ? 'certificates.sentMany' : 'certificates.nothingToSend', { count }),
      );
      res.redirect(`/cohorts/${cohort.id}/certificates`);
    },

    async showRun(req: Request, res: Response) {
      const r = await deps.certificateRuns.get(req.user!, idParam(req));
      res.render('certificates/views/run', { title: t('certificates.run.title', { cohort: r.cohortName }), ...r });
    },

    /** The run page's script asks here while the run works; the page itself shows the same without JavaScript. */
    async runStatus(req: Request, res: Response) {
      const { run, stale } = await deps.certificateRuns.get(req.user!, idParam(req));
      res.set('Cache-Control', 'no-store');
      res.json({
        state: stale ? 'unterbrochen' : run.state,
        done: run.done,
        total: run.total,
        created: run.created,
        existing: run.existing,
      });
    },

    async zip(req: Request, res: Response) {
      const cohort = await deps.cohorts.managed(req.user!, idParam(req));
      const zip = new JSZip();
      for (const e of await svc.zipOf(req.user!, cohort.id)) zip.file(e.name, e.bytes);
      res.set('Cache-Control', 'private, no-store');
      res
        .type('application/zip')
        .attachment(`bescheinigungen-${cohort.id}.zip`)
        .send(await zip.generateAsync({ type: 'nodebuffer' }));
    },

    async pdf(req: Request, res: Response) {
      const { certificate, bytes } = await svc.pdf(req.user!, idParam(req));
      res.set({ 'Cache-Control': 'private, no-store', 'X-Content-Type-Options': 'nosniff' });
      res.type('application/pdf').attachment(`${certificate.number}.pdf`).send(bytes);
    },

    showDetail: (req: Request, res: Response) => renderDetail(req, res, {}, {}),

    async send(req: Request, res: Response) {
      const email = await svc.send(req.user!, idParam(req));
      setFlash(req, 'success', t('certificates.sent', { email }));
      res.redirect(`/certificates/${idParam(req)}`);
    },

    async correct(req: Request, res: Response) {
      const c = await svc.correct(req.user!, idParam(req), formOf(ReasonForm, req).reason);
      setFlash(req, 'success', t('certificates.corrected', { number: c.number }));
      res.redirect(`/certificates/${c.id}`);
    },

    async revoke(req: Request, res: Response) {
      await svc.revoke(req.user!, idParam(req), formOf(ReasonForm, req).reason);
      setFlash(req, 'success', t('certificates.revoked'));
      res.redirect(`/certificates/${idParam(req)}`);
    },

    async mine(req: Request, res: Response) {
      res.render('certificates/views/mine', { title: t('certificates.mineTitle'), rows: await svc.mine(req.user!) });
    },

    verifyByQuery: (req: Request, res: Response) =>
      verifyPage(req, res, typeof req.query.code === 'string' ? req.query.code.slice(0, 40) : ''),
    verifyByCode: (req: Request, res: Response) => verifyPage(req, res, String(req.params.code).slice(0, 40)),
  };
}
