import { eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../../platform/db/client';
import type { Clock } from '../../platform/clock';
import type { Mailer } from '../../platform/mail/mailer';
import type { FileStore } from '../../platform/files/store';
import { NotFound } from '../../platform/errors';
import type { SessionUser } from '../../platform/auth/session-user';
import { canManageCertificates } from './access';
import { certificates } from './table';
import { eligibility } from './eligibility';

export type Deps = {
  db: Db;
  clock: Clock;
  mailer: Mailer;
  logger: Logger;
  files: FileStore;
  baseUrl: string;
  signatories: Array<{ name: string; role: string }>;
  place: string;
  fundingLine: string;
  logos: string[];
};

/** What the parts of the service share: the dependencies, the SPI-Team check, the register lookup, the rule. */
export function certificateContext(deps: Deps) {
  const { db, clock } = deps;
  const verifyUrl = (code: string) => `${deps.baseUrl}/verify/${code}`;
  const requireAdmin = (actor: SessionUser) => {
    if (!canManageCertificates(actor)) throw new NotFound();
  };
  async function get(id: number) {
    if (!Number.isInteger(id) || id <= 0) throw new NotFound();
    const [c] = await db.select().from(certificates).where(eq(certificates.id, id));
    if (!c) throw new NotFound();
    return c;
  }

  return {
    deps,
    ...deps,
    verifyUrl,
    requireAdmin,
    get,
    eligibility: async (cohortId: number) => (await eligibility(db, clock.now(), cohortId)).rows,
  };
}
export type CertificateContext = ReturnType<typeof certificateContext>;
