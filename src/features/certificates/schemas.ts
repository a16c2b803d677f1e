import { z } from 'zod';
import { choice, requiredText } from '../../platform/forms';
import { t } from './texts';
import { CERTIFICATE_KINDS, type CertificateKind } from './table';

export const ReasonForm = z.object({ reason: requiredText(t('certificates.reasonRequired'), 500) });
const TARGET = /^(\d{1,9}):(teilnahme|zertifikat):(\d{1,9}|-)$/;
/** The issue form: one target ("userId:kind:offeringId"), or a bulk run of all open (kind '') or of one kind. */
export const IssueForm = z.object({
  target: z.preprocess(
    (v) => (v === undefined || v === '' ? null : v),
    z
      .string({ error: t('messages.singleValue') })
      .regex(TARGET, t('certificates.run.chooseInvalid'))
      .transform((v) => {
        const m = TARGET.exec(v)!;
        return { userId: Number(m[1]), kind: m[2] as CertificateKind, offeringId: m[3] === '-' ? null : Number(m[3]) };
      })
      .nullable(),
  ),
  kind: choice(['', ...CERTIFICATE_KINDS] as const, t('certificates.run.chooseInvalid')),
});
