import { z } from 'zod';
import { t } from './texts';

export const ApplyForm = z.object({
  checked: z.preprocess(
    (v) => (v === 'ja' ? 'ja' : ''),
    z.literal('ja', { error: t('retention.applyConfirmMissing') }),
  ),
});
