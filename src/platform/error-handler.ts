import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { AppError, FormError, MissingFile } from './errors';
import { isDatabaseUnavailable } from './db/client';
import { keptInput, type FormRenderer } from './validate';
import { t } from './i18n';

/**
 * The one error policy.
 * - FormError: the form is re-rendered (422) with the person's input and German field errors.
 * - AppError: its status with a German page (404 also for records outside a person's reach).
 * - CSRF failure: 403. Database unreachable: 503. Anything else: 500 without details, logged with the request id.
 * No raw error text ever reaches the person.
 */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  if (res.headersSent) return req.socket.destroy();

  if (err instanceof FormError && typeof res.locals.renderForm === 'function') {
    res.status(422);
    return (res.locals.renderForm as FormRenderer)(req, res, keptInput(req.body), err.fieldErrors);
  }
  if (err instanceof MissingFile)
    req.log?.error({ key: err.key }, 'stored file missing: the database names a file the store does not have');
  if (err instanceof AppError) {
    const titles: Record<number, [string, string]> = {
      403: ['errors.forbiddenTitle', 'errors.forbiddenText'],
      404: ['errors.notFoundTitle', 'errors.notFoundText'],
    };
    const [title, text] = titles[err.status] ?? [titleFor(err.status), ''];
    return renderError(res, err.status, t(title), text ? t(text) : err.message);
  }
  if ((err as { code?: string })?.code === 'EBADCSRFTOKEN') {
    return renderError(res, 403, t('errors.csrfTitle'), t('errors.csrfText'));
  }
  const status =
    (err as { status?: number; statusCode?: number })?.status ?? (err as { statusCode?: number })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // body-parser and friends: malformed or oversized request bodies
    return renderError(res, status, t('errors.badRequestTitle'), t('errors.badRequestText'));
  }
  if (isDatabaseUnavailable(err)) {
    req.log?.warn({ err }, 'database unavailable');
    res.set('Retry-After', '30');
    return renderError(res, 503, t('errors.unavailableTitle'), t('errors.unavailableText'), String(req.id));
  }
  req.log?.error({ err }, 'unexpected error');
  return renderError(res, 500, t('errors.serverTitle'), t('errors.serverText'), String(req.id));
};

function titleFor(status: number): string {
  if (status === 409) return 'errors.conflictTitle';
  if (status === 429) return 'errors.tooManyTitle';
  return 'errors.badRequestTitle';
}

function renderError(res: Response, status: number, title: string, text: string, reference?: string): void {
  res.status(status);
  res.render('errors/error', { title, text, reference }, (renderErr, html) => {
    // If even the page cannot be rendered (e.g. the database is gone mid-render), answer in plain text.
    if (renderErr) res.type('text/plain; charset=utf-8').send(`${title}\n\n${text}`);
    else res.send(html);
  });
}

export const notFoundHandler: RequestHandler = (_req: Request, res: Response) => {
  renderError(res, 404, t('errors.notFoundTitle'), t('errors.notFoundText'));
};
