import { z } from 'zod';
import { choice, optionalEmail, optionalText, requiredText } from '../../platform/forms';
import { GERMAN_STATES } from './table';

export const MunicipalityForm = z.object({
  name: requiredText('Bitte geben Sie den Namen der Kommune ein.', 120),
  state: choice(GERMAN_STATES, 'Bitte wählen Sie das Bundesland.'),
  partnership: optionalText(200),
  localFacilitatorName: optionalText(120),
  localFacilitatorOrganisation: optionalText(200),
  localFacilitatorEmail: optionalEmail(),
  externalFacilitatorName: optionalText(120),
  externalFacilitatorEmail: optionalEmail(),
});
export type MunicipalityInput = z.infer<typeof MunicipalityForm>;
