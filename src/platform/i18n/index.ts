import { de } from './de';

export type Translate = (key: string, params?: Record<string, string | number>) => string;

type Catalogue = { [key: string]: string | Catalogue };

function lookup(catalogue: Catalogue, key: string): string | undefined {
  let node: string | Catalogue | undefined = catalogue;
  for (const part of key.split('.')) {
    if (typeof node !== 'object') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
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
