import { z } from 'zod';
import { registeredTexts } from '../../platform/i18n';
import { t } from './texts';

/** Every action the log knows a German name for: the filter offers these and accepts nothing else. */
export const auditActions = (): string[] => Object.keys(registeredTexts().audit as Record<string, string>).sort();

const GERMAN = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;
/** '' (no bound), a day as YYYY-MM-DD, or undefined when what was typed is no date. */
function day(v: unknown): string | undefined {
  const s = typeof v === 'string' ? v.trim() : '';
  if (!s) return '';
  const g = GERMAN.exec(s);
  const iso = g ? `${g[3]}-${g[2]!.padStart(2, '0')}-${g[1]!.padStart(2, '0')}` : s;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return undefined;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCDate() === Number(m[3]) && d.getUTCMonth() === Number(m[2]) - 1 && Number(m[1]) >= 2000
    ? iso
    : undefined;
}

export const AuditFilter = z
  .object({
    q: z.preprocess((v) => (typeof v === 'string' ? v.trim().slice(0, 100) : ''), z.string()),
    person: z.preprocess(
      (v) => (typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : null),
      z.number().nullable(),
    ),
    action: z.preprocess((v) => (typeof v === 'string' && auditActions().includes(v) ? v : ''), z.string()),
    from: z.preprocess(day, z.string({ error: t('auditLog.dateInvalid') })),
    to: z.preprocess(day, z.string({ error: t('auditLog.dateInvalid') })),
    page: z.preprocess((v) => (typeof v === 'string' && /^\d{1,6}$/.test(v) ? Math.max(1, Number(v)) : 1), z.number()),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ['to'], message: t('auditLog.rangeInvalid') });
export type AuditFilterInput = z.infer<typeof AuditFilter>;
