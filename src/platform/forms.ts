import { z } from 'zod';
import { t } from './i18n';

/**
 * zod building blocks for HTML forms: every field arrives as a string (or not at all) and errors speak German.
 * A field sent twice arrives as an array: for a single-value field that is refused, never read as "empty" or as one
 * of the values (a second `kind=` must not turn a choice into "all").
 */
const asString = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : MULTIPLE);
const MULTIPLE = Symbol('several values');
const single = () => z.string({ error: t('messages.singleValue') });

/** Direction overrides and isolates (U+202A–202E, U+2066–2069) make a name display as something else. */
export const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/;

export const requiredText = (message: string, max = 200) =>
  z.preprocess(asString, single().trim().min(1, message).max(max, t('messages.tooLong', { max })));

/** A person's first or last name: required, and without direction overrides that would disguise it. */
export const personName = (message: string, max = 100) =>
  z.preprocess(
    asString,
    single()
      .trim()
      .min(1, message)
      .max(max, t('messages.tooLong', { max }))
      .refine((v) => !BIDI_CONTROLS.test(v), t('messages.nameCharacters')),
  );

export const optionalText = (max = 200) =>
  z.preprocess(asString, single().trim().max(max, t('messages.tooLong', { max })));

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const requiredEmail = (message = t('messages.emailRequired')) =>
  z.preprocess(
    asString,
    single().trim().min(1, message).max(254, t('messages.emailTooLong')).regex(EMAIL, t('messages.emailInvalid')),
  );

export const optionalEmail = () =>
  z.preprocess(
    asString,
    single()
      .trim()
      .max(254, t('messages.emailTooLong'))
      .refine((v) => v === '' || EMAIL.test(v), t('messages.emailInvalid')),
  );

/** Passwords are taken as typed (no trimming); length and guessability are checked by passwordProblem(). */
export const passwordField = (message: string) => z.preprocess(asString, single().min(1, message));

export const choice = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z.preprocess(asString, z.enum(values, { error: message }));

export const optionalId = () =>
  z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v.trim() === ''
          ? null
          : /^\s*\d{1,10}\s*$/.test(v)
            ? Number(v)
            : NaN
        : v === undefined || v === null
          ? null
          : NaN,
    z
      .number({ error: t('messages.singleValue') })
      .int()
      .positive()
      .max(2_147_483_647)
      .nullable(),
  );

/** A whole number typed into a form field, within bounds. */
export const intField = (min: number, max: number, message: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^\s*-?\d{1,6}\s*$/.test(v) ? Number(v) : NaN),
    z.number({ error: message }).int(message).min(min, message).max(max, message),
  );

/** A required id from a select. */
export const requiredId = (message: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : NaN),
    z.number({ error: message }).int(message).positive(message),
  );

/** Ids from a group of checkboxes: absent, one, or several. */
export const idList = () =>
  z.preprocess(
    (v) =>
      (Array.isArray(v) ? v : typeof v === 'string' ? [v] : [])
        .filter((x): x is string => typeof x === 'string' && /^\d{1,9}$/.test(x))
        .map(Number),
    z.array(z.number()),
  );

/**
 * A calendar date as YYYY-MM-DD. Browsers send that from <input type="date">; people typing by hand (or browsers
 * without a date picker) write TT.MM.JJJJ, which is accepted too.
 */
export const dateField = (message: string) =>
  z.preprocess(
    (v) => {
      const s = typeof v === 'string' ? v.trim() : '';
      const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s);
      return german ? `${german[3]}-${german[2]!.padStart(2, '0')}-${german[1]!.padStart(2, '0')}` : s;
    },
    z.string().refine(isRealDate, message),
  );

function isRealDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return (
    d.getUTCFullYear() === Number(m[1]) &&
    d.getUTCMonth() === Number(m[2]) - 1 &&
    d.getUTCDate() === Number(m[3]) &&
    Number(m[1]) >= 2000 &&
    Number(m[1]) <= 2100
  );
}

/** A wall-clock time as HH:MM (24 hours); "9:30" and "09.30 Uhr" are understood too. */
/** A date that may be left empty (null); typed like dateField ("31.12.2026" or "2026-12-31"). */
export const optionalDateField = (message: string) =>
  z.preprocess(
    (v) => (v === undefined || v === null || (typeof v === 'string' && v.trim() === '') ? null : v),
    z.union([z.null(), dateField(message)], { error: message }),
  );

export const timeField = (message: string) =>
  z.preprocess(
    (v) => {
      const m = /^(\d{1,2})[:.](\d{2})(?:\s*Uhr)?$/i.exec(typeof v === 'string' ? v.trim() : '');
      return m ? `${m[1]!.padStart(2, '0')}:${m[2]}` : '';
    },
    z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, message),
  );

/** An optional https link, e.g. to a video conference: an http link would send the meeting's details in clear text. */
export const optionalHttpsUrl = (message: string) =>
  z.preprocess(
    asString,
    single()
      .trim()
      .max(500, t('messages.tooLong', { max: 500 }))
      .refine((v) => v === '' || /^https:\/\/[^\s<>"]+$/i.test(v), message),
  );
