import { z } from 'zod';
import { t } from './i18n';

/** zod building blocks for HTML forms: every field arrives as a string (or not at all) and errors speak German. */
const asString = (v: unknown) => (typeof v === 'string' ? v : '');

export const requiredText = (message: string, max = 200) =>
  z.preprocess(asString, z.string().trim().min(1, message).max(max, t('messages.tooLong', { max })));

export const optionalText = (max = 200) =>
  z.preprocess(asString, z.string().trim().max(max, t('messages.tooLong', { max })));

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const requiredEmail = (message = t('messages.emailRequired')) =>
  z.preprocess(
    asString,
    z.string().trim().min(1, message).max(254, t('messages.emailTooLong'))
      .regex(EMAIL, t('messages.emailInvalid')),
  );

export const optionalEmail = () =>
  z.preprocess(
    asString,
    z.string().trim().max(254, t('messages.emailTooLong'))
      .refine((v) => v === '' || EMAIL.test(v), t('messages.emailInvalid')),
  );

/** Passwords are taken as typed (no trimming); length and guessability are checked by passwordProblem(). */
export const passwordField = (message: string) => z.preprocess(asString, z.string().min(1, message));

export const choice = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z.preprocess(asString, z.enum(values, { error: message }));

export const optionalId = () =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : null), z.number().int().positive().nullable());
