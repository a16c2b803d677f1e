import { and, asc, eq, sql } from 'drizzle-orm';
import { Conflict, NotFound } from '../../platform/errors';
import { t } from './texts';
import type { SessionUser } from '../../platform/auth/session-user';
import { users } from '../accounts/table';
import { canDownloadCertificate } from './access';
import { certificateEvents, certificates } from './table';
import type { CertificateContext } from './context';

/** Certificates to their holders: by e-mail when the SPI-Team chooses, the PDF, the cohort's ZIP. */
export function delivery(ctx: CertificateContext) {
  const { deps, db, clock, files, verifyUrl, requireAdmin, get } = ctx;

  /** Sends the PDF to the holder: only when the SPI-Team chooses to. */
  async function send(actor: SessionUser, id: number): Promise<string> {
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
  }

  return {
    send,

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
      for (const r of rows) await send(actor, r.id);
      return rows.length;
    },

    /** The stored PDF, for its holder and the SPI-Team only. */
    async pdf(actor: SessionUser, id: number) {
      const c = await get(id);
      if (!canDownloadCertificate(actor, c)) throw new NotFound();
      return { certificate: c, bytes: await files.read(c.storageKey) };
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
