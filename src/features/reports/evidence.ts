import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { asc, eq } from 'drizzle-orm';
import yazl from 'yazl';
import type { Db } from '../../platform/db/client';
import type { SessionUser } from '../../platform/auth/session-user';
import { NotFound } from '../../platform/errors';
import { toCsv } from '../../platform/spreadsheet';
import { berlinInstant, formatDay, formatTime, durationMinutes } from '../../platform/time';
import { cohorts } from '../cohorts/table';
import { offeringsOf, sessionsOfCohort, trainersOf } from '../cohorts/queries';
import { certificates } from '../certificates/table';
import { formatDateTime, t } from './texts';

type Sources = {
  db: Db;
  now: Date;
  signatureListPdf: (actor: SessionUser, sessionId: number) => Promise<{ fileName: string; pdf: Buffer }>;
  matrixTable: (cohortId: number) => Promise<{ header: string[]; rows: string[][] }>;
};

/**
 * What a funder's audit asks for, per cohort, as one ZIP streamed to the response: the sessions with date, start, end
 * and UE; the signature list of every session held; the attendance matrix; the cohort's extract of the certificate
 * register. Each file is produced one after the other and handed to the archive, never all at once.
 */
export async function writeEvidence(src: Sources, actor: SessionUser, cohortId: number, out: Writable) {
  const [cohort] = await src.db.select().from(cohorts).where(eq(cohorts.id, cohortId));
  if (!cohort) throw new NotFound();
  const [offeringRows, sessionRows, trainers, register] = await Promise.all([
    offeringsOf(src.db, cohortId),
    sessionsOfCohort(src.db, cohortId),
    trainersOf(src.db, cohortId),
    src.db.select().from(certificates).where(eq(certificates.cohortId, cohortId)).orderBy(asc(certificates.number)),
  ]);
  const zip = new yazl.ZipFile();
  const done = pipeline(zip.outputStream, out);
  const offeringOf = new Map(offeringRows.map((o) => [o.id, o]));
  const trainerNames = (offeringId: number) =>
    trainers
      .filter((x) => x.offeringId === offeringId)
      .map((x) => `${x.firstName} ${x.lastName}`)
      .join(', ');
  const kind = (k: string) => t(`reports.sessionKind.${k}`);
  zip.addBuffer(
    Buffer.from(
      `${t('reports.evidence')}: ${cohort.name}\r\n${t('reports.generated', { when: formatDateTime(src.now) })}\r\n\r\n${t('reports.evidenceHint')}\r\n`,
      'utf8',
    ),
    'liesmich.txt',
  );
  zip.addBuffer(
    toCsv(
      ['Modul', 'Art', 'Datum', 'Beginn', 'Ende', 'Dauer (Minuten)', 'UE', 'Ort', 'Lehrende', 'Durchgeführt'],
      sessionRows.map((s) => {
        const o = offeringOf.get(s.offeringId);
        return [
          o ? `${o.position}. ${o.title}` : '',
          kind(s.kind),
          formatDay(s.date, false),
          formatTime(s.startTime),
          formatTime(s.endTime),
          durationMinutes(s),
          s.ue,
          s.kind === 'online' ? s.videoUrl : s.location,
          trainerNames(s.offeringId),
          berlinInstant(s.date, s.startTime) <= src.now ? 'ja' : 'nein',
        ];
      }),
    ),
    'termine.csv',
  );
  const matrix = await src.matrixTable(cohortId);
  zip.addBuffer(toCsv(matrix.header, matrix.rows), 'anwesenheitsmatrix.csv');
  zip.addBuffer(
    toCsv(
      ['Nummer', 'Art', 'Name', 'Modul', 'Ausgestellt am', 'Stand', 'Widerrufen am', 'Grund des Widerrufs'],
      register.map((c) => [
        c.number,
        c.kind === 'zertifikat' ? 'Zertifikat' : 'Teilnahmebescheinigung',
        c.content.holderName ?? '',
        c.kind === 'teilnahme' ? (c.content.modules?.[0]?.title ?? '') : '',
        formatDateTime(c.issuedAt),
        { gueltig: 'gültig', ersetzt: 'ersetzt', widerrufen: 'widerrufen' }[c.state],
        c.revokedAt ? formatDateTime(c.revokedAt) : '',
        c.revokeReason ?? '',
      ]),
    ),
    'bescheinigungsregister.csv',
  );
  let n = 0;
  for (const s of sessionRows) {
    if (berlinInstant(s.date, s.startTime) > src.now) continue;
    const { fileName, pdf } = await src.signatureListPdf(actor, s.id);
    // numbered in date order: two sessions of a module on one day keep both lists
    zip.addBuffer(pdf, `unterschriftenlisten/${String(++n).padStart(2, '0')}-${fileName}`);
  }
  zip.end();
  await done;
}
