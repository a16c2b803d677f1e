import crypto from 'node:crypto';
import type { Limit, Limiter } from '../limits/limiter';

const WINDOW = 15 * 60_000;
/** Failed sign-ins per account and address: the person who mistypes is slowed down, nobody else. */
const PER_ACCOUNT_AND_ADDRESS: Limit = { points: 10, windowMs: WINDOW };
/** Per address, far higher: a town hall behind one NAT address is many people. */
const PER_ADDRESS: Limit = { points: 100, windowMs: WINDOW };
/** Per account from browsers it has never signed in with: guessing spread over many addresses stops here. */
const PER_ACCOUNT_UNKNOWN_DEVICES: Limit = { points: 10, windowMs: WINDOW };
/** Per browser the account has signed in with before (its device cookie): the owner is never locked out by others. */
const PER_KNOWN_DEVICE: Limit = { points: 10, windowMs: WINDOW };
const PER_ACCOUNT_CODES: Limit = { points: 10, windowMs: WINDOW };
const RESET_PER_ACCOUNT: Limit = { points: 3, windowMs: 60 * 60_000 };
const RESET_PER_ADDRESS: Limit = { points: 10, windowMs: 60 * 60_000 };

const hash = (s: string) => crypto.createHash('sha256').update(s).digest('base64url').slice(0, 22);
const account = (email: string) => hash(email.trim().toLowerCase());

/**
 * Sign-in throttling after OWASP's "device cookie" scheme, in the shared database (see Limiter). Each attempt is
 * consumed before the password is checked. An attacker can slow an account down from unknown browsers, but the owner
 * signing in from a browser that signed in before (it carries a signed device cookie) counts on that browser alone.
 */
export class LoginThrottle {
  constructor(
    private readonly limiter: Limiter,
    private readonly secret: string,
  ) {}

  /** A device cookie value for this account: a nonce and its signature over account and nonce. */
  deviceToken(email: string): string {
    const nonce = crypto.randomBytes(12).toString('base64url');
    return `${nonce}.${this.sign(email, nonce)}`;
  }

  /** The nonce of a device cookie that this account issued, or undefined. */
  private knownDevice(email: string, token: string | undefined): string | undefined {
    const [nonce, sig] = typeof token === 'string' ? token.split('.') : [];
    if (!nonce || !sig || !/^[\w-]{16}$/.test(nonce)) return undefined;
    const expected = Buffer.from(this.sign(email, nonce));
    const given = Buffer.from(sig);
    return expected.length === given.length && crypto.timingSafeEqual(expected, given) ? nonce : undefined;
  }

  private sign(email: string, nonce: string): string {
    return crypto
      .createHmac('sha256', this.secret)
      .update(`device|${account(email)}|${nonce}`)
      .digest('base64url');
  }

  private keys(email: string, ip: string, deviceToken?: string) {
    const device = this.knownDevice(email, deviceToken);
    return [
      { key: `login:acct-ip:${account(email)}:${ip}`, limit: PER_ACCOUNT_AND_ADDRESS },
      { key: `login:ip:${ip}`, limit: PER_ADDRESS },
      device
        ? { key: `login:device:${device}`, limit: PER_KNOWN_DEVICE }
        : { key: `login:acct:${account(email)}`, limit: PER_ACCOUNT_UNKNOWN_DEVICES },
    ];
  }

  /** Counts one attempt; when any limit is exceeded the password must not be checked. */
  async attempt(
    email: string,
    ip: string,
    deviceToken?: string,
  ): Promise<{ allowed: boolean; retryAfterSeconds: number }> {
    const outcomes = [];
    // one after the other: each upsert is atomic on its own, and an attempt counts on every key it touches
    for (const k of this.keys(email, ip, deviceToken)) outcomes.push(await this.limiter.consume(k.key, k.limit));
    const refused = outcomes.filter((o) => !o.allowed);
    return {
      allowed: refused.length === 0,
      retryAfterSeconds: Math.max(0, ...refused.map((o) => o.retryAfterSeconds)),
    };
  }

  /** The right password: this attempt does not count, and this browser's and address's slate for the account is clean. */
  async succeeded(email: string, ip: string, deviceToken?: string): Promise<void> {
    const [acctIp, byIp, third] = this.keys(email, ip, deviceToken);
    await this.limiter.reset(acctIp!.key);
    await this.limiter.refund(byIp!.key);
    if (third!.key.startsWith('login:device:')) await this.limiter.reset(third!.key);
    else await this.limiter.refund(third!.key);
  }

  /**
   * Second-factor codes (sign-in and confirmations): 10 wrong codes per account in 15 minutes, whatever the address or
   * browser, since whoever types them already passed the password. A right code clears the count.
   */
  async codeAttempt(userId: number): Promise<{ allowed: boolean; retryAfterSeconds: number }> {
    return this.limiter.consume(`mfa:acct:${userId}`, PER_ACCOUNT_CODES);
  }

  async codeSucceeded(userId: number): Promise<void> {
    await this.limiter.reset(`mfa:acct:${userId}`);
  }

  /** "Passwort vergessen": 3 mails per account and hour, 10 requests per address and hour. */
  async resetMailAllowed(email: string, ip: string): Promise<boolean> {
    const byAddress = await this.limiter.consume(`reset:ip:${ip}`, RESET_PER_ADDRESS);
    if (!byAddress.allowed) return false;
    return (await this.limiter.consume(`reset:acct:${account(email)}`, RESET_PER_ACCOUNT)).allowed;
  }
}
