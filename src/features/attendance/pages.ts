import type { Request, Response } from 'express';
import { idParam } from '../../platform/http/params';
import type { Deps } from '../../deps';
import { t } from './texts';

/** The signature list of a session and the list of sessions still missing attendance. */
export function attendancePages(deps: Deps) {
  return {
    /** The printable signature list of one session, for its trainers and the SPI-Team. */
    async signatures(req: Request, res: Response) {
      const { fileName, pdf } = await deps.attendance.signatureListPdf(req.user!, idParam(req, 'sessionId'));
      res.set('Cache-Control', 'no-store');
      res.type('application/pdf').attachment(fileName).send(pdf);
    },

    /** Ended sessions with people not marked yet: a trainer's own, the SPI-Team's all. */
    async missing(req: Request, res: Response) {
      const rows = await deps.attendance.missing(req.user!);
      res.render('attendance/views/missing', { title: t('attendance.missingTitle'), rows });
    },
  };
}
