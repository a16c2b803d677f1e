/** The one error family. The error handler turns each into a page; nothing else decides status codes for errors. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFound extends AppError {
  constructor(message = 'Nicht gefunden') {
    super(404, 'not_found', message);
  }
}

/** A stored file whose bytes are gone (a restore without its files, a manual clean-up): 404 for the person, logged. */
export class MissingFile extends NotFound {
  constructor(readonly key: string) {
    super('Datei nicht vorhanden');
  }
}

export class Forbidden extends AppError {
  constructor(message = 'Kein Zugriff') {
    super(403, 'forbidden', message);
  }
}

export class Conflict extends AppError {
  constructor(message: string) {
    super(409, 'conflict', message);
  }
}

export type FieldErrors = Record<string, string>;

/** A rule broken by form input: the handler re-renders the form with 422 and these messages beside the fields. */
export class FormError extends AppError {
  constructor(readonly fieldErrors: FieldErrors) {
    super(422, 'invalid_form', Object.values(fieldErrors).join(' '));
  }
  static field(field: string, message: string): FormError {
    return new FormError({ [field]: message });
  }
}

/** The PostgreSQL error inside a driver or Drizzle error (Drizzle wraps it as `cause`). */
export function pgError(err: unknown): { code?: string; constraint?: string } | undefined {
  const e = err as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } } | undefined;
  return e?.cause?.code ? e.cause : e;
}

/** Turns a unique-constraint violation of the database into a form error on the given field. */
export function uniqueViolationToFormError(err: unknown, constraint: string, field: string, message: string): unknown {
  const pg = pgError(err);
  if (pg?.code === '23505' && pg.constraint === constraint) return FormError.field(field, message);
  return err;
}
