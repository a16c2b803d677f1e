import { z } from 'zod';
import { optionalId, optionalText, requiredEmail, personName } from '../../platform/forms';
import { CERTIFICATE_TITLES, ROLES, SECTORS } from '../accounts/table';
import { t } from './texts';

const asOptionalChoice = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z.preprocess((v) => (typeof v === 'string' && v !== '' ? v : null), z.enum(values, { error: message }).nullable());

/** The person form. Which fields a coordinator may set, and which a role requires, the service decides. */
export const PersonForm = z.object({
  firstName: personName(t('messages.firstNameRequired')),
  lastName: personName(t('messages.lastNameRequired')),
  email: requiredEmail(),
  role: asOptionalChoice(ROLES, t('messages.roleRequired')),
  municipalityId: optionalId(),
  sector: asOptionalChoice(SECTORS, t('messages.sectorInvalid')),
  organisation: optionalText(200),
  jobTitle: optionalText(200),
  /** The form of address on certificates: the person sets it on their profile, the SPI-Team may correct it. */
  certificateTitle: asOptionalChoice(CERTIFICATE_TITLES, t('messages.certificateTitleRequired')),
});
export type PersonInput = z.infer<typeof PersonForm>;

/** Filters of the people list, from the query string; anything odd falls back to "all". */
export const PeopleFilter = z.object({
  q: z.preprocess((v) => (typeof v === 'string' ? v.trim().slice(0, 100) : ''), z.string()),
  role: z.preprocess((v) => (ROLES.includes(v as never) ? v : null), z.enum(ROLES).nullable()),
  municipality: z.preprocess(
    (v) => (typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : null),
    z.number().nullable(),
  ),
  status: z.preprocess(
    (v) => (v === 'active' || v === 'inactive' ? v : null),
    z.enum(['active', 'inactive']).nullable(),
  ),
  page: z.preprocess((v) => (typeof v === 'string' && /^\d{1,6}$/.test(v) ? Math.max(1, Number(v)) : 1), z.number()),
});
export type PeopleFilterInput = z.infer<typeof PeopleFilter>;
