import type { Request, Response } from 'express';
import { idParam } from '../../platform/http/params';
import JSZip from 'jszip';
import { z } from 'zod';
import type { Deps } from '../../deps';
import { publicRoute, requireRole, routes } from '../../platform/auth/guards';
import type { FieldErrors } from '../../platform/errors';
import { choice, requiredText } from '../../platform/forms';
import { setFlash } from '../../platform/http/flash';
import { t } from './texts';
import { formOf, validateBody } from '../../platform/validate';
import { CERTIFICATE_KINDS, type CertificateKind } from './table';

const ReasonForm = z.object({ reason: requiredText(t('certificates.reasonRequired'), 500) });
const TARGET = /^(\d{1,9}):(teilnahme|zertifikat):(\d{1,9}|-)$/;
/** The issue form: one target ("userId:kind:offeringId"), or a bulk run of all open (kind '') or of one kind. */
const IssueForm = z.object({
  target: z.preprocess(
    (v) => (v === undefined || v === '' ? null : v),
    z
      .string({ error: t('messages.singleValue') })
      .regex(TARGET, t('certificates.run.chooseInvalid'))
      .transform((v) => {
        const m = TARGET.exec(v)!;
        return { userId: Number(m[1]), kind: m[2] as CertificateKind, offeringId: m[3] === '-' ? null : Number(m[3]) };
      })
      .nullable(),
  ),
  kind: choice(['', ...CERTIFICATE_KINDS] as const, t('certificates.run.chooseInvalid')),
});

/** The register for the SPI-Team, downloads for holders, and the public verification page. */
export function certificatesRoutes(deps: Deps) {
  const svc = deps.certificates;
  const spiTeam = requireRole('admin');
  // Thirty look-ups a minute per address: enough for people, useless for guessing codes.
  const LOOKUPS = { points: 30, windowMs: 60_000 };

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

  return (
    routes()
      .get('/certificates', spiTeam, async (req: Request, res: Response) => {
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
      })
      .get('/cohorts/:id/certificates', spiTeam, (req, res) => renderCohort(req, res, {}, {}))
      .post(
        '/cohorts/:id/certificates',
        spiTeam,
        validateBody(IssueForm, renderCohort),
        async (req: Request, res: Response) => {
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
      )
      .post('/cohorts/:id/certificates/send', spiTeam, async (req: Request, res: Response) => {
        const cohort = await deps.cohorts.managed(req.user!, idParam(req));
        const count = await svc.sendAllOf(req.user!, cohort.id);
        setFlash(
          req,
          count ? 'success' : 'info',
          t(count ? 'certificates.sentMany' : 'certificates.nothingToSend', { count }),
        );
        res.redirect(`/cohorts/${cohort.id}/certificates`);
      })
      .get('/certificate-runs/:id', spiTeam, async (req: Request, res: Response) => {
        const r = await deps.certificateRuns.get(req.user!, idParam(req));
        res.render('certificates/views/run', { title: t('certificates.run.title', { cohort: r.cohortName }), ...r });
      })
      // the run page's script asks here while the run works; the page itself shows the same without JavaScript
      .get('/certificate-runs/:id/status', spiTeam, async (req: Request, res: Response) => {
        const { run, stale } = await deps.certificateRuns.get(req.user!, idParam(req));
        res.set('Cache-Control', 'no-store');
        res.json({
          state: stale ? 'unterbrochen' : run.state,
          done: run.done,
          total: run.total,
          created: run.created,
          existing: run.existing,
        });
      })
      .get('/cohorts/:id/certificates.zip', spiTeam, async (req: Request, res: Response) => {
        const cohort = await deps.cohorts.managed(req.user!, idParam(req));
        const zip = new JSZip();
        for (const e of await svc.zipOf(req.user!, cohort.id)) zip.file(e.name, e.bytes);
        res.set('Cache-Control', 'private, no-store');
        res
          .type('application/zip')
          .attachment(`bescheinigungen-${cohort.id}.zip`)
          .send(await zip.generateAsync({ type: 'nodebuffer' }));
      })
      .get('/certificates/:id.pdf', requireRole('admin', 'trainee'), async (req: Request, res: Response) => {
        const { certificate, bytes } = await svc.pdf(req.user!, idParam(req));
        res.set({ 'Cache-Control': 'private, no-store', 'X-Content-Type-Options': 'nosniff' });
        res.type('application/pdf').attachment(`${certificate.number}.pdf`).send(bytes);
      })
      .get('/certificates/:id', spiTeam, (req, res) => renderDetail(req, res, {}, {}))
      .post('/certificates/:id/send', spiTeam, async (req: Request, res: Response) => {
        const email = await svc.send(req.user!, idParam(req));
        setFlash(req, 'success', t('certificates.sent', { email }));
        res.redirect(`/certificates/${idParam(req)}`);
      })
      .post(
        '/certificates/:id/correct',
        spiTeam,
        validateBody(ReasonForm, renderDetail),
        async (req: Request, res: Response) => {
          const c = await svc.correct(req.user!, idParam(req), formOf(ReasonForm, req).reason);
          setFlash(req, 'success', t('certificates.corrected', { number: c.number }));
          res.redirect(`/certificates/${c.id}`);
        },
      )
      .post(
        '/certificates/:id/revoke',
        spiTeam,
        validateBody(ReasonForm, renderDetail),
        async (req: Request, res: Response) => {
          await svc.revoke(req.user!, idParam(req), formOf(ReasonForm, req).reason);
          setFlash(req, 'success', t('certificates.revoked'));
          res.redirect(`/certificates/${idParam(req)}`);
        },
      )
      .get('/my/certificates', requireRole('trainee'), async (req: Request, res: Response) => {
        res.render('certificates/views/mine', { title: t('certificates.mineTitle'), rows: await svc.mine(req.user!) });
      })
      .get('/verify', publicRoute, (req: Request, res: Response) =>
        verifyPage(req, res, typeof req.query.code === 'string' ? req.query.code.slice(0, 40) : ''),
      )
      .get('/verify/:code', publicRoute, (req: Request, res: Response) =>
        verifyPage(req, res, String(req.params.code).slice(0, 40)),
      )
  );
}
