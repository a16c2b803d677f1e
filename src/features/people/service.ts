import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import type { Clock } from '../../platform/clock';
import { recordAudit } from '../../platform/audit';
import { Conflict, Forbidden, FormError, NotFound, pgError, type FieldErrors } from '../../platform/errors';
import type { AccountsService } from '../accounts/service';
import type { SessionUser } from '../../platform/auth/session-user';
import { municipalities } from '../municipalities/table';
import * as q from './queries';
import {
  canChange,
  canManagePerson,
  carriesMunicipality,
  creatableRoles,
  editableFields,
  type PersonTarget,
} from './access';
import type { PeopleFilterInput, PersonInput } from './schemas';
import { t } from './texts';
import { fullName } from '../../platform/names';

const DUPLICATE_EMAIL = t('messages.emailTaken');

/** canManagePerson (access.ts) as a database scope: the SPI-Team reaches everyone, a coordinator their trainees. */
export function scopeOf(actor: SessionUser): q.PeopleScope {
  if (actor.role === 'admin') return { municipalityId: null, role: null };
  if (actor.role === 'coordinator' && actor.municipalityId !== null)
    return { municipalityId: actor.municipalityId, role: 'trainee' };
  throw new Forbidden();
}

/**
 * The account as it will be after the form, from what the actor may change. A field the form does not offer the
 * actor arrives empty and keeps its value; one that arrives changed all the same is refused (403), never ignored.
 */
function merge(
  actor: SessionUser,
  input: PersonInput,
  before?: { target: PersonTarget; email: string; certificateTitle: string },
): PersonInput {
  // the form of address is the person's own choice; only the SPI-Team corrects it for them
  if (input.certificateTitle && actor.role !== 'admin' && input.certificateTitle !== before?.certificateTitle)
    throw new Forbidden();
  if (!before) {
    const role = input.role ?? (actor.role === 'coordinator' ? 'trainee' : null);
    if (role && !creatableRoles(actor).includes(role)) throw new Forbidden();
    const municipalityId =
      actor.role === 'coordinator' ? (input.municipalityId ?? actor.municipalityId) : input.municipalityId;
    if (actor.role === 'coordinator' && municipalityId !== actor.municipalityId) throw new Forbidden();
    return { ...input, role, municipalityId: role && carriesMunicipality(role) ? municipalityId : null };
  }
  const may = editableFields(actor, before.target);
  const role = input.role ?? before.target.role;
  const municipalityId = input.municipalityId ?? (may.has('municipality') ? null : before.target.municipalityId);
  if (role !== before.target.role && !may.has('role'))
    throw actor.id === before.target.id ? FormError.field('role', t('messages.ownRoleUnchangeable')) : new Forbidden();
  if (municipalityId !== before.target.municipalityId && !may.has('municipality') && carriesMunicipality(role))
    throw new Forbidden();
  if (input.email !== before.email && !may.has('email'))
    throw FormError.field(
      'email',
      t(actor.id === before.target.id ? 'messages.ownEmailOnProfile' : 'messages.emailActivatedLocked'),
    );
  return { ...input, role, municipalityId: carriesMunicipality(role) ? municipalityId : null };
}

const targetOf = (u: {
  id: number;
  role: PersonTarget['role'];
  municipalityId: number | null;
  passwordHash: string | null;
}): PersonTarget => ({
  id: u.id,
  role: u.role,
  municipalityId: u.municipalityId,
  activated: u.passwordHash !== null,
});

/** What a role requires: trainees and coordinators a municipality, trainees a sector. */
export function roleDataProblems(input: { role?: unknown; municipalityId?: unknown; sector?: unknown }): FieldErrors {
  const errors: FieldErrors = {};
  if (!input.role) errors.role = t('messages.roleRequired');
  if ((input.role === 'trainee' || input.role === 'coordinator') && !input.municipalityId) {
    errors.municipalityId = t('messages.municipalityRequired');
  }
  if (input.role === 'trainee' && !input.sector) errors.sector = t('messages.sectorRequired');
  return errors;
}

/** The same rules on the raw form of a new person, so they show together with the other field errors. */
export function newPersonRoleProblems(actor: SessionUser, raw: Record<string, unknown>): FieldErrors {
  const admin = actor.role === 'admin';
  return roleDataProblems({
    role: admin ? raw.role : 'trainee',
    municipalityId: admin ? raw.municipalityId : actor.municipalityId,
    sector: raw.sector,
  });
}

function requireRoleData(input: PersonInput): void {
  const errors = roleDataProblems(input);
  if (Object.keys(errors).length > 0) throw new FormError(errors);
}

function toRow(input: PersonInput) {
  return {
    firstName: input.firstName,
    lastName: input.lastName,
    email: input.email,
    role: input.role!,
    municipalityId: carriesMunicipality(input.role!) ? input.municipalityId : null,
    sector: input.sector,
    organisation: input.organisation,
    jobTitle: input.jobTitle,
    ...(input.certificateTitle ? { certificateTitle: input.certificateTitle } : {}),
  };
}

function databaseFormError(err: unknown): unknown {
  const pg = pgError(err);
  if (pg?.code === '23505' && pg.constraint === 'users_email_key') return FormError.field('email', DUPLICATE_EMAIL);
  // a municipality that vanished between form and save violates the foreign key
  if (pg?.code === '23503') return FormError.field('municipalityId', t('messages.municipalityGone'));
  return err;
}

export function peopleService(deps: { db: Db; clock: Clock; accounts: AccountsService }) {
  const { db, accounts } = deps;

  async function reachable(actor: SessionUser, id: number) {
    const found = await q.findPerson(db, scopeOf(actor), id);
    if (!found) throw new NotFound();
    return found;
  }

  return {
    async list(actor: SessionUser, filter: PeopleFilterInput) {
      const { rows, total } = await q.listPeople(db, scopeOf(actor), filter);
      return { rows, total, pages: Math.max(1, Math.ceil(total / q.PAGE_SIZE)) };
    },

    get: reachable,

    /** What the person form offers this actor for this account (for the template; the service checks again). */
    async editable(actor: SessionUser, id: number) {
      const { user } = await reachable(actor, id);
      return editableFields(actor, targetOf(user));
    },

    history: (actor: SessionUser, id: number) => reachable(actor, id).then(() => q.historyOf(db, id)),

    countByRole: (filter: { municipalityId?: number }) => q.countByRole(db, filter),

    /** Creates the person and their invitation in one transaction, then e-mails the link. */
    async create(actor: SessionUser, raw: PersonInput): Promise<{ id: number; name: string; email: string }> {
      const input = merge(actor, raw);
      requireRoleData(input);
      let created: { id: number };
      try {
        created = await db.transaction((tx) => accounts.createInvited(tx, actor, toRow(input)));
      } catch (err) {
        throw databaseFormError(err);
      }
      // the invitation is in the outbox with the account: it goes out, with retries, whatever the mail server does now
      return { id: created.id, name: fullName(input), email: input.email };
    },

    /**
     * Saves the fields the actor may change (see editableFields). A new e-mail address retires open links and ends the
     * person's sessions; an activated account's old address is told, a pending invitation goes to the new one.
     */
    async update(actor: SessionUser, id: number, raw: PersonInput): Promise<{ name: string; invited: boolean }> {
      const before = (await reachable(actor, id)).user;
      const input = merge(actor, raw, {
        target: targetOf(before),
        email: before.email,
        certificateTitle: before.certificateTitle,
      });
      requireRoleData(input);
      const emailChanged = input.email !== before.email;
      let invite: string | undefined;
      try {
        invite = await db.transaction(async (tx) => {
          const after = toRow(input);
          if (emailChanged) await accounts.moveEmail(tx, id, input.email);
          await accounts.updateAccount(tx, id, after);
          const changed = Object.fromEntries(
            Object.entries(after)
              .filter(([k, v]) => (before as Record<string, unknown>)[k] !== v)
              .map(([k, v]) => [k, { from: (before as Record<string, unknown>)[k], to: v }]),
          );
          await recordAudit(tx, {
            actorId: actor.id,
            action: emailChanged ? 'user.email_changed' : 'user.updated',
            subjectType: 'user',
            subjectId: id,
            details: changed,
          });
          // someone who never set a password gets their invitation again, at the corrected address
          return emailChanged && !before.passwordHash && before.active ? accounts.createInvite(tx, id) : undefined;
        });
      } catch (err) {
        throw databaseFormError(err);
      }
      if (emailChanged && before.passwordHash)
        await accounts.sendEmailChanged(before, before.email, input.email, 'spi');
      if (invite) await accounts.sendInvite(input, invite, fullName(actor));
      return { name: fullName(input), invited: !!invite };
    },

    /** Deactivating ends every session of the person at once; reactivating lets them sign in again. */
    async setActive(actor: SessionUser, id: number, active: boolean): Promise<{ name: string }> {
      const { user } = await reachable(actor, id);
      if (actor.id === id) throw new Conflict(t('messages.selfDeactivate'));
      if (!canChange(actor, targetOf(user), 'active')) throw new Forbidden();
      await db.transaction(async (tx) => {
        await accounts.setAccountActive(tx, id, active);
        await recordAudit(tx, {
          actorId: actor.id,
          action: active ? 'user.activated' : 'user.deactivated',
          subjectType: 'user',
          subjectId: id,
        });
      });
      return { name: fullName(user) };
    },

    /** A new invitation link for someone who has not set a password yet. */
    async resendInvite(actor: SessionUser, id: number): Promise<{ email: string }> {
      const { user } = await reachable(actor, id);
      if (!canManagePerson(actor, user)) throw new NotFound();
      if (user.passwordHash) throw new Conflict(t('messages.alreadyHasPassword'));
      if (!user.active) throw new Conflict(t('messages.inactiveNoInvite'));
      const token = await db.transaction(async (tx) => {
        const t = await accounts.createInvite(tx, id);
        await recordAudit(tx, { actorId: actor.id, action: 'user.invite_sent', subjectType: 'user', subjectId: id });
        return t;
      });
      await accounts.sendInvite(user, token, fullName(actor));
      return { email: user.email };
    },

    municipalityName: async (id: number | null) =>
      id
        ? (await db.select({ name: municipalities.name }).from(municipalities).where(eq(municipalities.id, id)))[0]
            ?.name
        : undefined,
  };
}
