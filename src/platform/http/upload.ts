import fs from 'node:fs';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { FormError } from '../errors';
import { t } from '../i18n';
import { useFormRenderer, type FormRenderer } from '../validate';
import { cleanStrings } from './clean-input';

export const isMultipart = (req: Request) => /^multipart\/form-data/i.test(req.headers['content-type'] ?? '');

/** The CSRF check of a multipart request after its body was read; any other route refuses multipart bodies outright. */
export const refuseUncheckedMultipart: RequestHandler = (req, _res, next) => {
  if (req.csrfDeferred)
    return next(Object.assign(new Error('multipart request to a route without upload'), { code: 'EBADCSRFTOKEN' }));
  next();
};

/**
 * One file from a form, kept in memory (never written anywhere before the feature has validated it), at most maxBytes.
 * Too large, no file, or a bad CSRF token: the form is re-rendered with a German message and nothing is stored.
 */
export function uploadFile(opts: { field: string; maxBytes: number; render: FormRenderer }): RequestHandler {
  const parse = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: opts.maxBytes, files: 1, fields: 20, parts: 22 },
  }).single(opts.field);
  return (req: Request, res: Response, next: NextFunction) => {
    useFormRenderer(req, res, opts.render);
    if (!isMultipart(req)) return next(FormError.field(opts.field, t('upload.noFile')));
    parse(req, res, (err: unknown) => {
      // The token is checked before anything else is reported, so a forged request learns nothing about the file.
      if (!req.csrfDeferred?.()) return next(Object.assign(new Error('bad csrf token'), { code: 'EBADCSRFTOKEN' }));
      req.csrfDeferred = undefined;
      if (req.body) req.body = cleanStrings(req.body);
      if (err instanceof multer.MulterError) {
        const message =
          err.code === 'LIMIT_FILE_SIZE'
            ? t('upload.tooLarge', { mb: Math.round(opts.maxBytes / 1024 / 1024) })
            : t('upload.malformed');
        return next(FormError.field(opts.field, message));
      }
      if (err) return next(err);
      if (!req.file || req.file.size === 0)
        return next(FormError.field(opts.field, req.file ? t('upload.empty') : t('upload.noFile')));
      next();
    });
  };
}

/**
 * Up to `maxFiles` files from one form field (none is fine: a draft may change only its text), each at most maxBytes,
 * streamed to the incoming folder (`dir`, never whole in memory) and removed from there when the response is done:
 * the feature checks them there and streams what it keeps into the file store. Like uploadFile: CSRF checked first,
 * limits become German form errors. (A crash leaves incoming files behind; the `files-orphaned` job removes them.)
 */
export function uploadFiles(opts: {
  field: string;
  maxFiles: number;
  maxBytes: number;
  dir: string;
  render: FormRenderer;
}): RequestHandler {
  fs.mkdirSync(opts.dir, { recursive: true });
  const parse = multer({
    storage: multer.diskStorage({ destination: opts.dir }),
    limits: { fileSize: opts.maxBytes, files: opts.maxFiles, fields: 20, parts: opts.maxFiles + 20 },
  }).array(opts.field, opts.maxFiles);
  return (req: Request, res: Response, next: NextFunction) => {
    useFormRenderer(req, res, opts.render);
    if (!isMultipart(req)) return next(FormError.field(opts.field, t('upload.malformed')));
    res.on('close', () => {
      for (const f of (req.files as Express.Multer.File[] | undefined) ?? [])
        void fs.promises.rm(f.path, { force: true }).catch(() => undefined);
    });
    parse(req, res, (err: unknown) => {
      if (!req.csrfDeferred?.()) return next(Object.assign(new Error('bad csrf token'), { code: 'EBADCSRFTOKEN' }));
      req.csrfDeferred = undefined;
      if (req.body) req.body = cleanStrings(req.body);
      if (err instanceof multer.MulterError) {
        const message =
          err.code === 'LIMIT_FILE_SIZE'
            ? t('upload.tooLarge', { mb: Math.round(opts.maxBytes / 1024 / 1024) })
            : err.code === 'LIMIT_FILE_COUNT' || err.code === 'LIMIT_UNEXPECTED_FILE'
              ? t('upload.tooMany', { max: opts.maxFiles })
              : t('upload.malformed');
        return next(FormError.field(opts.field, message));
      }
      if (err) return next(err);
      next();
    });
  };
}
