import crypto from 'node:crypto';
import { and, eq, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import QRCode from 'qrcode';
import type { Db } from '../../platform/db/client';
import type { Clock } from '../../platform/clock';
import type { Mailer } from '../../platform/mail/mailer';
import type { Role } from '../../platform/auth/roles';
import type { SessionUser } from '../../platform/auth/session-user';
import type { LoginThrottle } from '../../platform/auth/throttle';
import { SecretBox } from '../../platform/auth/secret-box';
import { endSessionsOf } from '../../platform/auth/session-store';
import { recordAudit } from '../../platform/audit';
import { FormError } from '../../platform/errors';
import { fullName } from '../../platform/names';
import { findUserById } from '../accounts/queries';
import { acceptedStep, newSecret, otpauthUri, secretForDisplay } from './totp';
import { mfaRecoveryCodes, mfaTotp } from './table';
import { passkeyOps, relyingPartyOf } from './passkeys';
import { formatDuration, t } from './texts';

const ISSUER = 'KoKoMa Campus';
const RECOVERY_CODES = 10;
// 32 letters and digits without 0/O, 1/I/L: a code read off paper is typed right; 10 of them carry 50 bits
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

const normaliseRecovery = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, '');
const hashRecovery = (code: string) => crypto.createHash('sha256').update(normaliseRecovery(code)).digest('hex');

function newRecoveryCode(): string {
  const chars = Array.from({ length: 10 }, () => ALPHABET[crypto.randomInt(ALPHABET.length)]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

export type MfaStatus = { active: boolean; since?: Date; recoveryLeft: number; required: boolean };

/**
 * Two-factor sign-in with an authenticator app (TOTP) and single-use recovery codes. The sign-in and the confirmations
 * of sensitive changes ask `check()`; a code is used at most once (the step of the last accepted code is stored).
 */
export function mfaService(deps: {
  db: Db;
  clock: Clock;
  mailer: Mailer;
  throttle: LoginThrottle;
  encryptionKey: string;
  requiredRoles: Role[];
  baseUrl: string;
}) {
  const { db, clock } = deps;
  const box = new SecretBox(deps.encryptionKey, 'mfa-totp');
  const required = (role: Role) => deps.requiredRoles.includes(role);

  async function factor(userId: number) {
    const [row] = await db.select().from(mfaTotp).where(eq(mfaTotp.userId, userId));
    return row;
  }

  /** The person hears of every change to their second factor, in the transaction that makes it. */
  async function tell(tx: Db, userId: number, subject: string, body: string, values: Record<string, string> = {}) {
    const person = await findUserById(tx, userId);
    if (!person) return;
    await deps.mailer.send(
      {
        to: person.email,
        subject: t(subject),
        text: t(body, { name: fullName(person), ...values }) + t('common.mailSignature'),
      },
      tx,
    );
  }

  async function freshRecoveryCodes(tx: Db, userId: number): Promise<string[]> {
    const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
    await tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, userId));
    await tx.insert(mfaRecoveryCodes).values(codes.map((c) => ({ userId, codeHash: hashRecovery(c) })));
    return codes;
  }

  /** Uses a code up: 'totp' or 'recovery' when it was right and unused, else undefined. Atomic against a replay race. */
  async function consume(userId: number, code: string): Promise<'totp' | 'recovery' | undefined> {
    const f = await factor(userId);
    if (!f?.confirmedAt) return undefined;
    const typed = code.replace(/\s/g, '');
    if (/^\d{6}$/.test(typed)) {
      const secret = box.open(f.secret);
      const step = secret && (await acceptedStep(secret, typed, clock.now(), f.lastStep));
      if (step === undefined || !secret) return undefined;
      // only one request can move last_step past this step: the same code sent twice at once counts once
      const moved = await db
        .update(mfaTotp)
        .set({ lastStep: step })
        .where(and(eq(mfaTotp.userId, userId), or(isNull(mfaTotp.lastStep), lt(mfaTotp.lastStep, step))))
        .returning({ userId: mfaTotp.userId });
      return moved.length > 0 ? 'totp' : undefined;
    }
    if (normaliseRecovery(typed).length !== 10) return undefined;
    const used = await db
      .update(mfaRecoveryCodes)
      .set({ usedAt: clock.now() })
      .where(
        and(
          eq(mfaRecoveryCodes.userId, userId),
          eq(mfaRecoveryCodes.codeHash, hashRecovery(typed)),
          isNull(mfaRecoveryCodes.usedAt),
        ),
      )
      .returning({ id: mfaRecoveryCodes.id });
    return used.length > 0 ? 'recovery' : undefined;
  }

  /** Every typed code counts before it is checked; past the limit it is not checked at all. */
  async function countAttempt(userId: number, field: string): Promise<void> {
    const attempt = await deps.throttle.codeAttempt(userId);
    if (attempt.allowed) return;
    const minutes = Math.ceil(attempt.retryAfterSeconds / 60);
    throw FormError.field(field, t('mfa.throttled', { duration: formatDuration(minutes) }));
  }

  async function recoveryLeft(userId: number): Promise<number> {
    const [row] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(mfaRecoveryCodes)
      .where(and(eq(mfaRecoveryCodes.userId, userId), isNull(mfaRecoveryCodes.usedAt)));
    return row?.n ?? 0;
  }

  const passkeys = passkeyOps({ db, clock, rp: relyingPartyOf(deps.baseUrl), tell });

  return {
    required,
    recoveryLeft,
    passkeys,

    /**
     * A passkey's answer at sign-in, throttled like codes: 'ok', 'wrong' (not signed by one of the person's passkeys
     * for this challenge), or 'throttled' with the minutes to wait.
     */
    async checkPasskey(
      userId: number,
      response: Parameters<typeof passkeys.authenticate>[1],
      challenge: string,
    ): Promise<{ result: 'ok' | 'wrong' } | { result: 'throttled'; minutes: number }> {
      const attempt = await deps.throttle.codeAttempt(userId);
      if (!attempt.allowed) return { result: 'throttled', minutes: Math.ceil(attempt.retryAfterSeconds / 60) };
      if (!(await passkeys.authenticate(userId, response, challenge))) return { result: 'wrong' };
      await deps.throttle.codeSucceeded(userId);
      return { result: 'ok' };
    },

    async status(user: { id: number; role: Role }): Promise<MfaStatus> {
      const f = await factor(user.id);
      return {
        active: !!f?.confirmedAt,
        since: f?.confirmedAt ?? undefined,
        recoveryLeft: f?.confirmedAt ? await recoveryLeft(user.id) : 0,
        required: required(user.role),
      };
    },

    /** After the right password: whether the sign-in still needs a code, a set-up, or nothing. */
    async afterPassword(user: { id: number; role: Role }): Promise<'code' | 'setup' | 'none'> {
      const f = await factor(user.id);
      if (f?.confirmedAt) return 'code';
      return required(user.role) ? 'setup' : 'none';
    },

    /**
     * A code typed by the person, throttled: 'totp' or 'recovery' when right; a FormError on `field` otherwise (wrong,
     * used before, or too many tries).
     */
    async check(userId: number, code: string, field: string): Promise<'totp' | 'recovery'> {
      if (!code.trim()) throw FormError.field(field, t('mfa.codeMissing'));
      await countAttempt(userId, field);
      const kind = await consume(userId, code);
      if (!kind) throw FormError.field(field, t('mfa.codeWrong'));
      await deps.throttle.codeSucceeded(userId);
      return kind;
    },

    /** Whether a confirmation code is needed for sensitive changes (it is once the second factor is on). */
    async active(userId: number): Promise<boolean> {
      return !!(await factor(userId))?.confirmedAt;
    },

    /**
     * The set-up page's secret: a pending one is kept (a reload shows the same QR code), a confirmed one is never shown
     * again. Undefined when the second factor is already on.
     */
    async pendingSetup(user: SessionUser): Promise<{ secret: string; uri: string; qrSvg: string } | undefined> {
      let f = await factor(user.id);
      if (f?.confirmedAt) return undefined;
      let secret = f && box.open(f.secret);
      if (!secret) {
        secret = newSecret();
        [f] = await db
          .insert(mfaTotp)
          .values({ userId: user.id, secret: box.seal(secret), createdAt: clock.now() })
          .onConflictDoUpdate({
            target: mfaTotp.userId,
            set: { secret: box.seal(secret), lastStep: null, createdAt: clock.now() },
            where: isNull(mfaTotp.confirmedAt),
          })
          .returning();
      }
      const uri = otpauthUri(secret, ISSUER, user.email);
      const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
      return { secret: secretForDisplay(secret), uri, qrSvg };
    },

    /** The first right code switches the factor on and returns the ten recovery codes (shown once). */
    async confirmSetup(user: SessionUser, code: string): Promise<string[]> {
      const f = await factor(user.id);
      const secret = f && !f.confirmedAt ? box.open(f.secret) : undefined;
      if (!secret) throw FormError.field('code', t('mfa.codeWrong'));
      await countAttempt(user.id, 'code');
      const step = await acceptedStep(secret, code.replace(/\s/g, ''), clock.now(), null);
      if (step === undefined) throw FormError.field('code', t('mfa.codeWrong'));
      await deps.throttle.codeSucceeded(user.id);
      const codes = await db.transaction(async (tx) => {
        const on = await tx
          .update(mfaTotp)
          .set({ confirmedAt: clock.now(), lastStep: step })
          .where(and(eq(mfaTotp.userId, user.id), isNull(mfaTotp.confirmedAt)))
          .returning({ userId: mfaTotp.userId });
        if (on.length === 0) throw FormError.field('code', t('mfa.codeWrong'));
        await recordAudit(tx, { actorId: user.id, action: 'mfa.enabled', subjectType: 'user', subjectId: user.id });
        await tell(tx, user.id, 'mfaMail.enabledSubject', 'mfaMail.enabledBody');
        return freshRecoveryCodes(tx, user.id);
      });
      return codes;
    },

    /** New recovery codes (the caller has checked a code); the old ones stop working. */
    async renewRecoveryCodes(user: SessionUser): Promise<string[]> {
      const codes = await db.transaction(async (tx) => {
        const codes = await freshRecoveryCodes(tx, user.id);
        await recordAudit(tx, {
          actorId: user.id,
          action: 'mfa.recovery_codes_renewed',
          subjectType: 'user',
          subjectId: user.id,
        });
        await tell(tx, user.id, 'mfaMail.codesSubject', 'mfaMail.codesBody');
        return codes;
      });
      return codes;
    },

    /** Switches the second factor off (the caller has checked a code); refused where the role requires it. */
    async disable(user: SessionUser): Promise<void> {
      if (required(user.role)) throw FormError.field('disableCode', t('mfa.cannotDisable'));
      await db.transaction(async (tx) => {
        await tx.delete(mfaTotp).where(eq(mfaTotp.userId, user.id));
        await tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, user.id));
        await passkeys.removeAll(tx, user.id);
        await recordAudit(tx, { actorId: user.id, action: 'mfa.disabled', subjectType: 'user', subjectId: user.id });
        await tell(tx, user.id, 'mfaMail.disabledSubject', 'mfaMail.disabledBody');
      });
    },

    /**
     * The SPI-Team resets a person's second factor after checking who they are: factor and codes go, the person's
     * sessions end, the person is told. Returns false when there was nothing to reset.
     */
    async resetByAdmin(actor: SessionUser, personId: number, note: string): Promise<boolean> {
      const reset = await db.transaction(async (tx) => {
        const gone = await tx
          .delete(mfaTotp)
          .where(and(eq(mfaTotp.userId, personId), isNotNull(mfaTotp.confirmedAt)))
          .returning({ userId: mfaTotp.userId });
        if (gone.length === 0) return false;
        await tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, personId));
        await passkeys.removeAll(tx, personId);
        await endSessionsOf(tx, personId);
        await recordAudit(tx, {
          actorId: actor.id,
          action: 'mfa.reset_by_admin',
          subjectType: 'user',
          subjectId: personId,
          details: { note },
        });
        await tell(tx, personId, 'mfaMail.resetSubject', 'mfaMail.resetBody', { by: fullName(actor) });
        return true;
      });
      return reset;
    },
  };
}
