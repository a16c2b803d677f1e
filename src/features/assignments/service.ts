import type { Logger } from 'pino';
import type { Db } from '../../platform/db/client';
import type { Clock } from '../../platform/clock';
import type { Mailer } from '../../platform/mail/mailer';
import type { FileStore } from '../../platform/files/store';
import { setting } from './setting';
import { handIn } from './hand-in';
import { feedbackGiving } from './feedback';
import { overviews } from './overviews';

export type { Upload } from './uploads';
export { deleteHandIns, removeHandInContent } from './removal';

export type Deps = {
  db: Db;
  clock: Clock;
  mailer: Mailer;
  logger: Logger;
  files: FileStore;
  baseUrl: string;
};

/** Assignments by use case: setting them, handing in, feedback, and the read side. */
export function assignmentsService(deps: Deps) {
  return { ...setting(deps), ...handIn(deps), ...feedbackGiving(deps), ...overviews(deps) };
}
export type AssignmentsService = ReturnType<typeof assignmentsService>;
