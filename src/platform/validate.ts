import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import { FormError, type FieldErrors } from './errors';

/** Re-renders a form with the person's input and the field errors. Never receives a password back. */
export type FormRenderer = (
  req: Request,
  res: Response,
  input: Record<string, unknown>,
  errors: FieldErrors,
) => unknown;

const SECRET_FIELDS = /password|passwort|_csrf/i;

/** What the person typed, minus anything secret, for re-rendering the form. */
export function keptInput(body: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (body && typeof body === 'object') {
    for (const [k, v] of Object.entries(body)) if (!SECRET_FIELDS.test(k)) out[k] = v;
  }
  return out;
}

/**
 * Parses req.body with a zod schema. On failure the form is re-rendered (422) with German messages and the input kept;
 * the same renderer serves FormErrors that the service throws later (see error-handler).
 */
export function validateBody<S extends z.ZodType>(
  schema: S,
  render: FormRenderer,
  /** Rules across fields, checked on the raw input too, so that every problem is shown at once. */
  crossCheck?: (req: Request, raw: Record<string, unknown>) => FieldErrors,
): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    useFormRenderer(req, res, render);
    const result = schema.safeParse(req.body ?? {});
    const errors: FieldErrors = {};
    if (!result.success) {
      for (const issue of result.error.issues) {
        const field = String(issue.path[0] ?? '_form');
        errors[field] ??= issue.message;
      }
    }
    for (const [field, message] of Object.entries(crossCheck?.(req, (req.body ?? {}) as Record<string, unknown>) ?? {}))
      errors[field] ??= message;
    if (!result.success || Object.keys(errors).length > 0) return next(new FormError(errors));
    req.body = result.data;
    next();
  };
}

/** Makes `render` the page for FormErrors of this request (see the error handler). */
export function useFormRenderer(req: Request, res: Response, render: FormRenderer): void {
  // The error handler runs outside the route, where req.params is empty again: keep the route's params.
  const params = req.params;
  res.locals.renderForm = ((rq, rs, input, errors) => {
    rq.params = params;
    return render(rq, rs, input, errors);
  }) satisfies FormRenderer;
}

/** The validated body, typed by its schema. */
export function formOf<S extends z.ZodType>(_schema: S, req: Request): z.infer<S> {
  return req.body as z.infer<S>;
}
