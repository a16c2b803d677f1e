import type { Role } from '../accounts/table';
import type { SessionUser } from '../../platform/auth/session-user';

/**
 * Who may change which account, and which of its fields: written once, here, and used by the people service, its
 * handlers and its templates alike. The permission matrix in people/access.test.ts is its judge.
 */

/** The fields of an account as the rules see them ("details": sector, organisation, job title). */
export const PERSON_FIELDS = ['name', 'email', 'role', 'municipality', 'details', 'active'] as const;
export type PersonField = (typeof PERSON_FIELDS)[number];

/** What the rules need to know of an account. */
export type PersonTarget = { id: number; role: Role; municipalityId: number | null; activated: boolean };

/**
 * Whether the actor reaches this account at all; otherwise it does not exist for them (404).
 * The SPI-Team reaches everyone. A coordinator reaches the trainees of their own municipality, and nobody else:
 * not staff who happen to carry the municipality, not a fellow coordinator, not themselves (that is the profile).
 */
export function canManagePerson(actor: SessionUser, target: Pick<PersonTarget, 'role' | 'municipalityId'>): boolean {
  if (actor.role === 'admin') return true;
  return (
    actor.role === 'coordinator' &&
    actor.municipalityId !== null &&
    target.role === 'trainee' &&
    target.municipalityId === actor.municipalityId
  );
}

/** The roles an actor may give a new account: the SPI-Team any, a coordinator trainees only. */
export function creatableRoles(actor: SessionUser): Role[] {
  if (actor.role === 'admin') return ['trainee', 'trainer', 'coordinator', 'admin'];
  return actor.role === 'coordinator' && actor.municipalityId !== null ? ['trainee'] : [];
}

/**
 * The fields the actor may change on a reachable account.
 * - The SPI-Team changes everything, except on its own account: the own role and deactivation are refused, and the
 *   own e-mail address is changed on the profile, with the current password.
 * - A coordinator changes name and details of their municipality's trainees and (de)activates them; the e-mail only
 *   while the account is not activated yet (a typo in an invitation). An activated account's e-mail address is
 *   changed by its owner or the SPI-Team only: whoever controls it can reset the password.
 */
export function editableFields(actor: SessionUser, target: PersonTarget): Set<PersonField> {
  if (!canManagePerson(actor, target)) return new Set();
  if (actor.role === 'admin') {
    if (actor.id === target.id) return new Set<PersonField>(['name', 'details']);
    return new Set<PersonField>(PERSON_FIELDS);
  }
  const fields = new Set<PersonField>(['name', 'details', 'active']);
  if (!target.activated) fields.add('email');
  return fields;
}

export const canChange = (actor: SessionUser, target: PersonTarget, field: PersonField) =>
  editableFields(actor, target).has(field);

/** A new invitation for someone who has not set a password: whoever may manage them, while the account is active. */
export const canResendInvite = (actor: SessionUser, target: PersonTarget & { active: boolean }) =>
  canManagePerson(actor, target) && !target.activated && target.active;

/** Only trainees and coordinators belong to a municipality; staff of Stiftung SPI and trainers never do. */
export const carriesMunicipality = (role: Role) => role === 'trainee' || role === 'coordinator';
