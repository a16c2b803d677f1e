import crypto from 'node:crypto';
import { and, asc, desc, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../../platform/db/client';
import type { Clock } from '../../platform/clock';
import type { Mailer } from '../../platform/mail/mailer';
import type { FileStore } from '../../platform/files/store';
import { Conflict, NotFound, pgError } from '../../platform/errors';
import { t } from './texts';
import { formatDay } from '../../platform/time';
import type { SessionUser } from '../../platform/auth/session-user';
import { users } from '../accounts/table';
import { cohorts, offerings } from '../cohorts/table';
import { modules } from '../catalogue/table';
import { cohortCompletion } from '../completion/queries';
import { renderCertificate } from './render';
import { canDownloadCertificate, canManageCertificates } from './access';
import { nameKey } from '../../platform/db/sort-key';
import {
  certificateEvents,
  certificateNumbers,
  certificates,
  type Certificate,
  type CertificateContent,
  type CertificateKind,
} from './table';
import { fullName } from '../../platform/names';

/** Ten characters from an alphabet without look-alikes (no 0/O, 1/I/L): printable and typable. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export function newCode(): string {
  const bytes = crypto.randomBytes(10);
  return [...bytes]
    .map((b) => ALPHABET[b % ALPHABET.length])
    .join('')
    .replace(/^(.{5})/, '$1-');
}
export const CODE = /^[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}$/;

export type IssueTarget = { userId: number; kind: CertificateKind; offeringId: number | null };
type EligibilityRow = Awaited<ReturnType<ReturnType<typeof certificatesService>['eligibility']>>[number];

type Deps = {
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

export function certificatesService(deps: Deps) {
  const { db, clock, files } = deps;
  const verifyUrl = (code: string) => `${deps.baseUrl}/verify/${code}`;
  const requireAdmin = (actor: SessionUser) => {
    if (!canManageCertificates(actor)) throw new NotFound();
  };

  /** Who may get what in a cohort, from the completion rule: the Zertifikat and a Teilnahmebescheinigung per completed module. */
  async function eligibility(cohortId: number) {
    const now = clock.now();
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

  /** What the certificate will say, from today's data; frozen into the register when issued. */
  function contentFor(
    person: { firstName: string; lastName: string; certificateTitle: string },
    cohortName: string,
    target: IssueTarget,
    row: EligibilityRow,
    topics: Map<number, string[]>,
  ): CertificateContent {
    const completed = row.completion.offerings.filter(
      (o) => o.completed && (target.kind === 'zertifikat' || o.offeringId === target.offeringId),
    );
    const modules = completed.map((o) => {
      const ses = row.sessions
        .filter((s) => s.offeringId === o.offeringId)
        .sort((a, b) => a.date.localeCompare(b.date));
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
      place: deps.place,
      issuedOn: formatDay(new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(clock.now()), false),
      signatories: deps.signatories,
      fundingLine: deps.fundingLine,
    };
  }

  /** The people and the cohort name the certificates of one call need, in two queries. */
  async function holders(cohortId: number, userIds: number[]) {
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

  /** Renders, stores and registers one certificate. Issuing what is already validly issued returns that one. */
  async function issueOne(
    actor: SessionUser,
    cohortId: number,
    target: IssueTarget,
    content: CertificateContent,
    replaces?: Certificate,
  ): Promise<{ certificate: Certificate; created: boolean }> {
    const offeringRef = target.offeringId ?? 0;
    const existing = async () =>
      (
        await db
          .select()
          .from(certificates)
          .where(
            and(
              eq(certificates.userId, target.userId),
              eq(certificates.kind, target.kind),
              eq(certificates.cohortId, cohortId),
              eq(certificates.offeringRef, offeringRef),
              eq(certificates.state, 'gueltig'),
            ),
          )
      )[0];
    if (!replaces) {
      const found = await existing();
      if (found) return { certificate: found, created: false };
    }
    const year = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', year: 'numeric' }).format(clock.now());
    // both drivers answer execute() with { rows }
    const seq = (await db.execute(sql`select nextval(${certificateNumbers.seqName})::int as n`)) as unknown as {
      rows: Array<{ n: number }>;
    };
    const n = seq.rows[0]!.n;
    const number = `KOKOMA-${year}-${String(n).padStart(6, '0')}`;
    const code = newCode();
    const pdf = await renderCertificate({
      kind: target.kind,
      number,
      verifyUrl: verifyUrl(code),
      content,
      logos: deps.logos,
    });
    const key = await files.put(pdf);
    const now = clock.now();
    try {
      const certificate = await db.transaction(async (tx) => {
        if (replaces) await tx.update(certificates).set({ state: 'ersetzt' }).where(eq(certificates.id, replaces.id));
        const [row] = await tx
          .insert(certificates)
          .values({
            number,
            code,
            kind: target.kind,
            userId: target.userId,
            cohortId,
            offeringRef,
            content,
            storageKey: key,
            sha256: crypto.createHash('sha256').update(pdf).digest('hex'),
            issuedAt: now,
            issuedById: actor.id,
            replacesId: replaces?.id ?? null,
          })
          .returning();
        if (replaces) {
          await tx.update(certificates).set({ replacedById: row!.id }).where(eq(certificates.id, replaces.id));
          await tx.insert(certificateEvents).values({
            certificateId: replaces.id,
            action: 'ersetzt',
            actorId: actor.id,
            at: now,
            details: { by: number },
          });
        }
        await tx.insert(certificateEvents).values({
          certificateId: row!.id,
          action: replaces ? 'korrigiert' : 'ausgestellt',
          actorId: actor.id,
          at: now,
          details: replaces ? { replaces: replaces.number } : {},
        });
        return row!;
      });
      return { certificate, created: true };
    } catch (err) {
      await files.remove(key).catch(() => undefined);
      // someone else issued the same certificate a moment earlier: theirs counts, ours never existed
      if (pgError(err)?.code === '23505' && !replaces) {
        const found = await existing();
        if (found) return { certificate: found, created: false };
      }
      throw err;
    }
  }

  async function get(id: number) {
    if (!Number.isInteger(id) || id <= 0) throw new NotFound();
    const [c] = await db.select().from(certificates).where(eq(certificates.id, id));
    if (!c) throw new NotFound();
    return c;
  }

  return {
    eligibility: async (actor: SessionUser, cohortId: number) => {
      requireAdmin(actor);
      return eligibility(cohortId);
    },

    /**
     * Issues the given certificates, each in its own transaction; `onEach` hears of every one (the bulk run's progress).
     * Idempotent, also under concurrent calls: what is validly issued already is returned, not issued again.
     */
    async issue(
      actor: SessionUser,
      cohortId: number,
      targets: IssueTarget[],
      onEach?: (r: { created: boolean }) => Promise<void>,
    ): Promise<{ created: number; existing: number }> {
      requireAdmin(actor);
      const rows = await eligibility(cohortId);
      const work = targets.map((target) => {
        const row = rows.find((r) => r.person.id === target.userId);
        if (!row || !row.targets.some((x) => x.kind === target.kind && x.offeringId === target.offeringId))
          throw new Conflict(t('certificates.msg.notEligible'));
        return { target, row };
      });
      const who = await holders(
        cohortId,
        targets.map((x) => x.userId),
      );
      let created = 0;
      let existing = 0;
      let failure: { error: unknown } | undefined;
      // two at a time: one renders its PDF (CPU) while the other's file and database writes are under way
      const worker = async () => {
        for (let next = work.shift(); next && !failure; next = work.shift()) {
          try {
            const r = await issueOne(
              actor,
              cohortId,
              next.target,
              contentFor(who.person(next.target.userId), who.cohortName, next.target, next.row, who.topics),
            );
            if (r.created) created++;
            else existing++;
            await onEach?.(r);
          } catch (error) {
            failure ??= { error };
          }
        }
      };
      await Promise.all([worker(), worker()]);
      if (failure) throw failure.error;
      return { created, existing };
    },

    /**
     * What the cohort's people may get and do not have yet (of one kind, or all): what a bulk run issues. A revoked
     * certificate is not open: issuing it again is a decision per person, never part of a bulk run.
     */
    async openTargets(actor: SessionUser, cohortId: number, kind: CertificateKind | null): Promise<IssueTarget[]> {
      requireAdmin(actor);
      return (await eligibility(cohortId)).flatMap((r) =>
        r.targets
          .filter((x) => !x.issued && !x.revoked && (!kind || x.kind === kind))
          .map((x) => ({ userId: x.userId, kind: x.kind, offeringId: x.offeringId })),
      );
    },

    /** A corrected version with today's data (e.g. a new name); the old one is marked "ersetzt" and points to it. */
    async correct(actor: SessionUser, id: number, reason: string): Promise<Certificate> {
      requireAdmin(actor);
      const old = await get(id);
      if (old.state !== 'gueltig') throw new Conflict(t('certificates.msg.notValid'));
      const rows = await eligibility(old.cohortId);
      const row = rows.find((r) => r.person.id === old.userId);
      if (!row) throw new Conflict(t('certificates.msg.notEligible'));
      const target = { userId: old.userId, kind: old.kind, offeringId: old.offeringRef || null };
      const who = await holders(old.cohortId, [old.userId]);
      const { certificate } = await issueOne(
        actor,
        old.cohortId,
        target,
        contentFor(who.person(old.userId), who.cohortName, target, row, who.topics),
        old,
      );
      await db.insert(certificateEvents).values({
        certificateId: certificate.id,
        action: 'grund',
        actorId: actor.id,
        at: clock.now(),
        details: { reason },
      });
      return certificate;
    },

    async revoke(actor: SessionUser, id: number, reason: string): Promise<Certificate> {
      requireAdmin(actor);
      const c = await get(id);
      if (c.state !== 'gueltig') throw new Conflict(t('certificates.msg.notValid'));
      const now = clock.now();
      await db.transaction(async (tx) => {
        await tx
          .update(certificates)
          .set({ state: 'widerrufen', revokedAt: now, revokeReason: reason })
          .where(eq(certificates.id, id));
        await tx
          .insert(certificateEvents)
          .values({ certificateId: id, action: 'widerrufen', actorId: actor.id, at: now, details: { reason } });
      });
      return { ...c, state: 'widerrufen' };
    },

    /** Sends the PDF to the holder: only when the SPI-Team chooses to. */
    async send(actor: SessionUser, id: number): Promise<string> {
      requireAdmin(actor);
      const c = await get(id);
      if (c.state !== 'gueltig') throw new Conflict(t('certificates.msg.notValid'));
      const [person] = await db.select().from(users).where(eq(users.id, c.userId));
      const pdf = await files.read(c.storageKey);
      const now = clock.now();
      // the mail (in the outbox), the mark and the event in one transaction: sent exactly if recorded
      await db.transaction(async (tx) => {
        await deps.mailer.send(
          {
            to: person!.email,
            subject: t('certificates.mail.subject', {
              kind: c.kind === 'zertifikat' ? 'Ihr Zertifikat' : 'Ihre Teilnahmebescheinigung',
            }),
            text:
              t('certificates.mail.body', {
                name: c.content.holderName,
                kind: t(`certificates.kind.${c.kind}`),
                cohort: c.content.cohortName,
                link: `${deps.baseUrl}/my/certificates`,
                verify: verifyUrl(c.code),
              }) + t('common.mailSignature'),
            attachments: [{ filename: `${c.number}.pdf`, content: pdf, contentType: 'application/pdf' }],
          },
          tx,
        );
        await tx.update(certificates).set({ mailedAt: now }).where(eq(certificates.id, id));
        await tx.insert(certificateEvents).values({
          certificateId: id,
          action: 'versandt',
          actorId: actor.id,
          at: now,
          details: { to: person!.email },
        });
      });
      return person!.email;
    },

    /** E-mails every valid certificate of a cohort that was not sent yet (through the outbox); returns how many. */
    async sendAllOf(actor: SessionUser, cohortId: number): Promise<number> {
      requireAdmin(actor);
      const rows = await db
        .select({ id: certificates.id })
        .from(certificates)
        .where(
          and(
            eq(certificates.cohortId, cohortId),
            eq(certificates.state, 'gueltig'),
            sql`${certificates.mailedAt} is null`,
          ),
        );
      for (const r of rows) await this.send(actor, r.id);
      return rows.length;
    },

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

    /** The stored PDF, for its holder and the SPI-Team only. */
    async pdf(actor: SessionUser, id: number) {
      const c = await get(id);
      if (!canDownloadCertificate(actor, c)) throw new NotFound();
      return { certificate: c, bytes: await files.read(c.storageKey) };
    },

    /** What the public may know: state, holder, kind, issue date, issuer, and where a replaced one went. */
    async verify(code: string) {
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
    },

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
      return matches ? this.verify(c!.code) : undefined;
    },

    /** All valid certificates of a cohort as one ZIP. */
    async zipOf(actor: SessionUser, cohortId: number) {
      requireAdmin(actor);
      const rows = await db
        .select()
        .from(certificates)
        .where(and(eq(certificates.cohortId, cohortId), eq(certificates.state, 'gueltig')))
        .orderBy(asc(certificates.number));
      return Promise.all(rows.map(async (c) => ({ name: `${c.number}.pdf`, bytes: await files.read(c.storageKey) })));
    },
  };
}
export type CertificatesService = ReturnType<typeof certificatesService>;
