import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { Role } from './roles';
import crypto from 'node:crypto';
import { Forbidden, NotFound } from '../errors';
import { refuseUncheckedMultipart } from '../http/upload';
import { checkParams } from '../http/params';

const GUARD = Symbol('guard');

/** A middleware that decides who may use a route. Every route starts with one; routes() refuses a route without. */
export type Guard = RequestHandler & { [GUARD]: string };

function guard(description: string, fn: RequestHandler): Guard {
  return Object.assign(fn, { [GUARD]: description });
}

export function guardOf(fn: unknown): string | undefined {
  return typeof fn === 'function' ? (fn as Partial<Guard>)[GUARD] : undefined;
}

/** Open to everyone, signed in or not. Say so explicitly: there is no implicit public route. */
export const publicRoute: Guard = guard('public', (_req, _res, next) => next());

/**
 * For machines (the Prometheus scraper): the request carries `Authorization: Bearer <token>`. Compared in constant
 * time; anything else answers 404, as if there were no such page.
 */
export function bearerToken(token: string): Guard {
  const expected = crypto.createHash('sha256').update(token).digest();
  return guard('token', (req, _res, next) => {
    const given = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const digest = crypto.createHash('sha256').update(given).digest();
    if (!given || !crypto.timingSafeEqual(digest, expected)) return next(new NotFound());
    next();
  });
}

/** Only for people who are not signed in (login, password reset); signed-in people go to their dashboard. */
export const signedOutOnly: Guard = guard('signed-out', (req, res, next) => {
  if (req.user) return res.redirect('/');
  next();
});

function redirectToLogin(req: Request, res: Response): void {
  if (req.method === 'GET') {
    res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
  } else {
    res.redirect('/login');
  }
}

export const signedIn: Guard = guard('signed-in', (req, res, next) => {
  if (!req.user) return redirectToLogin(req, res);
  next();
});

export function requireRole(...roles: Role[]): Guard {
  return guard(`role:${roles.join(',')}`, (req: Request, res: Response, next: NextFunction) => {
    if (!req.user) return redirectToLogin(req, res);
    if (!roles.includes(req.user.role)) return next(new Forbidden());
    next();
  });
}

type Method = 'get' | 'post';
type RouteAdder = (path: string, guard: Guard, ...handlers: RequestHandler[]) => RouteTable;
/** upload: a POST whose form carries a file; its handlers must start with uploadFile(), which checks the CSRF token. */
export type RouteTable = { router: Router; get: RouteAdder; post: RouteAdder; upload: RouteAdder };

/** A feature's URL table: each URL with its guard right beside it. A missing guard fails at start, not in production. */
export function routes(): RouteTable {
  const router = Router();
  const add =
    (method: Method, acceptsFiles = false): RouteAdder =>
    (path, g, ...handlers) => {
      if (!guardOf(g)) throw new Error(`Route ${method.toUpperCase()} ${path} has no guard`);
      // A multipart body has not been CSRF-checked yet (the token is inside it): only upload routes may take one.
      router[method](path, g, checkParams, ...(acceptsFiles ? [] : [refuseUncheckedMultipart]), ...handlers);
      return table;
    };
  const table: RouteTable = { router, get: add('get'), post: add('post'), upload: add('post', true) };
  return table;
}
