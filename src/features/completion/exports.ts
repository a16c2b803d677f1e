import { t } from './texts';
import { formatDay } from '../../platform/time';
import type { CohortAttendance } from '../attendance/queries';
import type { CohortCompletion } from './queries';
import { formatShare, formatUe } from '../../platform/i18n/numbers';

const num = (x: number | null) => (x === null ? '' : formatUe(x));
const pct = (x: number | null) => (x === null ? '' : formatShare(x));

/** People × sessions, as in the matrix page: full status words, so the file reads without a legend. */
export function matrixTable(data: CohortCompletion, now: Date): { header: string[]; rows: string[][] } {
  const header = [
    'Nachname',
    'Vorname',
    'Kommune',
    ...data.sessions.map((s) => `${formatDay(s.date, false)} M${s.offeringPosition}`),
    'UE besucht',
    'UE erfasst',
    'Quote',
    'Präsenzmodule abgeschlossen',
    'Online-Vertiefungen abgeschlossen',
    'Abschluss erreichbar',
    'Noch offen',
  ];
  const rows = data.rows.map((r) => [
    r.person.lastName,
    r.person.firstName,
    r.municipality,
    ...data.sessions.map((s) => {
      if (!r.counts(s)) return 'zählt nicht';
      const m = r.marks.get(s.id);
      if (m) return t(`attendance.status.${m.status}`) + (m.minutes ? ` (${m.minutes} min)` : '');
      return s.start <= now ? t('attendance.unmarked') : '';
    }),
    num(r.ledger.ueAttended),
    String(r.ledger.ueDue),
    pct(r.ledger.rate),
    `${r.completion.modules.praesenz} (${r.completion.modules.praesenzNeeded} nötig)`,
    `${r.completion.modules.online} (${r.completion.modules.onlineNeeded} nötig)`,
    r.ledger.reachable ? 'ja' : 'nein',
    r.completion.missing.join(', '),
  ]);
  return { header, rows };
}

/** One row per person and module offering: the hours ledger. */
export function ledgerTable(data: CohortAttendance): { header: string[]; rows: string[][] } {
  const header = [
    'Nachname',
    'Vorname',
    'Kommune',
    'Modul',
    'Art',
    'Termine besucht',
    'Termine erfasst',
    'UE besucht',
    'UE erfasst',
    'UE geplant',
    'Quote',
    'Stand',
  ];
  const rows = data.rows.flatMap((r) =>
    r.ledger.offerings.map((o) => [
      r.person.lastName,
      r.person.firstName,
      r.municipality,
      `${o.offering.position}. ${o.offering.title}`,
      t(`catalogue.kind_${o.offering.moduleKind}`),
      String(o.attendedByKind.praesenz + o.attendedByKind.online),
      String(o.sessionsDue),
      num(o.ueAttended),
      String(o.ueDue),
      String(o.ueScheduled),
      pct(o.rate),
      t(`attendance.states.${o.state}`),
    ]),
  );
  return { header, rows };
}
