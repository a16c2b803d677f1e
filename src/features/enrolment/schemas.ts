import { z } from 'zod';
import {
  choice,
  idList,
  optionalText,
  requiredEmail,
  requiredId,
  requiredText,
  personName,
} from '../../platform/forms';
import { t } from './texts';
import { ENROLMENT_STATUSES } from './table';
import { SECTORS } from '../accounts/table';

export const NominateExistingForm = z.object({ userId: requiredId(t('enrolment.msg.personRequired')) });

/** A person not yet in KoKoMa Campus: created as a trainee of the coordinator's municipality and invited. */
export const NominateNewForm = z.object({
  firstName: personName(t('messages.firstNameRequired')),
  lastName: personName(t('messages.lastNameRequired')),
  email: requiredEmail(),
  organisation: optionalText(200),
  jobTitle: optionalText(200),
  sector: choice(SECTORS, t('messages.sectorRequired')),
});
export type NominateNewInput = z.infer<typeof NominateNewForm>;

export const WithdrawForm = z.object({ reason: requiredText(t('enrolment.msg.reasonRequired'), 500) });
export const RejectForm = z.object({ reason: optionalText(500) });

export const EnrolmentFilter = z.object({
  cohort: z.preprocess((v) => (typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : null), z.number().nullable()),
  status: z.preprocess(
    (v) => (ENROLMENT_STATUSES.includes(v as never) || v === 'keine' ? v : null),
    z.enum([...ENROLMENT_STATUSES, 'keine']).nullable(),
  ),
});
export type EnrolmentFilterInput = z.infer<typeof EnrolmentFilter>;

/** Confirming a nomination; `beyondQuota` is the explicit yes to a seat beyond the municipality's quota. */
export const ConfirmForm = z.object({ beyondQuota: z.preprocess((v) => v === 'ja', z.boolean()) });

/** Several nominations ticked on the cohort page. */
export const ConfirmManyForm = z.object({ enrolmentIds: idList() });
