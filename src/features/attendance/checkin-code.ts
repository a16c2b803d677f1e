import crypto from 'node:crypto';

export const STEP_MS = 30_000;

/** The six-digit code of a window's secret at a time step. */
export function codeAt(secret: string, step: number): string {
  const mac = crypto.createHmac('sha256', Buffer.from(secret, 'hex')).update(String(step)).digest();
  return String(mac.readUInt32BE(0) % 1_000_000).padStart(6, '0');
}

export const stepOf = (at: Date) => Math.floor(at.getTime() / STEP_MS);

/** The code to show now, and when it changes. */
export function currentCode(secret: string, now: Date): { code: string; changesAt: Date } {
  const step = stepOf(now);
  return { code: codeAt(secret, step), changesAt: new Date((step + 1) * STEP_MS) };
}

/** Whether a typed code is the current one or the one just before (someone typing as it changes), in constant time. */
export function codeMatches(secret: string, typed: string, now: Date): boolean {
  if (!/^\d{6}$/.test(typed)) return false;
  const step = stepOf(now);
  return [step, step - 1].some((s) => crypto.timingSafeEqual(Buffer.from(codeAt(secret, s)), Buffer.from(typed)));
}
