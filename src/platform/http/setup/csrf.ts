import type { Request, RequestHandler } from 'express';
import { csrfSync } from 'csrf-sync';
import { isMultipart } from '../upload';

/**
 * Synchroniser-token CSRF on the session (csrf-sync) for every state change. A file upload's token sits in its
 * multipart body: upload() checks it once it has read the body; every other route refuses a multipart request.
 */
export function csrfProtection(): { protect: RequestHandler; tokenFor: (req: Request) => string } {
  const { csrfSynchronisedProtection, generateToken, isRequestValid } = csrfSync({
    getTokenFromRequest: (req) =>
      (req.body?._csrf as string | undefined) ?? (req.headers['x-csrf-token'] as string | undefined),
  });
  const protect: RequestHandler = (req, res, next) => {
    if (req.method === 'POST' && isMultipart(req)) {
      req.csrfDeferred = () => isRequestValid(req);
      return next();
    }
    csrfSynchronisedProtection(req, res, next);
  };
  return { protect, tokenFor: (req) => generateToken(req) };
}
