import crypto from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../platform/db/client';
import type { FileStore } from '../platform/files/store';
import { newDocument, toBuffer } from '../platform/pdf';
import { berlinInstant, berlinToday } from '../platform/time';
import { users } from '../features/accounts/table';
import { offerings } from '../features/cohorts/table';
import {
  assignments,
  feedback,
  storedFiles,
  submissions,
  submissionVersions,
  type SubmissionState,
} from '../features/assignments/table';
import { fullName } from '../platform/names';

function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** A small PDF "hand-in" with the person's name, so the demo has real files to open. */
function demoPdf(title: string, author: string): Promise<Buffer> {
  const doc = newDocument(title);
  return toBuffer(doc, () => {
    doc.font('bold').fontSize(18).text(title);
    doc
      .font('regular')
      .fontSize(11)
      .moveDown()
      .text(
        `${author}\n\nAkteure: Stadtverwaltung, Jugendzentrum, Anwohnerinitiative, Polizei.\nKonfliktlinie: Nutzung des Marktplatzes am Abend.\nEskalationsstufe nach Glasl: 3 (Taten statt Worte).\n\nNächste Schritte: Runder Tisch mit allen Beteiligten.`,
      );
    doc.end();
  });
}

/**
 * Assignments of the running cohort with hand-ins in every state: the demo trainee's returned for revision and then
 * passed, one waiting in the trainer's queue, one returned, one draft; and a points-graded text task ahead.
 */
export async function seedDemoAssignments(
  tx: Db,
  cohortId: number,
  startsOn: string,
  now: Date,
  files?: FileStore,
): Promise<void> {
  const offeringRows = await tx
    .select()
    .from(offerings)
    .where(eq(offerings.cohortId, cohortId))
    .orderBy(asc(offerings.position));
  const first = offeringRows[0];
  const third = offeringRows[2];
  const trainer = (await tx.select().from(users).where(eq(users.email, 'trainerin@kokoma.example')))[0];
  if (!first || !third || !trainer) return;
  const [analysis] = await tx
    .insert(assignments)
    .values({
      offeringId: first.id,
      title: 'Konfliktanalyse der eigenen Kommune',
      instructions:
        'Wählen Sie einen aktuellen Konflikt in Ihrer Kommune und analysieren Sie ihn:\n\n- Wer ist beteiligt, wer betroffen?\n- Worum geht es in der Sache, worum in der Beziehung?\n- Auf welcher Eskalationsstufe steht der Konflikt (nach Glasl)?\n\nUmfang: zwei bis drei Seiten.',
      dueAt: berlinInstant(addDays(startsOn, 28), '23:59'),
      expectsFile: true,
      expectsText: false,
      allowedKinds: ['pdf', 'docx', 'odt'],
      maxFileMb: 20,
      maxFiles: 2,
      grading: 'bestanden',
      required: true,
      createdById: trainer.id,
      createdAt: berlinInstant(addDays(startsOn, 8), '17:00'),
    })
    .returning();
  await tx.insert(assignments).values({
    offeringId: third.id,
    title: 'Reflexion der eigenen Rolle',
    instructions:
      'Beschreiben Sie in einer halben Seite, in welcher Rolle Sie in Konflikten Ihrer Kommune angesprochen werden und wo die Grenzen dieser Rolle liegen.',
    dueAt: berlinInstant(addDays(berlinToday(now), 14), '23:59'),
    expectsFile: false,
    expectsText: true,
    allowedKinds: [],
    grading: 'punkte',
    maxPoints: 10,
    passPoints: 6,
    required: false,
    createdById: trainer.id,
  });

  // an open task that takes a file, for the demo trainee to try the upload (due in ten days)
  const current = offeringRows[3] ?? third;
  await tx.insert(assignments).values({
    offeringId: current.id,
    title: 'Konfliktlandkarte',
    instructions:
      'Zeichnen Sie für den Konflikt aus Ihrer Konfliktanalyse eine Konfliktlandkarte: Wer steht wem wie nahe, wo gibt es Spannungen, Bündnisse, Abhängigkeiten? Ein Foto einer Handskizze genügt.\n\nLaden Sie die Karte als PDF, JPG oder PNG hoch.',
    dueAt: berlinInstant(addDays(berlinToday(now), 10), '23:59'),
    expectsFile: true,
    expectsText: false,
    allowedKinds: ['pdf', 'jpg', 'png'],
    maxFileMb: 10,
    maxFiles: 3,
    grading: 'bestanden',
    required: false,
    createdById: trainer.id,
  });

  const wanted: Array<[string, SubmissionState]> = [
    ['teilnehmerin@kokoma.example', 'bestanden'],
    ['teilnehmende.erfurt1@kokoma.example', 'abgegeben'],
    ['teilnehmende.erfurt2@kokoma.example', 'ueberarbeiten'],
    ['teilnehmende.erfurt3@kokoma.example', 'entwurf'],
  ];
  const people = await tx
    .select()
    .from(users)
    .where(
      inArray(
        users.email,
        wanted.map((w) => w[0]),
      ),
    );
  const handedIn = berlinInstant(addDays(startsOn, 27), '20:15');
  for (const [email, state] of wanted) {
    const p = people.find((x) => x.email === email);
    if (!p) continue;
    const [sub] = await tx
      .insert(submissions)
      .values({ assignmentId: analysis!.id, userId: p.id, state, submittedAt: state === 'entwurf' ? null : handedIn })
      .returning();
    const addVersion = async (number: number, submittedAt: Date | null) => {
      const [v] = await tx
        .insert(submissionVersions)
        .values({ submissionId: sub!.id, number, submittedAt, createdAt: submittedAt ?? now })
        .returning();
      if (files) {
        const bytes = await demoPdf(`Konfliktanalyse (Version ${number})`, fullName(p));
        const { key } = await files.put(bytes);
        await tx.insert(storedFiles).values({
          versionId: v!.id,
          storageKey: key,
          originalName: `Konfliktanalyse ${p.lastName} v${number}.pdf`,
          kind: 'pdf',
          size: bytes.length,
          sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
        });
      }
      return v!;
    };
    if (state === 'entwurf') {
      await addVersion(1, null);
    } else if (state === 'bestanden') {
      await addVersion(1, handedIn);
      await tx.insert(feedback).values({
        submissionId: sub!.id,
        versionNumber: 1,
        authorId: trainer.id,
        decision: 'ueberarbeiten',
        text: 'Eine gute erste Analyse. Bitte ergänzen Sie, wer von dem Konflikt betroffen ist, ohne beteiligt zu sein.',
        createdAt: berlinInstant(addDays(startsOn, 30), '10:00'),
      });
      await addVersion(2, berlinInstant(addDays(startsOn, 33), '18:40'));
      await tx.insert(feedback).values({
        submissionId: sub!.id,
        versionNumber: 2,
        authorId: trainer.id,
        decision: 'bestanden',
        text: 'Sehr gründlich, die Betroffenen sind jetzt klar benannt. Bestanden.',
        createdAt: berlinInstant(addDays(startsOn, 35), '09:30'),
      });
      await tx
        .update(submissions)
        .set({ submittedAt: berlinInstant(addDays(startsOn, 33), '18:40') })
        .where(and(eq(submissions.id, sub!.id)));
    } else if (state === 'ueberarbeiten') {
      await addVersion(1, handedIn);
      await tx.insert(feedback).values({
        submissionId: sub!.id,
        versionNumber: 1,
        authorId: trainer.id,
        decision: 'ueberarbeiten',
        text: 'Bitte ordnen Sie den Konflikt einer Eskalationsstufe zu und begründen Sie das.',
        createdAt: berlinInstant(addDays(startsOn, 30), '10:15'),
      });
    } else {
      await addVersion(1, handedIn);
    }
  }
}
