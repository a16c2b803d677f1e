import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { t } from './texts';
import { berlinToday, formatDay } from '../../platform/time';
import { users } from '../accounts/table';
import { cohorts, offerings } from '../cohorts/table';
import { modules } from '../catalogue/table';
import { type CertificateContent } from './table';
import { fullName } from '../../platform/names';
import type { Deps } from './context';
import { type EligibilityRow, type IssueTarget } from './eligibility';

/** What the certificate will say, from today's data; frozen into the register when issued. */
export function contentFor(
  person: { firstName: string; lastName: string; certificateTitle: string },
  cohortName: string,
  target: IssueTarget,
  row: EligibilityRow,
  topics: Map<number, string[]>,
  issuer: Pick<Deps, 'place' | 'signatories' | 'fundingLine'>,
  now: Date,
): CertificateContent {
  const completed = row.completion.offerings.filter(
    (o) => o.completed && (target.kind === 'zertifikat' || o.offeringId === target.offeringId),
  );
  const modules = completed.map((o) => {
    const ses = row.sessions.filter((s) => s.offeringId === o.offeringId).sort((a, b) => a.date.localeCompare(b.date));
    const dates =
      ses.length === 0
        ? ''
        : ses.length === 1
          ? formatDay(ses[0]!.date, false)
          : `${formatDay(ses[0]!.date, false)} – ${formatDay(ses[ses.length - 1]!.date, false)}`;
    const ledger = row.ledger.offerings.find((l) => l.offering.id === o.offeringId);
    return {
      title: o.title,
      kind: o.kind,
      dates,
      ue: Math.round(ledger?.ueAttended ?? 0),
      topics: target.kind === 'teilnahme' ? (topics.get(o.offeringId) ?? []) : undefined,
    };
  });
  return {
    holderName: fullName(person),
    title: t(`certificates.titles.${person.certificateTitle}`),
    cohortName,
    modules,
    totalUe: modules.reduce((s, m) => s + m.ue, 0),
    place: issuer.place,
    issuedOn: formatDay(berlinToday(now), false),
    signatories: issuer.signatories,
    fundingLine: issuer.fundingLine,
  };
}

/** The people and the cohort name the certificates of one call need, in two queries. */
export async function holders(db: Db, cohortId: number, userIds: number[]) {
  const [cohort] = await db.select({ name: cohorts.name }).from(cohorts).where(eq(cohorts.id, cohortId));
  const people = userIds.length
    ? await db
        .select()
        .from(users)
        .where(inArray(users.id, [...new Set(userIds)]))
    : [];
  const objectives = await db
    .select({ offeringId: offerings.id, objectives: modules.objectives })
    .from(offerings)
    .innerJoin(modules, eq(modules.id, offerings.moduleId))
    .where(eq(offerings.cohortId, cohortId));
  return {
    cohortName: cohort!.name,
    person: (id: number) => people.find((p) => p.id === id)!,
    topics: new Map(objectives.map((o) => [o.offeringId, o.objectives])),
  };
}
