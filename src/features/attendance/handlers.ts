import type { Request, Response } from 'express';
import { idParam } from '../../platform/http/params';
import type { Deps } from '../../deps';
import { FormError, type FieldErrors } from '../../platform/errors';
import { setFlash } from '../../platform/http/flash';
import { t } from './texts';
import { formatDay, formatTime } from '../../platform/time';
import { keptInput, useFormRenderer } from '../../platform/validate';
import { loadedState, readSheet } from './sheet-form';
import { ATTENDANCE_STATUSES } from './table';
import { fullName } from '../../platform/names';

const statusOptions = ATTENDANCE_STATUSES.map((s) => ({ value: s, label: t(`attendance.status.${s}`) }));

import { canSeeAttendanceHistory } from './access';

export function attendanceHandlers(deps: Deps) {
  const svc = deps.attendance;

  async function renderSheet(req: Request, res: Response, values: Record<string, unknown>, errors: FieldErrors) {
    const sheet = await svc.sheet(req.user!, idParam(req, 'sessionId'));
    const when = `${formatDay(sheet.session.date)}, ${t('cohorts.timeRange', { start: formatTime(sheet.session.startTime), end: formatTime(sheet.session.endTime) })}`;
    res.render('attendance/views/sheet', {
      title: t('attendance.sheetTitle', { module: sheet.moduleTitle }),
      when,
      sheet,
      rows: sheet.roster.map((r) => ({ ...r, loaded: loadedState(r) })),
      statusOptions,
      mayHistory: canSeeAttendanceHistory(req.user!),
      values,
      errors,
    });
  }

  return {
    showSheet: (req: Request, res: Response) => renderSheet(req, res, {}, {}),

    async saveSheet(req: Request, res: Response) {
      useFormRenderer(req, res, renderSheet);
      const sheet = await svc.sheet(req.user!, idParam(req, 'sessionId'));
      const names = new Map(sheet.roster.map((r) => [r.person.id, fullName(r.person)]));
      const { entries, errors } = readSheet(keptInput(req.body), names, sheet.duration);
      if (Object.keys(errors).length > 0) throw new FormError(errors);
      const { saved, conflicts } = await svc.save(req.user!, sheet.session.id, entries);
      if (conflicts.length > 0)
        setFlash(req, 'warning', t('attendance.conflicts', { count: saved, names: conflicts.join(', ') }));
      else setFlash(req, 'success', t('attendance.saved', { count: saved }));
      res.redirect(`/sessions/${sheet.session.id}/attendance`);
    },

    async allPresent(req: Request, res: Response) {
      const count = await svc.markAllPresent(req.user!, idParam(req, 'sessionId'));
      setFlash(req, 'success', t('attendance.allPresentDone', { count }));
      res.redirect(`/sessions/${idParam(req, 'sessionId')}/attendance`);
    },

    async history(req: Request, res: Response) {
      const sheet = await svc.sheet(req.user!, idParam(req, 'sessionId'));
      res.render('attendance/views/history', {
        title: t('attendance.historyTitle', { module: sheet.moduleTitle, date: formatDay(sheet.session.date) }),
        sheet,
        changes: await svc.history(sheet.session.id),
      });
    },
  };
}
