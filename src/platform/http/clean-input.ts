import querystring from 'node:querystring';
import type { RequestHandler } from 'express';

// C0 control characters and DEL, except tab, line feed and carriage return, which text areas legitimately send.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** Strips control characters from every string of a parsed body or query (nested arrays and objects included). */
export function cleanStrings<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return value.replace(CONTROL, '') as T;
  if (depth > 5 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => cleanStrings(v, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k.replace(CONTROL, '')] = cleanStrings(v, depth + 1);
  return out as T;
}

/**
 * A NUL byte in a form field or query string would reach PostgreSQL, which refuses it in text ("invalid byte sequence"):
 * a 500 for something a client can send. Control characters are never meaningful in our forms, so they are dropped
 * as soon as a body is parsed (here for url-encoded forms, in upload() for multipart ones).
 */
export const cleanBody: RequestHandler = (req, _res, next) => {
  if (req.body && typeof req.body === 'object') req.body = cleanStrings(req.body);
  next();
};

/** Express's "query parser" setting: node's querystring, with control characters dropped. */
export const cleanQueryParser = (str: string) => cleanStrings(querystring.parse(str, '&', '=', { maxKeys: 100 }));
