import { and, asc, desc, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import type { SessionUser } from '../../platform/auth/session-user';
import { users } from '../accounts/table';
import { cohorts } from '../cohorts/table';
import { nameKey } from '../../platform/db/sort-key';
import { certificateEvents, certificates } from './table';
import type { CertificateContext } from './context';
import { CODE } from './codes';

/** The register: its pages for the SPI-Team, the holder's and the person page's lists, the public verification. */
export function register(ctx: CertificateContext) {
  const { db, verifyUrl, requireAdmin, get } = ctx;
  /** What the public may know: state, holder, kind, issue date, issuer, and where a replaced one went. */
  async function verify(code: string) {
    const normalised = code
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '')
      .replace(/^(.{5})/, '$1-');
    // malformed codes take the same database round trip as unknown ones: no timing difference to learn from
    const [c] = await db
      .select()
      .from(certificates)
      .where(eq(certificates.code, CODE.test(normalised) ? normalised : 'XXXXX-XXXXX'));
    if (!c) return undefined;
    const [next] = c.replacedById
      ? await db
          .select({ code: certificates.code, number: certificates.number })
          .from(certificates)
          .where(eq(certificates.id, c.replacedById))
      : [];
    return {
      state: c.state,
      holderName: c.content.holderName,
      kind: c.kind,
      number: c.number,
      issuedOn: c.content.issuedOn,
      module: c.kind === 'teilnahme' ? c.content.modules[0]?.title : undefined,
      replacement: next,
      revokedAt: c.revokedAt,
    };
  }

  return {
    async detail(actor: SessionUser, id: number) {
      requireAdmin(actor);
      const c = await get(id);
      const events = await db
        .select({
          event: certificateEvents,
          actor: sql<string>`coalesce(${users.firstName} || ' ' || ${users.lastName}, '')`,
        })
        .from(certificateEvents)
        .leftJoin(users, eq(users.id, certificateEvents.actorId))
        .where(
          inArray(certificateEvents.certificateId, [
            c.id,
            ...(c.replacesId ? [c.replacesId] : []),
            ...(c.replacedById ? [c.replacedById] : []),
          ]),
        )
        .orderBy(asc(certificateEvents.at), asc(certificateEvents.id));
      const related = await db
        .select({ id: certificates.id, number: certificates.number, state: certificates.state })
        .from(certificates)
        .where(inArray(certificates.id, [c.replacesId ?? -1, c.replacedById ?? -1]));
      return { certificate: c, events, related, verifyUrl: verifyUrl(c.code) };
    },

    /** The register, newest number first (numbers never repeat: a stable order), searchable by holder and number. */
    register: (actor: SessionUser, filter: { cohortId?: number; q?: string }) => {
      requireAdmin(actor);
      const q = filter.q?.trim();
      const like = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
      return db
        .select({ certificate: certificates, cohortName: cohorts.name })
        .from(certificates)
        .innerJoin(cohorts, eq(cohorts.id, certificates.cohortId))
        .where(
          and(
            filter.cohortId ? eq(certificates.cohortId, filter.cohortId) : undefined,
            like
              ? or(ilike(certificates.number, like), ilike(sql`${certificates.content}->>'holderName'`, like))
              : undefined,
          ),
        )
        .orderBy(desc(certificates.number))
        .limit(500);
    },

    /** Who holds a valid Zertifikat of which cohort, as "userId:cohortId": the coordinator's "abgeschlossen". */
    async holdersOf(userIds: number[]): Promise<Set<string>> {
      if (userIds.length === 0) return new Set();
      const rows = await db
        .select({ userId: certificates.userId, cohortId: certificates.cohortId })
        .from(certificates)
        .where(
          and(
            inArray(certificates.userId, [...new Set(userIds)]),
            eq(certificates.kind, 'zertifikat'),
            eq(certificates.state, 'gueltig'),
          ),
        );
      return new Set(rows.map((r) => `${r.userId}:${r.cohortId}`));
    },

    /** A person's certificates for their person page: number, kind, state, module; the PDF link is the page's choice. */
    async ofHolder(userId: number) {
      const rows = await db
        .select({
          id: certificates.id,
          number: certificates.number,
          kind: certificates.kind,
          state: certificates.state,
          issuedAt: certificates.issuedAt,
          cohortId: certificates.cohortId,
          content: certificates.content,
        })
        .from(certificates)
        .where(eq(certificates.userId, userId))
        .orderBy(desc(certificates.issuedAt));
      return rows.map(({ content, ...c }) => ({
        ...c,
        module: c.kind === 'teilnahme' ? content.modules[0]?.title : undefined,
      }));
    },

    /** The holder's own certificates (valid, replaced and revoked, so nothing disappears silently). */
    mine: (actor: SessionUser) =>
      db.select().from(certificates).where(eq(certificates.userId, actor.id)).orderBy(desc(certificates.issuedAt)),

    verify,

    /**
     * The printed number together with the holder's surname, for someone holding a paper copy without the QR code.
     * Never by number alone: numbers run in sequence, and the register must not be enumerable.
     */
    async verifyByNumber(number: string, surname: string) {
      const n = number.trim().toUpperCase();
      const wanted = nameKey(surname.trim());
      if (!/^KOKOMA-\d{4}-\d{6}$/.test(n) || wanted.length < 2) return undefined;
      const [c] = await db
        .select({ code: certificates.code, holderName: sql<string>`${certificates.content}->>'holderName'` })
        .from(certificates)
        .where(eq(certificates.number, n));
      const words = c ? nameKey(c.holderName).split(/[\s-]+/) : [];
      // the surname as written on the certificate: its last word (or last words, for double names)
      const matches = words.length > 1 && words.slice(1).join(' ').endsWith(wanted.replace(/-/g, ' '));
      return matches ? verify(c!.code) : undefined;
    },
  };
}
