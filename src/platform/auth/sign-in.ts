import type { Request } from 'express';
import Bowser from 'bowser';
import type { Clock } from '../clock';
import type { SessionUser } from './session-user';

/** "Firefox 133 auf Windows": what "Angemeldete Geräte" shows of a session; the raw User-Agent is not kept. */
export function describeDevice(userAgent: string | undefined): string {
  if (!userAgent) return '';
  const p = Bowser.parse(userAgent.slice(0, 512));
  const browser = [p.browser.name, p.browser.version?.split('.')[0]].filter(Boolean).join(' ');
  const os = p.os.versionName && p.os.name === 'Windows' ? `Windows ${p.os.versionName}` : (p.os.name ?? '');
  return [browser, os].filter(Boolean).join(' auf ');
}

/**
 * Signs the person into this request's session: passport regenerates the session (a session id known before sign-in
 * is worthless after it), then the start time (for the absolute lifetime) and the device are recorded.
 */
export async function signInto(req: Request, user: SessionUser, clock: Clock): Promise<void> {
  await new Promise<void>((resolve, reject) => req.login(user, (err) => (err ? reject(err) : resolve())));
  req.session.signedInAt = clock.now().getTime();
  req.session.device = describeDevice(req.headers['user-agent']);
}
