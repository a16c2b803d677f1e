import { eq, lt } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import type { Clock } from '../../platform/clock';
import type { Mailer } from '../../platform/mail/mailer';
import { emailChangedMail, inviteMail, resetMail } from './mails';
import { recordAudit } from '../../platform/audit';
import { FormError, NotFound, uniqueViolationToFormError } from '../../platform/errors';
import { endSessionsOf } from '../../platform/auth/session-store';
import { hashPassword, hashToken, newToken, passwordProblem, verifyPassword } from '../../platform/auth/password';
import * as q from './queries';
import { users, userTokens, type AgeBand, type CertificateTitle, type TokenPurpose, type User } from './table';
import { course, type OptionalStatistic } from '../catalogue/table';

/** What a new account needs; the password is set by the person through the invitation. */
export type NewAccount = Omit<
  typeof users.$inferInsert,
  'id' | 'passwordHash' | 'createdAt' | 'updatedAt' | 'lastSignInAt'
>;
import type { SessionUser } from '../../platform/auth/session-user';
import { t } from './texts';
import { fullName } from '../../platform/names';

export const INVITE_VALID_DAYS = 7;
const RESET_VALID_MS = 60 * 60_000;

export type AccountsDeps = { db: Db; mailer: Mailer; clock: Clock; baseUrl: string; scryptLogN: number };

export function accountsService(deps: AccountsDeps) {
  const { db, clock } = deps;
  let dummyHash: Promise<string> | undefined;

  async function issueToken(tx: Db, userId: number, purpose: TokenPurpose, validMs: number): Promise<string> {
    const { token, hash } = newToken();
    await q.insertToken(tx, { userId, purpose, tokenHash: hash, expiresAt: new Date(clock.now().getTime() + validMs) });
    return token;
  }

  const linkFor = (token: string) => `${deps.baseUrl}/password/set/${token}`;

  /** The voluntary statistics content/course.md switched on; the profile offers them to participants only. */
  async function optionalStatistics(actor: SessionUser): Promise<OptionalStatistic[]> {
    if (actor.role !== 'trainee') return [];
    const [row] = await db.select({ on: course.optionalStatistics }).from(course);
    return row?.on ?? [];
  }

  return {
    /** Invitation and reset links a month past their expiry (a housekeeping job): until then they explain themselves. */
    async deleteExpiredTokens(): Promise<number> {
      const before = new Date(clock.now().getTime() - 30 * 24 * 60 * 60_000);
      return (await db.delete(userTokens).where(lt(userTokens.expiresAt, before)).returning({ id: userTokens.id }))
        .length;
    },

    /** The person for these credentials, or null. Unknown e-mails cost the same time as wrong passwords. */
    async authenticate(email: string, password: string): Promise<SessionUser | null> {
      const user = await q.findUserByEmail(db, email);
      if (!user || !user.passwordHash || !user.active) {
        dummyHash ??= hashPassword('timing-equaliser-password', deps.scryptLogN);
        await verifyPassword(password, await dummyHash);
        return null;
      }
      if (!(await verifyPassword(password, user.passwordHash))) return null;
      await db.update(users).set({ lastSignInAt: clock.now() }).where(eq(users.id, user.id));
      return {
        id: user.id,
        email: user.email,
        firstName: user.firstName,
        lastName: user.lastName,
        role: user.role,
        municipalityId: user.municipalityId,
      };
    },

    /**
     * Erasure of the account itself, inside the caller's transaction: name and address replaced, password, organisation
     * and function removed, deactivated, every open link and session gone. The row stays for what must be kept.
     */
    async anonymise(tx: Db, userId: number): Promise<void> {
      await tx
        .update(users)
        .set({
          firstName: 'Gelöschte',
          lastName: 'Person',
          email: `geloescht-${userId}@invalid`,
          organisation: '',
          jobTitle: '',
          ageBand: null,
          passwordHash: null,
          active: false,
          lastSignInAt: null,
          erasedAt: clock.now(),
          updatedAt: clock.now(),
        })
        .where(eq(users.id, userId));
      await tx.delete(userTokens).where(eq(userTokens.userId, userId));
      await endSessionsOf(tx, userId);
    },

    /** A completed sign-in, and how (the password, with an app code, with a recovery code), for the audit log. */
    async recordSignIn(userId: number, method: 'password' | 'totp' | 'recovery' | 'passkey'): Promise<void> {
      await recordAudit(db, {
        actorId: userId,
        action: 'auth.signed_in',
        subjectType: 'user',
        subjectId: userId,
        details: { method },
      });
    },

    /**
     * A failed sign-in of an existing account (a wrong password or code, or too many tries); attempts on addresses
     * without an account are not recorded: they name nobody.
     */
    async recordFailedSignIn(email: string, reason: 'password' | 'code' | 'throttled'): Promise<void> {
      const user = await q.findUserByEmail(db, email);
      if (!user) return;
      await recordAudit(db, {
        actorId: null,
        action: 'auth.sign_in_failed',
        subjectType: 'user',
        subjectId: user.id,
        details: { reason },
      });
    },

    /**
     * Creates an account with its invitation, inside the caller's transaction, audited, the invitation mail queued in
     * the same transaction (outbox): people, enrolment and the list import all create people this one way.
     */
    async createInvited(
      tx: Db,
      actor: SessionUser,
      values: NewAccount,
      details: Record<string, unknown> = {},
    ): Promise<User> {
      const [row] = await tx.insert(users).values(values).returning();
      await recordAudit(tx, {
        actorId: actor.id,
        action: 'user.created',
        subjectType: 'user',
        subjectId: row!.id,
        details: { ...values, ...details },
      });
      const token = await issueToken(tx, row!.id, 'invite', INVITE_VALID_DAYS * 24 * 60 * 60_000);
      const mail = inviteMail({
        firstName: row!.firstName,
        lastName: row!.lastName,
        link: linkFor(token),
        validDays: INVITE_VALID_DAYS,
        invitedBy: fullName(actor),
      });
      await deps.mailer.send({ to: row!.email, ...mail }, tx);
      return row!;
    },

    /**
     * An SPI-Team account from the command line (`npm run admin:create`): the way into a new installation, where nobody
     * can invite yet. Audited without an actor; the invitation is queued as mail and its link returned for the operator.
     */
    async createAdminFromCommandLine(values: { email: string; firstName: string; lastName: string }) {
      try {
        return await db.transaction(async (tx) => {
          const [row] = await tx
            .insert(users)
            .values({ ...values, role: 'admin', municipalityId: null })
            .returning();
          await recordAudit(tx, {
            actorId: null,
            action: 'user.created',
            subjectType: 'user',
            subjectId: row!.id,
            details: { ...values, role: 'admin', via: 'admin:create' },
          });
          const token = await issueToken(tx, row!.id, 'invite', INVITE_VALID_DAYS * 24 * 60 * 60_000);
          const link = linkFor(token);
          const mail = inviteMail({ ...values, link, validDays: INVITE_VALID_DAYS, invitedBy: t('mail.operations') });
          await deps.mailer.send({ to: row!.email, ...mail }, tx);
          return { user: row!, link, validDays: INVITE_VALID_DAYS };
        });
      } catch (err) {
        throw uniqueViolationToFormError(err, 'users_email_key', 'email', t('messages.emailTaken'));
      }
    },

    /**
     * Changes an account's data (not its password or e-mail, which have their own ways), inside the caller's
     * transaction. A change of role ends the person's sessions.
     */
    async updateAccount(
      tx: Db,
      id: number,
      values: Partial<
        Pick<
          User,
          | 'firstName'
          | 'lastName'
          | 'role'
          | 'municipalityId'
          | 'sector'
          | 'organisation'
          | 'jobTitle'
          | 'certificateTitle'
        >
      >,
    ): Promise<void> {
      const [before] = await tx.select({ role: users.role }).from(users).where(eq(users.id, id));
      await tx
        .update(users)
        .set({ ...values, updatedAt: clock.now() })
        .where(eq(users.id, id));
      // a new role may ask what the old one did not (a second factor, MFA_REQUIRED_ROLES): the person signs in again
      if (values.role && before && values.role !== before.role) await endSessionsOf(tx, id);
    },

    /** Deactivating ends every session of the person at once; reactivating lets them sign in again. */
    async setAccountActive(tx: Db, id: number, active: boolean): Promise<void> {
      await tx.update(users).set({ active, updatedAt: clock.now() }).where(eq(users.id, id));
      if (!active) await endSessionsOf(tx, id);
    },

    /** Creates an invitation link inside the caller's transaction; send it with sendInvite after the commit. */
    createInvite: (tx: Db, userId: number) => issueToken(tx, userId, 'invite', INVITE_VALID_DAYS * 24 * 60 * 60_000),

    async sendInvite(
      user: Pick<User, 'email' | 'firstName' | 'lastName'>,
      token: string,
      invitedBy: string,
    ): Promise<void> {
      const mail = inviteMail({
        firstName: user.firstName,
        lastName: user.lastName,
        link: linkFor(token),
        validDays: INVITE_VALID_DAYS,
        invitedBy,
      });
      await deps.mailer.send({ to: user.email, ...mail });
    },

    /** "Passwort vergessen": sends a one-hour link if an active account exists; says nothing either way. */
    async requestReset(email: string): Promise<void> {
      const user = await q.findUserByEmail(db, email);
      if (!user || !user.active) return;
      // token, audit row and mail in one transaction: the mail goes out (with retries) exactly if the link exists
      await db.transaction(async (tx) => {
        const token = await issueToken(tx, user.id, 'reset', RESET_VALID_MS);
        await recordAudit(tx, {
          actorId: null,
          action: 'password.reset_requested',
          subjectType: 'user',
          subjectId: user.id,
        });
        await deps.mailer.send(
          {
            to: user.email,
            ...resetMail({ firstName: user.firstName, lastName: user.lastName, link: linkFor(token) }),
          },
          tx,
        );
      });
    },

    /** What the set-password page needs to know of a link, or null if it cannot be used. */
    async tokenInfo(token: string): Promise<{ purpose: TokenPurpose; firstName: string } | null> {
      const found = await q.findUsableToken(db, hashToken(token), clock.now());
      return found ? { purpose: found.token.purpose, firstName: found.user.firstName } : null;
    },

    /** Sets the password through a single-use link. Returns false when the link is unknown, used or expired. */
    async setPasswordWithToken(token: string, password: string): Promise<boolean> {
      const found = await q.findUsableToken(db, hashToken(token), clock.now());
      if (!found) return false;
      const problem = passwordProblem(password, [found.user.firstName, found.user.lastName, found.user.email]);
      if (problem) throw FormError.field('password', problem);
      const hash = await hashPassword(password, deps.scryptLogN);
      return db.transaction(async (tx) => {
        if (!(await q.consumeToken(tx, found.token.id, clock.now()))) return false;
        await q.retireTokens(tx, found.user.id, clock.now());
        await tx.update(users).set({ passwordHash: hash, updatedAt: clock.now() }).where(eq(users.id, found.user.id));
        await recordAudit(tx, {
          actorId: found.user.id,
          action: `password.set_via_${found.token.purpose}`,
          subjectType: 'user',
          subjectId: found.user.id,
        });
        await endSessionsOf(tx, found.user.id);
        return true;
      });
    },

    /** Changes one's own password; other sessions of the person end, this one stays. */
    async changePassword(actor: SessionUser, current: string, next: string, currentSid: string): Promise<void> {
      const user = await q.findUserById(db, actor.id);
      if (!user || !(await verifyPassword(current, user.passwordHash))) {
        throw FormError.field('currentPassword', t('messages.currentPasswordWrong'));
      }
      const problem = passwordProblem(next, [user.firstName, user.lastName, user.email]);
      if (problem) throw FormError.field('newPassword', problem);
      const hash = await hashPassword(next, deps.scryptLogN);
      await db.transaction(async (tx) => {
        await tx.update(users).set({ passwordHash: hash, updatedAt: clock.now() }).where(eq(users.id, actor.id));
        await recordAudit(tx, {
          actorId: actor.id,
          action: 'password.changed',
          subjectType: 'user',
          subjectId: actor.id,
        });
        await endSessionsOf(tx, actor.id, currentSid);
      });
    },

    async updateProfile(
      actor: SessionUser,
      form: { firstName: string; lastName: string; certificateTitle: CertificateTitle },
    ): Promise<void> {
      await db.transaction(async (tx) => {
        const before = await q.findUserById(tx, actor.id);
        await tx
          .update(users)
          .set({ ...form, updatedAt: clock.now() })
          .where(eq(users.id, actor.id));
        await recordAudit(tx, {
          actorId: actor.id,
          action: 'profile.updated',
          subjectType: 'user',
          subjectId: actor.id,
          details: {
            before: {
              firstName: before?.firstName,
              lastName: before?.lastName,
              certificateTitle: before?.certificateTitle,
            },
            after: form,
          },
        });
      });
    },

    /**
     * Moves an account to a new e-mail address inside the caller's transaction: every open link (invitation, reset) is
     * retired, since it went to the old address, and every session ends but `keepSid`. Returns the old address.
     */
    async moveEmail(tx: Db, userId: number, newEmail: string, keepSid?: string): Promise<string> {
      const before = await q.findUserById(tx, userId);
      if (!before) throw new Error(`no user ${userId}`);
      await tx.update(users).set({ email: newEmail, updatedAt: clock.now() }).where(eq(users.id, userId));
      await q.retireTokens(tx, userId, clock.now());
      await endSessionsOf(tx, userId, keepSid);
      return before.email;
    },

    /** Tells the old address that the account moved (after the commit). */
    async sendEmailChanged(
      person: Pick<User, 'firstName' | 'lastName'>,
      oldEmail: string,
      newEmail: string,
      by: 'self' | 'spi',
    ): Promise<void> {
      await deps.mailer.send({ to: oldEmail, ...emailChangedMail({ ...person, newEmail, by }) });
    },

    /** One's own new e-mail address, confirmed with the current password; other sessions end, the old address is told. */
    async changeOwnEmail(
      actor: SessionUser,
      currentPassword: string,
      newEmail: string,
      currentSid: string,
    ): Promise<void> {
      const user = await q.findUserById(db, actor.id);
      if (!user || !(await verifyPassword(currentPassword, user.passwordHash)))
        throw FormError.field('emailPassword', t('messages.currentPasswordWrong'));
      if (newEmail.toLowerCase() === user.email.toLowerCase())
        throw FormError.field('newEmail', t('messages.emailUnchanged'));
      try {
        await db.transaction(async (tx) => {
          await this.moveEmail(tx, actor.id, newEmail, currentSid);
          await recordAudit(tx, {
            actorId: actor.id,
            action: 'user.email_changed',
            subjectType: 'user',
            subjectId: actor.id,
            details: { from: user.email, to: newEmail },
          });
        });
      } catch (err) {
        throw uniqueViolationToFormError(err, 'users_email_key', 'newEmail', t('messages.emailTaken'));
      }
      await this.sendEmailChanged(user, user.email, newEmail, 'self');
    },

    profile: (actor: SessionUser) => q.findUserById(db, actor.id),

    /** The voluntary statistics content/course.md switched on; the profile offers them to participants only. */
    optionalStatistics,

    /**
     * The person's own voluntary age band (null: "keine Angabe"). The audit notes that it changed, never the value:
     * the figure exists for aggregated reports only.
     */
    async updateStatistics(actor: SessionUser, form: { ageBand: AgeBand | null }): Promise<void> {
      if (!(await optionalStatistics(actor)).includes('altersgruppe')) throw new NotFound();
      await db.transaction(async (tx) => {
        await tx.update(users).set({ ageBand: form.ageBand, updatedAt: clock.now() }).where(eq(users.id, actor.id));
        await recordAudit(tx, {
          actorId: actor.id,
          action: 'profile.statistics',
          subjectType: 'user',
          subjectId: actor.id,
          details: {},
        });
      });
    },

    /** The signed-in person as each request sees them, read fresh: a deactivation or role change counts at once. */
    sessionUser: (id: number) => q.findActiveSessionUser(db, id),
    sessionWithUser: (sid: string) => q.findSessionWithUser(db, sid, clock.now()),
  };
}

export type AccountsService = ReturnType<typeof accountsService>;
