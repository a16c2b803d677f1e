import crypto from 'node:crypto';
import { promisify } from 'node:util';
import pLimit from 'p-limit';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as de from '@zxcvbn-ts/language-de';
import { t } from '../i18n';

const scryptRaw = promisify(crypto.scrypt) as (
  pw: string,
  salt: Buffer,
  len: number,
  opts: crypto.ScryptOptions,
) => Promise<Buffer>;

/**
 * Each hash at N = 2^17 takes 128 MiB while it runs: two at a time keeps 20 simultaneous sign-ins at ~256 MiB instead
 * of one block per libuv thread; the others wait their turn (a sign-in takes a moment longer, the server stays up).
 */
export const HASHES_AT_ONCE = 2;
const oneAtATime = pLimit(HASHES_AT_ONCE);
const scrypt: typeof scryptRaw = (...args) => oneAtATime(() => scryptRaw(...args));
/** How many hashes run and wait now (for the test of the bound). */
export const hashing = { running: () => oneAtATime.activeCount, waiting: () => oneAtATime.pendingCount };

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

/** scrypt with its parameters stored beside the hash, so the cost can rise later without breaking old hashes. */
export async function hashPassword(password: string, logN: number): Promise<string> {
  const salt = crypto.randomBytes(16);
  const N = 2 ** logN;
  const r = 8;
  const p = 1;
  const key = await scrypt(password, salt, 32, { N, r, p, maxmem: 256 * N * r });
  return ['scrypt', logN, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  if (!stored) return false;
  const [scheme, logN, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !logN || !r || !p || !salt || !key) return false;
  const N = 2 ** Number(logN);
  const expected = Buffer.from(key, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, {
    N,
    r: Number(r),
    p: Number(p),
    maxmem: 256 * N * Number(r),
  });
  return crypto.timingSafeEqual(actual, expected);
}

let estimator: ZxcvbnFactory | undefined;
function strength(): ZxcvbnFactory {
  // Built on first use: the dictionaries take a moment to index.
  estimator ??= new ZxcvbnFactory({
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...de.dictionary },
  });
  return estimator;
}

/**
 * Length limits and a guessability check (NIST SP 800-63B): no composition rules, but common passwords,
 * keyboard walks and passwords built from the person's own name or e-mail are refused.
 * Returns a German message, or null when the password is acceptable.
 */
export function passwordProblem(password: string, personalWords: string[] = []): string | null {
  if (password.length < PASSWORD_MIN) return t('messages.passwordTooShort', { min: PASSWORD_MIN });
  if (password.length > PASSWORD_MAX) return t('messages.passwordTooLongChars', { max: PASSWORD_MAX });
  const result = strength().check(password, [
    ...personalWords.filter(Boolean),
    'kokoma',
    'konfliktmanagement',
    'campus',
  ]);
  if (result.score < 3) {
    return t('messages.tooGuessable');
  }
  return null;
}

/** Random URL-safe token for single-use links, and the hash under which it is stored. */
export function newToken(): { token: string; hash: string } {
  const token = crypto.randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}
