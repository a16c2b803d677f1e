import crypto from 'node:crypto';
import { generate, verify } from '@otplib/totp';
import { NodeCryptoPlugin } from '@otplib/plugin-crypto-node';
import { base32 } from 'rfc4648';

// otplib's own entry point pulls in ESM-only base32 and hash packages; the secret is kept as bytes here, so only the
// TOTP algorithm and Node's crypto are needed (rfc4648 writes the Base32 an authenticator app wants to see).
const plugin = new NodeCryptoPlugin();
export const PERIOD_SECONDS = 30;

/** 20 random bytes (160 bits), as RFC 4226 recommends. */
export const newSecret = (): Buffer => crypto.randomBytes(20);

/** The secret as people type it into an app: Base32 without padding, in groups of four. */
export const secretForDisplay = (secret: Buffer): string =>
  base32
    .stringify(secret, { pad: false })
    .replace(/(.{4})/g, '$1 ')
    .trim();

/** The otpauth:// link the QR code carries (Key URI Format, as Google Authenticator and others read it). */
export function otpauthUri(secret: Buffer, issuer: string, account: string): string {
  const label = encodeURIComponent(`${issuer}:${account}`);
  const params = new URLSearchParams({
    secret: base32.stringify(secret, { pad: false }),
    issuer,
    algorithm: 'SHA1',
    digits: '6',
    period: String(PERIOD_SECONDS),
  });
  return `otpauth://totp/${label}?${params.toString()}`;
}

/**
 * The time step of `code` if it is right at `now` within one step either way (a phone clock a little off) and later
 * than `afterStep` (a code once used, or an earlier one, never counts again); otherwise undefined.
 */
export async function acceptedStep(
  secret: Buffer,
  code: string,
  now: Date,
  afterStep: number | null,
): Promise<number | undefined> {
  if (!/^\d{6}$/.test(code)) return undefined;
  const result = await verify({
    secret: new Uint8Array(secret),
    token: code,
    crypto: plugin,
    epoch: Math.floor(now.getTime() / 1000),
    period: PERIOD_SECONDS,
    epochTolerance: PERIOD_SECONDS,
    ...(afterStep !== null ? { afterTimeStep: afterStep } : {}),
  });
  return result.valid ? result.timeStep : undefined;
}

/** The code an app shows at `at` (tests and the demo). */
export const codeAt = (secret: Buffer, at: Date): Promise<string> =>
  generate({
    secret: new Uint8Array(secret),
    crypto: plugin,
    epoch: Math.floor(at.getTime() / 1000),
    period: PERIOD_SECONDS,
  });
