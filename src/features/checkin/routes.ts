import type { Request, Response } from 'express';
import { idParam } from '../../platform/http/params';
import { z } from 'zod';
import type { Deps } from '../../deps';
import { requireRole, routes } from '../../platform/auth/guards';
import type { FieldErrors } from '../../platform/errors';
import { intField, optionalText } from '../../platform/forms';
import { setFlash } from '../../platform/http/flash';
import { t } from './texts';
import { formatClock, formatDay, formatTime } from '../../platform/time';
import { formOf, validateBody } from '../../platform/validate';

const OpenForm = z.object({ minutes: intField(5, 30, t('checkin.msg.minutesInvalid')) });
const CodeForm = z.object({ code: optionalText(20), t: optionalText(80) });

/** The trainer's projector page and the trainee's code form. */
export function checkinRoutes(deps: Deps) {
  const svc = deps.checkin;
  const recorders = requireRole('admin', 'trainer');

  async function renderDisplay(req: Request, res: Response, values: Record<string, unknown>, errors: FieldErrors) {
    const d = await svc.display(req.user!, idParam(req, 'sessionId'));
    res.render('checkin/views/checkin-display', {
      title: t('checkin.displayTitle', { module: d.moduleTitle }),
      d,
      when: `${formatDay(d.session.date)}, ${t('cohorts.timeRange', { start: formatTime(d.session.startTime), end: formatTime(d.session.endTime) })}`,
      values: { minutes: '15', ...values },
      errors,
      clock: formatClock,
    });
  }

  function renderCodeForm(req: Request, res: Response, values: Record<string, unknown>, errors: FieldErrors) {
    res.render('checkin/views/checkin', { title: t('checkin.title'), values, errors });
  }

  return routes()
    .get('/sessions/:sessionId/checkin', recorders, (req, res) => renderDisplay(req, res, {}, {}))
    .post(
      '/sessions/:sessionId/checkin',
      recorders,
      validateBody(OpenForm, renderDisplay),
      async (req: Request, res: Response) => {
        await svc.open(req.user!, idParam(req, 'sessionId'), formOf(OpenForm, req).minutes);
        res.redirect(`/sessions/${idParam(req, 'sessionId')}/checkin`);
      },
    )
    .post('/sessions/:sessionId/checkin/close', recorders, async (req: Request, res: Response) => {
      await svc.close(req.user!, idParam(req, 'sessionId'));
      setFlash(req, 'success', t('checkin.closed'));
      res.redirect(`/sessions/${idParam(req, 'sessionId')}/attendance`);
    })
    .get('/checkin', requireRole('trainee'), (req: Request, res: Response) => {
      // the QR code leads here with a token (signed-out people sign in first and come back); checking in is still a POST
      const token = typeof req.query.t === 'string' && /^[\w.-]{1,80}$/.test(req.query.t) ? req.query.t : '';
      const code = typeof req.query.code === 'string' && /^\d{6}$/.test(req.query.code) ? req.query.code : '';
      renderCodeForm(req, res, { code, t: token }, {});
    })
    .post(
      '/checkin',
      requireRole('trainee'),
      validateBody(CodeForm, renderCodeForm),
      async (req: Request, res: Response) => {
        const form = formOf(CodeForm, req);
        const r = await svc.checkIn(req.user!, form.t ? { token: form.t } : { code: form.code });
        setFlash(
          req,
          r.already ? 'info' : 'success',
          t(r.already ? 'checkin.already' : 'checkin.done', { module: r.module, date: formatDay(r.date) }),
        );
        res.redirect('/attendance');
      },
    );
}
