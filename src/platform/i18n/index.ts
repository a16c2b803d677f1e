import { de } from './de';

export type Translate = (key: string, params?: Record<string, string | number>) => string;

type Catalogue = { [key: string]: string | Catalogue };

/**
 * One German catalogue: the shared words (de.ts) and every feature's texts, which each feature's texts.ts registers
 * when it is loaded (a feature file takes `t` from its own texts.ts, so its texts are there before the first use).
 * The platform knows no feature: it only holds what is registered.
 */
const catalogue: Catalogue = { ...(de as unknown as Catalogue) };

export function registerTexts(texts: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(texts)) {
    if (key in catalogue && catalogue[key] !== value) throw new Error(`German texts "${key}" are registered twice`);
    catalogue[key] = value as Catalogue;
  }
}

/** Everything registered, for the catalogue's own tests. */
export const registeredTexts = (): Readonly<Catalogue> => catalogue;

/** Walks the dotted key; a key may itself contain dots (audit actions like "user.created"). */
function lookup(node: string | Catalogue | undefined, key: string): string | undefined {
  if (typeof node !== 'object') return undefined;
  const whole = node[key];
  if (typeof whole === 'string') return whole;
  const dot = key.indexOf('.');
  return dot < 0 ? undefined : lookup(node[key.slice(0, dot)], key.slice(dot + 1));
}

/**
 * Looks a key up in the German catalogue; {name} placeholders are filled from params. A missing key is a bug: it throws.
 * With a numeric `count` of 1 the key's singular `…_one` is used where there is one ("1 Person ist", not "1 Personen
 * sind"); i18n.test.ts makes sure every counted text has it.
 */
export const t: Translate = (key, params) => {
  const text = (params?.count === 1 ? lookup(catalogue, `${key}_one`) : undefined) ?? lookup(catalogue, key);
  if (text === undefined) throw new Error(`Missing German text for "${key}"`);
  // a placeholder without its value would show "{name}" to people: a bug, found by the tests
  return text.replace(/\{(\w+)\}/g, (_m, name: string) => {
    if (!params || !(name in params)) throw new Error(`German text "${key}" needs the value "${name}"`);
    return String(params[name]);
  });
};

/** A text with its placeholders left in, for a template the browser fills (a progress count updated by a script). */
export function tRaw(key: string): string {
  const text = lookup(catalogue, key);
  if (text === undefined) throw new Error(`Missing German text for "${key}"`);
  return text;
}

const dateFormat = new Intl.DateTimeFormat('de-DE', {
  timeZone: 'Europe/Berlin',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
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
  if (hours < 48)
    return [plural(hours, 'Stunde', 'Stunden'), minutes % 60 ? plural(minutes % 60, 'Minute', 'Minuten') : '']
      .filter(Boolean)
      .join(' ');
  const days = Math.floor(hours / 24);
  return [plural(days, 'Tag', 'Tage'), hours % 24 ? plural(hours % 24, 'Stunde', 'Stunden') : '']
    .filter(Boolean)
    .join(' ');
}

/**
 * A cohort named in running text: "Durchgang „Erfurt Frühjahr“", but "„Durchgang 2027 Nord-Ost“" when the name says
 * Durchgang itself, so no text reads "im Durchgang „Durchgang …“".
 */
export function cohortPhrase(name: string): string {
  return /^durchgang\b/i.test(name.trim()) ? `„${name}“` : `Durchgang „${name}“`;
}
