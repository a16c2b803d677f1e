import type { Request } from 'express';

type Kind = 'success' | 'info' | 'warning' | 'danger';

/** A one-time message shown on the next page (post/redirect/get). */
export function setFlash(req: Request, kind: Kind, text: string): void {
  req.session.flash = { kind, text };
}
