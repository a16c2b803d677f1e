import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import type { Clock } from '../../platform/clock';
import type { SessionUser } from '../../platform/auth/session-user';
import { recordAudit } from '../../platform/audit';
import { NotFound } from '../../platform/errors';
import { mfaPasskeys } from './table';

/** Where passkeys belong: the site's host name and origin from BASE_URL, never from a request's Host header. */
export type RelyingParty = { name: string; id: string; origin: string };

export function relyingPartyOf(baseUrl: string): RelyingParty {
  const url = new URL(baseUrl);
  return { name: 'KoKoMa Campus', id: url.hostname, origin: url.origin };
}

/** A challenge lives as long as a sign-in step: five minutes. */
export const CHALLENGE_MS = 5 * 60_000;

/**
 * Passkeys as a second factor beside the authenticator app (not instead of the password): registration and the
 * check at sign-in. The challenges live in the caller's session; each is used once.
 */
export function passkeyOps(deps: {
  db: Db;
  clock: Clock;
  rp: RelyingParty;
  tell: (tx: Db, userId: number, subject: string, body: string, values?: Record<string, string>) => Promise<void>;
}) {
  const { db, clock, rp } = deps;

  const ofUser = (userId: number) =>
    db.select().from(mfaPasskeys).where(eq(mfaPasskeys.userId, userId)).orderBy(asc(mfaPasskeys.createdAt));

  return {
    list: ofUser,

    /** Options for the browser's "create a passkey"; the person's existing ones are excluded (no duplicates). */
    async registrationOptions(user: SessionUser) {
      const existing = await ofUser(user.id);
      return generateRegistrationOptions({
        rpName: rp.name,
        rpID: rp.id,
        userName: user.email,
        userDisplayName: `${user.firstName} ${user.lastName}`,
        // an opaque handle, not the address: the authenticator keeps it
        userID: new TextEncoder().encode(`kokoma-${user.id}`),
        attestationType: 'none',
        excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: p.transports as never })),
        authenticatorSelection: { residentKey: 'discouraged', userVerification: 'preferred' },
      });
    },

    /** Checks the browser's answer against the challenge and stores the passkey; false when it does not verify. */
    async register(user: SessionUser, response: RegistrationResponseJSON, challenge: string, name: string) {
      const result = await verifyRegistrationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.id,
        requireUserVerification: false,
      }).catch(() => ({ verified: false as const }));
      if (!result.verified) return false;
      const { credential } = result.registrationInfo;
      await db.transaction(async (tx) => {
        await tx.insert(mfaPasskeys).values({
          userId: user.id,
          credentialId: credential.id,
          publicKey: isoBase64URL.fromBuffer(credential.publicKey),
          counter: credential.counter,
          transports: credential.transports ?? [],
          name,
        });
        await recordAudit(tx, {
          actorId: user.id,
          action: 'mfa.passkey_added',
          subjectType: 'user',
          subjectId: user.id,
          details: { name },
        });
        await deps.tell(tx, user.id, 'mfaMail.passkeyAddedSubject', 'mfaMail.passkeyAddedBody', { passkey: name });
      });
      return true;
    },

    /** Options for the browser's "use a passkey" at sign-in; undefined when the person has none. */
    async authenticationOptions(userId: number) {
      const keys = await ofUser(userId);
      if (keys.length === 0) return undefined;
      return generateAuthenticationOptions({
        rpID: rp.id,
        allowCredentials: keys.map((p) => ({ id: p.credentialId, transports: p.transports })),
        userVerification: 'preferred',
      });
    },

    /**
     * Whether the browser's answer was signed by one of the person's passkeys for this challenge. The counter moves on
     * (a copied authenticator that reports an older count is refused by the library).
     */
    async authenticate(userId: number, response: AuthenticationResponseJSON, challenge: string): Promise<boolean> {
      if (typeof response?.id !== 'string') return false;
      const [key] = await db
        .select()
        .from(mfaPasskeys)
        .where(and(eq(mfaPasskeys.userId, userId), eq(mfaPasskeys.credentialId, response.id)));
      if (!key) return false;
      const result = await verifyAuthenticationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.id,
        credential: {
          id: key.credentialId,
          publicKey: isoBase64URL.toBuffer(key.publicKey),
          counter: key.counter,
          transports: key.transports as never,
        },
        requireUserVerification: false,
      }).catch(() => ({ verified: false as const }));
      if (!result.verified) return false;
      await db
        .update(mfaPasskeys)
        .set({ counter: result.authenticationInfo.newCounter, lastUsedAt: clock.now() })
        .where(eq(mfaPasskeys.id, key.id));
      return true;
    },

    /** Removes one of the person's own passkeys (404 for anyone else's). */
    async remove(user: SessionUser, id: number): Promise<string> {
      return db.transaction(async (tx) => {
        const [gone] = await tx
          .delete(mfaPasskeys)
          .where(and(eq(mfaPasskeys.id, id), eq(mfaPasskeys.userId, user.id)))
          .returning({ name: mfaPasskeys.name });
        if (!gone) throw new NotFound();
        await recordAudit(tx, {
          actorId: user.id,
          action: 'mfa.passkey_removed',
          subjectType: 'user',
          subjectId: user.id,
          details: { name: gone.name },
        });
        await deps.tell(tx, user.id, 'mfaMail.passkeyRemovedSubject', 'mfaMail.passkeyRemovedBody', {
          passkey: gone.name,
        });
        return gone.name;
      });
    },

    /** All of a person's passkeys, inside the caller's transaction (switching off, the SPI-Team's reset). */
    removeAll: (tx: Db, userId: number) => tx.delete(mfaPasskeys).where(eq(mfaPasskeys.userId, userId)),
  };
}
