import { z } from 'zod';
import { optionalText, requiredText } from '../../platform/forms';
import { t } from './texts';

export const RequestForm = z.object({ reason: optionalText(2000) });
export const EraseForm = z.object({
  checked: z.preprocess((v) => (v === 'ja' ? 'ja' : ''), z.literal('ja', { error: t('erasure.confirmMissing') })),
});
export const RefuseForm = z.object({ note: requiredText(t('erasure.refuseNoteMissing'), 2000) });
