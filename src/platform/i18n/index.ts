import { de } from './de';

export type Translate = (key: string, params?: Record<string, string | number>) => string;

type Catalogue = { [key: string]: string | Catalogue };

/** Walks the dotted key; a key may itself contain dots (audit actions like "user.created"). */
function lookup(node: string | Catalogue | undefined, key: string): string | undefined {
  if (typeof node !== 'object') return undefined;
  const whole = node[key];
  if (typeof whole === 'string') return whole;
  const dot = key.indexOf('.');
  return dot < 0 ? undefined : lookup(node[key.slice(0, dot)], key.slice(dot + 1));
}

/** Looks a key up in the German catalogue; {name} placeholders are filled from params. A missing key is a bug: it throws. */
export const t: Translate = (key, params) => {
  const text = lookup(de, key);
  if (text === undefined) throw new Error(`Missing German text for "${key}"`);
  return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) : text;
};

const dateFormat = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric' });
const timeFormat = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' });

/** 21.11.2026 */
export function formatDate(d: Date | null | undefined): string {
  return d ? dateFormat.format(d) : '–';
}

/** 21.11.2026, 14:30 Uhr */
export function formatDateTime(d: Date | null | undefined): string {
  return d ? `${dateFormat.format(d)}, ${timeFormat.format(d)} Uhr` : '–';
}

/** 45 → "45 Minuten", 135 → "2 Stunden 15 Minuten", 45278 → "31 Tage 10 Stunden": how late, in words people read. */
export function formatDuration(minutes: number): string {
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  if (minutes < 60) return plural(minutes, 'Minute', 'Minuten');
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return [plural(hours, 'Stunde', 'Stunden'), minutes % 60 ? plural(minutes % 60, 'Minute', 'Minuten') : ''].filter(Boolean).join(' ');
  const days = Math.floor(hours / 24);
  return [plural(days, 'Tag', 'Tage'), hours % 24 ? plural(hours % 24, 'Stunde', 'Stunden') : ''].filter(Boolean).join(' ');
}
