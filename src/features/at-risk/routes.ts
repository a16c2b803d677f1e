import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Deps } from '../../deps';
import { requireRole, routes } from '../../platform/auth/guards';
import type { FieldErrors } from '../../platform/errors';
import { requiredText } from '../../platform/forms';
import { setFlash } from '../../platform/http/flash';
import { idParam } from '../../platform/http/params';
import { t } from './texts';
import { formOf, validateBody } from '../../platform/validate';
import { fullName } from '../../platform/names';
import { canWriteToAtRisk } from './access';

const MessageForm = z.object({
  subject: requiredText(t('atRisk.msg.subjectRequired'), 200),
  text: requiredText(t('atRisk.msg.textRequired'), 10_000),
  copyCoordinators: z.preprocess((v) => v === 'ja', z.boolean()),
});

/** The SPI-Team's and the coordinators' list of people whose certificate is at risk; writing to them is the SPI-Team's. */
export function atRiskRoutes(deps: Deps) {
  const svc = deps.atRisk;

  async function renderMessage(req: Request, res: Response, values: Record<string, unknown>, errors: FieldErrors) {
    const row = await svc.one(req.user!, idParam(req, 'cohortId'), idParam(req, 'userId'));
    const draft = svc.draft(row, req.user!);
    res.render('at-risk/views/message', {
      title: t('atRisk.messageTitle', { name: fullName(row.person) }),
      row,
      values: { ...draft, copyCoordinators: 'ja', ...values },
      errors,
    });
  }

  return routes()
    .get('/at-risk', requireRole('admin', 'coordinator'), async (req: Request, res: Response) => {
      res.render('at-risk/views/list', {
        title: t('atRisk.title'),
        rows: await svc.list(req.user!),
        canWrite: canWriteToAtRisk(req.user!),
      });
    })
    .get('/at-risk/:cohortId/:userId', requireRole('admin'), (req, res) => renderMessage(req, res, {}, {}))
    .post(
      '/at-risk/:cohortId/:userId',
      requireRole('admin'),
      validateBody(MessageForm, renderMessage),
      async (req: Request, res: Response) => {
        const { name } = await svc.send(
          req.user!,
          idParam(req, 'cohortId'),
          idParam(req, 'userId'),
          formOf(MessageForm, req),
        );
        setFlash(req, 'success', t('atRisk.sent', { name }));
        res.redirect('/at-risk');
      },
    );
}
