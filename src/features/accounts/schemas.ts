import { z } from 'zod';
import { choice, passwordField, requiredEmail, personName, optionalText } from '../../platform/forms';
import { AGE_BANDS, CERTIFICATE_TITLES } from './table';
import { t } from './texts';

export const LoginForm = z.object({
  email: requiredEmail(t('messages.ownEmailRequired')),
  password: passwordField(t('messages.ownPasswordRequired')),
  next: optionalText(2000),
});

export const ForgotForm = z.object({
  email: requiredEmail(t('messages.accountEmailRequired')),
});

const confirmMatches = (a: string, b: string) => (v: Record<string, string>) => v[a] === v[b];

export const SetPasswordForm = z
  .object({
    password: passwordField(t('messages.newPasswordRequired')),
    confirm: passwordField(t('messages.confirmRequired')),
  })
  .refine(confirmMatches('password', 'confirm'), { path: ['confirm'], message: t('messages.passwordsDiffer') });

export const ProfileForm = z.object({
  firstName: personName(t('messages.ownFirstName')),
  lastName: personName(t('messages.ownLastName')),
  certificateTitle: choice(CERTIFICATE_TITLES, t('messages.certificateTitleRequired')),
});

/** The voluntary statistics: "" is "keine Angabe" (stored as null). */
export const StatisticsForm = z.object({
  ageBand: z.preprocess(
    (v) => (v === '' || v === undefined ? null : v),
    z.enum(AGE_BANDS, { error: t('messages.ageBandInvalid') }).nullable(),
  ),
});

export const ChangePasswordForm = z
  .object({
    currentPassword: passwordField(t('messages.currentPasswordRequired')),
    newPassword: passwordField(t('messages.newPasswordRequired')),
    confirm: passwordField(t('messages.confirmRequired')),
    /** Asked once the second factor is on (see handlers). */
    passwordCode: optionalText(40),
  })
  .refine(confirmMatches('newPassword', 'confirm'), { path: ['confirm'], message: t('messages.passwordsDiffer') });

/** One's own new e-mail address, confirmed with the current password (whoever holds a session alone cannot move it). */
export const ChangeEmailForm = z.object({
  newEmail: requiredEmail(t('messages.newEmailRequired')),
  emailPassword: passwordField(t('messages.currentPasswordRequired')),
  emailCode: optionalText(40),
});
