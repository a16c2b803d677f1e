import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import { idParam } from '../../platform/http/params';
import JSZip from 'jszip';
import type { Deps } from '../../deps';
import { NotFound, type FieldErrors } from '../../platform/errors';
import { canHandIn, canTeachOffering } from './access';
import { FILE_KINDS } from '../../platform/files/sniff';
import { setDownloadHeaders } from '../../platform/http/download';
import { setFlash } from '../../platform/http/flash';
import { formatDuration, t } from './texts';
import { berlinToday, formatClock, formatDay } from '../../platform/time';
import { formOf } from '../../platform/validate';
import { renderMarkdown } from '../../platform/markdown';
import { AssignmentForm, FeedbackForm, WorkForm } from './schemas';
import type { Upload } from './service';
import { GRADINGS } from './table';
import { formValuesOf, templatesOf } from './templates';
import { fullName } from '../../platform/names';

const uploadsOf = (req: Request): Upload[] =>
  ((req.files as Express.Multer.File[] | undefined) ?? []).map((f) => ({
    originalname: f.originalname,
    path: f.path,
    size: f.size,
  }));
const html = (md: string) => renderMarkdown(md, { linkFor: () => undefined }).html;
/** "Di., 15.03.2027, 23:59 Uhr" in Berlin time. */
export const when = (d: Date) => `${formatDay(berlinToday(d))}, ${formatClock(d).slice(0, 5)} Uhr`;
const berlinParts = (d: Date) => ({
  date: berlinToday(d),
  time: formatClock(d).slice(0, 5),
});

export function assignmentsHandlers(deps: Deps) {
  const svc = deps.assignments;

  async function renderForm(req: Request, res: Response, values: Record<string, unknown>, errors: FieldErrors) {
    const existing = req.params.id ? await svc.reach(req.user!, idParam(req)) : undefined;
    if (existing && !canTeachOffering(existing)) throw new NotFound();
    const scope = existing ? undefined : (await svc.forOffering(req.user!, idParam(req, 'offeringId'))).scope;
    if (scope && !canTeachOffering(scope)) throw new NotFound();
    const a = existing?.assignment;
    const current = a
      ? {
          ...a,
          dueDate: berlinParts(a.dueAt).date,
          dueTime: berlinParts(a.dueAt).time,
          cutoffDate: a.cutoffAt ? berlinParts(a.cutoffAt).date : '',
          cutoffTime: a.cutoffAt ? berlinParts(a.cutoffAt).time : '',
          expectsFile: a.expectsFile ? 'ja' : '',
          expectsText: a.expectsText ? 'ja' : '',
          required: a.required ? 'ja' : '',
        }
      : {
          maxFileMb: 20,
          maxFiles: 1,
          grading: 'bestanden',
          expectsFile: 'ja',
          allowedKinds: ['pdf', 'docx', 'odt'],
          dueTime: '23:59',
          required: 'ja',
        };
    // templates from content/ beside the module: "?vorlage=name" copies one into the form
    const templates = scope ? templatesOf(deps.config.contentDir, await svc.moduleDirOf(scope.id)) : [];
    const chosen =
      typeof req.query.vorlage === 'string' ? templates.find((x) => x.file === req.query.vorlage) : undefined;
    const merged: Record<string, unknown> = Object.keys(values).length
      ? { ...values }
      : chosen
        ? formValuesOf(chosen)
        : current;
    const kinds = new Set(
      Array.isArray(merged.allowedKinds)
        ? merged.allowedKinds.map(String)
        : merged.allowedKinds
          ? [String(merged.allowedKinds)]
          : [],
    );
    res.render('assignments/views/form', {
      title: a
        ? t('assignments.editTitle', { title: a.title })
        : t('assignments.createTitle', { module: scope!.moduleTitle }),
      action: a ? `/assignments/${a.id}` : `/offerings/${scope!.id}/assignments`,
      cancel: a ? `/assignments/${a.id}` : `/cohorts/${scope!.cohortId}#angebot-${scope!.id}`,
      values: merged,
      errors,
      kinds: FILE_KINDS.map((k) => ({ value: k, checked: kinds.has(k) })),
      gradingOptions: GRADINGS.map((g) => ({ value: g, label: t(`assignments.gradings.${g}`) })),
      templates: scope
        ? templates.map((x) => ({
            file: x.file,
            title: x.title,
            href: `/offerings/${scope.id}/assignments/new?vorlage=${x.file}`,
          }))
        : [],
      chosen: chosen?.title,
    });
  }

  async function renderShow(req: Request, res: Response, values: Record<string, unknown>, errors: FieldErrors) {
    const a = await svc.reach(req.user!, idParam(req));
    const base = {
      title: a.assignment.title,
      a,
      instructionsHtml: html(a.assignment.instructions),
      when,
      values,
      errors,
    };
    if (canHandIn(a))
      return res.render('assignments/views/mine', { ...base, m: await svc.mine(req.user!, a.assignment.id) });
    res.render('assignments/views/overview', { ...base, o: await svc.overview(req.user!, a.assignment.id) });
  }

  async function renderSubmission(req: Request, res: Response, values: Record<string, unknown>, errors: FieldErrors) {
    const s = await svc.submissionFor(req.user!, idParam(req));
    res.render('assignments/views/submission', {
      title: `${s.assignment.title}: ${s.person.firstName} ${s.person.lastName}`,
      s,
      when,
      values,
      errors,
      instructionsHtml: html(s.assignment.instructions),
      html,
    });
  }

  return {
    renderForm,
    renderShow,
    renderSubmission,
    showNew: (req: Request, res: Response) => renderForm(req, res, {}, {}),
    showEdit: (req: Request, res: Response) => renderForm(req, res, {}, {}),
    async create(req: Request, res: Response) {
      const input = formOf(AssignmentForm, req);
      const id = await svc.create(req.user!, idParam(req, 'offeringId'), input);
      setFlash(req, 'success', t('assignments.created', { title: input.title }));
      res.redirect(`/assignments/${id}`);
    },
    async update(req: Request, res: Response) {
      const input = formOf(AssignmentForm, req);
      await svc.update(req.user!, idParam(req), input);
      setFlash(req, 'success', t('assignments.updated', { title: input.title }));
      res.redirect(`/assignments/${idParam(req)}`);
    },
    show: (req: Request, res: Response) => renderShow(req, res, {}, {}),
    async saveWork(req: Request, res: Response) {
      const { submit, ...work } = formOf(WorkForm, req);
      const r = submit
        ? await svc.handIn(req.user!, idParam(req), work, uploadsOf(req))
        : await svc.saveDraft(req.user!, idParam(req), work, uploadsOf(req));
      setFlash(
        req,
        'success',
        !r.submitted
          ? t('assignments.draftSaved')
          : r.lateMinutes
            ? t('assignments.handedInLate', { duration: formatDuration(r.lateMinutes) })
            : t('assignments.handedIn'),
      );
      res.redirect(`/assignments/${idParam(req)}`);
    },
    async queue(req: Request, res: Response) {
      res.render('assignments/views/queue', {
        title: t('assignments.queueTitle'),
        rows: await svc.queue(req.user!),
        when,
      });
    },
    showSubmission: (req: Request, res: Response) => renderSubmission(req, res, {}, {}),
    async feedback(req: Request, res: Response) {
      const input = formOf(FeedbackForm, req);
      const s = await svc.submissionFor(req.user!, idParam(req));
      await svc.giveFeedback(req.user!, idParam(req), input, uploadsOf(req));
      setFlash(req, 'success', t('assignments.feedbackSent', { name: fullName(s.person) }));
      res.redirect('/grading');
    },
    /** Images and PDFs open in the browser, sandboxed; everything else downloads. Never sniffed by the browser. */
    async file(req: Request, res: Response) {
      const { file, body } = await svc.file(req.user!, idParam(req));
      res.set({
        'Content-Security-Policy': "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
        'Cache-Control': 'private, no-store',
      });
      setDownloadHeaders(res, {
        name: file.originalName,
        kind: file.kind,
        inline: ['pdf', 'png', 'jpg'].includes(file.kind),
      });
      res.set('Content-Length', String(file.size));
      // streamed from the store: a 20 MB hand-in never sits whole in memory
      await pipeline(body, res).catch((err: unknown) => {
        if (!res.headersSent) throw err;
        req.log?.debug({ err }, 'download ended early'); // the person closed the tab or lost the connection
      });
    },
    async zip(req: Request, res: Response) {
      const { name, entries } = await svc.zipOf(req.user!, idParam(req));
      const zip = new JSZip();
      for (const e of entries) zip.file(e.name, e.bytes);
      res.set('Cache-Control', 'private, no-store');
      res
        .type('application/zip')
        .attachment(name)
        .send(await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    },
  };
}
