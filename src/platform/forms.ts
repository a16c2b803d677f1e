import { z } from 'zod';

/** zod building blocks for HTML forms: every field arrives as a string (or not at all) and errors speak German. */
const asString = (v: unknown) => (typeof v === 'string' ? v : '');

export const requiredText = (message: string, max = 200) =>
  z.preprocess(asString, z.string().trim().min(1, message).max(max, `Bitte höchstens ${max} Zeichen eingeben.`));

export const optionalText = (max = 200) =>
  z.preprocess(asString, z.string().trim().max(max, `Bitte höchstens ${max} Zeichen eingeben.`));

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const requiredEmail = (message = 'Bitte geben Sie eine E-Mail-Adresse ein.') =>
  z.preprocess(
    asString,
    z.string().trim().min(1, message).max(254, 'Die E-Mail-Adresse ist zu lang.')
      .regex(EMAIL, 'Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@kommune.de.'),
  );

export const optionalEmail = () =>
  z.preprocess(
    asString,
    z.string().trim().max(254, 'Die E-Mail-Adresse ist zu lang.')
      .refine((v) => v === '' || EMAIL.test(v), 'Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@kommune.de.'),
  );

/** Passwords are taken as typed (no trimming); length and guessability are checked by passwordProblem(). */
export const passwordField = (message: string) => z.preprocess(asString, z.string().min(1, message));

export const choice = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z.preprocess(asString, z.enum(values, { error: message }));

export const optionalId = () =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : null), z.number().int().positive().nullable());
