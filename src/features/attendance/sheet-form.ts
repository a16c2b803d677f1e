import type { FieldErrors } from '../../platform/errors';
import { t } from './texts';
import type { RosterRow } from './queries';
import { ATTENDANCE_STATUSES, type AttendanceStatus } from './table';
import type { SheetEntry } from './service';

/** What the sheet showed when it was loaded, carried in a hidden field: version|status|minutes|note (base64url). */
export function loadedState(r: RosterRow): string {
  const m = r.mark;
  return [m?.version ?? 0, m?.status ?? '', m?.minutes ?? '', Buffer.from(m?.note ?? '').toString('base64url')].join(
    '|',
  );
}

function parseLoaded(v: unknown): SheetEntry['loaded'] | undefined {
  const parts = typeof v === 'string' ? v.split('|') : [];
  if (parts.length !== 4 || !/^\d+$/.test(parts[0]!)) return undefined;
  const status = parts[1] === '' ? null : (parts[1] as AttendanceStatus);
  if (status !== null && !ATTENDANCE_STATUSES.includes(status)) return undefined;
  return {
    version: Number(parts[0]),
    status,
    minutes: parts[2] === '' ? null : Number(parts[2]),
    note: Buffer.from(parts[3]!, 'base64url').toString('utf8'),
  };
}

/** Reads the sheet's fields (s_, m_, n_, o_ + person id). Errors are keyed by field, so each shows beside its row. */
export function readSheet(
  body: Record<string, unknown>,
  names: Map<number, string>,
  duration: number,
): { entries: SheetEntry[]; errors: FieldErrors } {
  const entries: SheetEntry[] = [];
  const errors: FieldErrors = {};
  for (const key of Object.keys(body)) {
    const match = /^o_(\d{1,9})$/.exec(key);
    if (!match) continue;
    const userId = Number(match[1]);
    const name = names.get(userId) ?? '';
    const loaded = parseLoaded(body[key]);
    const rawStatus = typeof body[`s_${userId}`] === 'string' ? (body[`s_${userId}`] as string) : '';
    const rawMinutes = typeof body[`m_${userId}`] === 'string' ? (body[`m_${userId}`] as string).trim() : '';
    const note = typeof body[`n_${userId}`] === 'string' ? (body[`n_${userId}`] as string).trim() : '';
    if (!loaded || [`s_${userId}`, `m_${userId}`, `n_${userId}`, key].some((k) => Array.isArray(body[k]))) {
      // a row sent twice (or a tampered hidden field) is not guessed at: the sheet is shown again
      errors[`s_${userId}`] = t('attendance.msg.reload');
      continue;
    }
    const status = rawStatus === '' ? null : (rawStatus as AttendanceStatus);
    if (status !== null && !ATTENDANCE_STATUSES.includes(status))
      errors[`s_${userId}`] = t('attendance.msg.statusInvalid', { name });
    let minutes: number | null = null;
    if (status === 'teilweise') {
      minutes = /^\d{1,4}$/.test(rawMinutes) ? Number(rawMinutes) : NaN;
      if (!Number.isInteger(minutes) || minutes < 1 || minutes > duration)
        errors[`m_${userId}`] = t('attendance.msg.minutesInvalid', { name, max: duration });
    }
    if (note.length > 300) errors[`n_${userId}`] = t('attendance.msg.noteTooLong', { name });
    entries.push({ userId, status, minutes, note: status === null ? '' : note, loaded });
  }
  return { entries, errors };
}
