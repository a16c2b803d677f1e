import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { minuteOf, versionedCache } from '../../platform/db/data-version';
import { t } from './texts';
import { cohortCompletion } from '../completion/queries';
import { certificates, type CertificateKind } from './table';

export type IssueTarget = { userId: number; kind: CertificateKind; offeringId: number | null };

/**
 * Who may get what in a cohort, from the completion rule: the Zertifikat and a Teilnahmebescheinigung per completed
 * module. Cached under the completion version, which the register moves too (the start page asks for every open cohort).
 */
export const eligibility = versionedCache(
  'completion',
  (now: Date, cohortId: number) => `eligibility|${cohortId}|${minuteOf(now)}`,
  async (db: Db, now: Date, cohortId: number) => ({ rows: await computeEligibility(db, now, cohortId) }),
);

async function computeEligibility(db: Db, now: Date, cohortId: number) {
  const data = await cohortCompletion(db, cohortId, now);
  const registered = await db
    .select()
    .from(certificates)
    .where(and(eq(certificates.cohortId, cohortId), inArray(certificates.state, ['gueltig', 'widerrufen'])));
  return data.rows.map((r) => {
    const find = (state: 'gueltig' | 'widerrufen') => (kind: CertificateKind, offeringRef: number) =>
      registered.find(
        (c) => c.state === state && c.userId === r.person.id && c.kind === kind && c.offeringRef === offeringRef,
      );
    const has = find('gueltig');
    const revoked = find('widerrufen');
    return {
      person: r.person,
      municipality: r.municipality,
      completion: r.completion,
      targets: [
        ...(r.completion.eligible
          ? [
              {
                userId: r.person.id,
                kind: 'zertifikat' as const,
                offeringId: null,
                title: t('certificates.kind.zertifikat'),
                issued: has('zertifikat', 0),
                revoked: revoked('zertifikat', 0),
              },
            ]
          : []),
        ...r.completion.offerings
          .filter((o) => o.completed)
          .map((o) => ({
            userId: r.person.id,
            kind: 'teilnahme' as const,
            offeringId: o.offeringId,
            title: `${t('certificates.kind.teilnahme')}: ${o.title}`,
            issued: has('teilnahme', o.offeringId),
            revoked: revoked('teilnahme', o.offeringId),
          })),
      ],
      ledger: r.ledger,
      sessions: data.sessions,
      offerings: data.offerings,
    };
  });
}
export type EligibilityRow = Awaited<ReturnType<typeof computeEligibility>>[number];
