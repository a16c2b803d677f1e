import { z } from 'zod';
import { choice, optionalEmail, optionalText, requiredText } from '../../platform/forms';
import { GERMAN_STATES } from './table';
import { t } from './texts';

export const MunicipalityForm = z.object({
  name: requiredText(t('messages.municipalityName'), 120),
  state: choice(GERMAN_STATES, t('messages.stateRequired')),
  partnership: optionalText(200),
  localFacilitatorName: optionalText(120),
  localFacilitatorOrganisation: optionalText(200),
  localFacilitatorEmail: optionalEmail(),
  externalFacilitatorName: optionalText(120),
  externalFacilitatorEmail: optionalEmail(),
});
export type MunicipalityInput = z.infer<typeof MunicipalityForm>;
