import { RateLimiterMemory } from 'rate-limiter-flexible';

const WINDOW_SECONDS = 15 * 60;
const MAX_FAILURES = 10;

/**
 * Counts failed sign-ins per account and per IP address (rate-limiter-flexible, in memory: one process per
 * installation). After 10 failures within 15 minutes further attempts answer 429 until the window has passed.
 */
export class LoginThrottle {
  private readonly byAccount = new RateLimiterMemory({ keyPrefix: 'acct', points: MAX_FAILURES, duration: WINDOW_SECONDS });
  private readonly byIp = new RateLimiterMemory({ keyPrefix: 'ip', points: MAX_FAILURES, duration: WINDOW_SECONDS });
  private readonly resetMails = new RateLimiterMemory({ keyPrefix: 'reset', points: 3, duration: 60 * 60 });

  /** Seconds to wait when blocked, or 0. */
  async blockedFor(email: string, ip: string): Promise<number> {
    const [a, i] = await Promise.all([this.byAccount.get(accountKey(email)), this.byIp.get(ip)]);
    const blocked = [a, i].filter((r) => r && r.consumedPoints >= MAX_FAILURES);
    if (blocked.length === 0) return 0;
    return Math.max(...blocked.map((r) => Math.ceil((r!.msBeforeNext || 1000) / 1000)));
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    // penalty() adds points without rejecting, so the counter keeps the real number of failures.
    await Promise.all([this.byAccount.penalty(accountKey(email)), this.byIp.penalty(ip)]);
  }

  /** At most 3 "Passwort vergessen" mails per address and hour, so nobody can flood someone's inbox. */
  async resetMailAllowed(email: string): Promise<boolean> {
    return this.resetMails.consume(accountKey(email)).then(() => true, () => false);
  }

  async recordSuccess(email: string): Promise<void> {
    await this.byAccount.delete(accountKey(email));
  }
}

function accountKey(email: string): string {
  return email.trim().toLowerCase();
}
