import { z } from 'zod';
import { choice, passwordField, requiredEmail, requiredText, optionalText } from '../../platform/forms';
import { CERTIFICATE_TITLES } from './table';

export const LoginForm = z.object({
  email: requiredEmail('Bitte geben Sie Ihre E-Mail-Adresse ein.'),
  password: passwordField('Bitte geben Sie Ihr Passwort ein.'),
  next: optionalText(2000),
});

export const ForgotForm = z.object({
  email: requiredEmail('Bitte geben Sie die E-Mail-Adresse Ihres Kontos ein.'),
});

const confirmMatches = (a: string, b: string) => (v: Record<string, string>) => v[a] === v[b];

export const SetPasswordForm = z
  .object({
    password: passwordField('Bitte geben Sie ein neues Passwort ein.'),
    confirm: passwordField('Bitte wiederholen Sie das neue Passwort.'),
  })
  .refine(confirmMatches('password', 'confirm'), { path: ['confirm'], message: 'Die beiden Passwörter stimmen nicht überein.' });

export const ProfileForm = z.object({
  firstName: requiredText('Bitte geben Sie Ihren Vornamen ein.', 100),
  lastName: requiredText('Bitte geben Sie Ihren Nachnamen ein.', 100),
  certificateTitle: choice(CERTIFICATE_TITLES, 'Bitte wählen Sie, wie Sie auf dem Zertifikat genannt werden.'),
});

export const ChangePasswordForm = z
  .object({
    currentPassword: passwordField('Bitte geben Sie Ihr bisheriges Passwort ein.'),
    newPassword: passwordField('Bitte geben Sie ein neues Passwort ein.'),
    confirm: passwordField('Bitte wiederholen Sie das neue Passwort.'),
  })
  .refine(confirmMatches('newPassword', 'confirm'), { path: ['confirm'], message: 'Die beiden Passwörter stimmen nicht überein.' });
