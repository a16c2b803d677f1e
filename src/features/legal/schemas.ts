import { z } from 'zod';
import { optionalEmail, optionalText, requiredText } from '../../platform/forms';
import { t } from './texts';

export const FeedbackForm = z.object({
  name: optionalText(200),
  email: optionalEmail(),
  location: optionalText(500),
  message: requiredText(t('legal.messageRequired'), 5000),
});
