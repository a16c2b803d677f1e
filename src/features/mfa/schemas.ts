import { z } from 'zod';
import { optionalText, requiredText } from '../../platform/forms';
import { t } from './texts';

/** A six-digit app code or a recovery code; spaces and dashes as people type them are fine. */
const codeField = () => requiredText(t('mfa.codeMissing'), 40);

export const CodeForm = z.object({ code: codeField() });
export const RenewForm = z.object({ renewCode: codeField() });
export const DisableForm = z.object({ disableCode: codeField() });

export const ResetForm = z.object({
  checked: z.preprocess((v) => (v === 'ja' ? 'ja' : ''), z.literal('ja', { error: t('mfa.resetConfirmMissing') })),
  note: optionalText(500),
});

/** The name a person gives a new passkey, sent with the options request (so a missing one is said before the dialog). */
export const PasskeyNameForm = z.object({
  name: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : ''),
    z
      .string()
      .min(1, { error: t('mfa.passkeyNameMissing') })
      .max(60, { error: t('mfa.passkeyNameTooLong') }),
  ),
});
