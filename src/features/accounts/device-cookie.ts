import type { Request, Response } from 'express';

/** The browser a person signed in with before (see LoginThrottle): a signed, HttpOnly cookie sent only to /login. */
export const DEVICE_COOKIE = 'kokoma.device';

export function rememberDevice(res: Response, token: string, secure: boolean): void {
  res.cookie(DEVICE_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/login',
    maxAge: 365 * 24 * 3_600_000,
  });
}

/** One cookie from the request header (the app has no cookie parser; express-session reads its own). */
export function cookieValue(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
