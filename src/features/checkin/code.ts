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

/** How long the link in the QR code works: long enough to sign in on a phone first, short enough to be of no use later. */
export const LINK_VALID_MS = 10 * 60_000;

/**
 * The token in the QR code's link: the window's id and an expiry, signed with the window's secret. It lets someone who
 * scans the code while signed out sign in first and still check in (the 30-second code would be gone by then).
 */
export function linkToken(window: { id: number; secret: string }, now: Date): string {
  const expires = Math.floor((now.getTime() + LINK_VALID_MS) / 1000);
  const mac = crypto
    .createHmac('sha256', Buffer.from(window.secret, 'hex'))
    .update(`link|${window.id}|${expires}`)
    .digest('base64url')
    .slice(0, 32);
  return `${window.id}.${expires}.${mac}`;
}

/** The window id of a valid, unexpired token (the caller checks the signature against that window's secret). */
export function readLinkToken(token: string): { windowId: number; expires: number; mac: string } | undefined {
  const m = /^(\d{1,10})\.(\d{10})\.([\w-]{32})$/.exec(token);
  return m ? { windowId: Number(m[1]), expires: Number(m[2]), mac: m[3]! } : undefined;
}

export function linkTokenValid(
  window: { id: number; secret: string },
  t: { windowId: number; expires: number; mac: string },
  now: Date,
): boolean {
  if (t.windowId !== window.id || t.expires * 1000 < now.getTime()) return false;
  const expected = crypto
    .createHmac('sha256', Buffer.from(window.secret, 'hex'))
    .update(`link|${window.id}|${t.expires}`)
    .digest('base64url')
    .slice(0, 32);
  return crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(t.mac));
}
