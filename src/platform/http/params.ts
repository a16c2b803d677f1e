import type { Request, RequestHandler } from 'express';
import { NotFound } from '../errors';

/** The largest id a PostgreSQL integer column holds: anything above it is a record that cannot exist. */
export const INT32_MAX = 2_147_483_647;

/** A route param or form value as a record id: a positive int32 written in plain digits, else undefined. */
export function parseId(v: unknown): number | undefined {
  if (typeof v !== 'string' || !/^[1-9]\d{0,9}$/.test(v)) return undefined;
  const n = Number(v);
  return n <= INT32_MAX ? n : undefined;
}

/** The id in a route param; checkParams has already answered 404 for anything else. */
export function idParam(req: Request, name = 'id'): number {
  const id = parseId(req.params[name]);
  if (id === undefined) throw new NotFound();
  return id;
}

const isIdName = (name: string) => name === 'id' || name.endsWith('Id');
// C0 controls, DEL, and the bidi overrides that make a path read differently from what it is
const ODD = /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;

/**
 * Runs right after each route's guard: an id param that is not a positive int32 (`/people/9999999999`, `abc`), or any
 * param with control characters or over 200 characters, is a page that does not exist (404), never a database error.
 */
export const checkParams: RequestHandler = (req, _res, next) => {
  for (const [name, value] of Object.entries(req.params ?? {})) {
    if (typeof value !== 'string') return next(new NotFound());
    if (isIdName(name) ? parseId(value) === undefined : value.length > 200 || ODD.test(value))
      return next(new NotFound());
  }
  next();
};
