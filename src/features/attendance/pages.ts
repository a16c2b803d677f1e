import type { Request, Response } from 'express';
import { idParam } from '../../platform/http/params';
import type { Deps } from '../../deps';
import { t } from './texts';
import { signatureList } from './signature-list';
import { fullName } from '../../platform/names';

/** The signature list of a session and the list of sessions still missing attendance. */
export function attendancePages(deps: Deps) {
  const slug = (s: string) =>
    s
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase();

  return {
    /** The printable signature list of one session, for its trainers and the SPI-Team. */
    async signatures(req: Request, res: Response) {
      const { s, roster, trainers } = await deps.attendance.signatureListData(req.user!, idParam(req, 'sessionId'));
      const pdf = await signatureList({
        cohortName: s.cohort.name,
        moduleTitle: s.moduleTitle,
        session: s.session,
        trainers: trainers
          .filter((tr) => tr.offeringId === s.offeringId)
          .map((tr) => fullName(tr))
          .join(', '),
        roster,
      });
      res.set('Cache-Control', 'no-store');
      res
        .type('application/pdf')
        .attachment(`unterschriftenliste-${s.session.date}-${slug(s.moduleTitle).slice(0, 40)}.pdf`)
        .send(pdf);
    },

    /** Ended sessions with people not marked yet: a trainer's own, the SPI-Team's all. */
    async missing(req: Request, res: Response) {
      const rows = await deps.attendance.missing(req.user!);
      res.render('attendance/views/missing', { title: t('attendance.missingTitle'), rows });
    },
  };
}
