/**
 * `npm run content:materials`: writes the sample worksheets (PDF) of content/ from the texts below. Stiftung SPI may
 * replace any of these files with its own; this script only produced the first versions.
 */
import fs from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';

type Sheet = { file: string; title: string; intro: string; sections: Array<{ heading: string; lines: string[] }> };

const sheets: Sheet[] = [
  {
    file: 'modules/01-konfliktanalyse/materials/arbeitsblatt-konfliktanalyse.pdf',
    title: 'Arbeitsblatt: Konfliktanalyse in fünf Schritten',
    intro: 'Modul 1 · Konflikttheorie und systemische Konfliktanalyse. Bearbeiten Sie das Blatt für einen Konflikt aus Ihrer Kommune.',
    sections: [
      { heading: '1. Der Konflikt in einem Satz', lines: ['Worum geht es?'] },
      { heading: '2. Beteiligte und Betroffene', lines: ['Wer ist beteiligt, wer ist betroffen, wer fehlt in der öffentlichen Debatte?'] },
      { heading: '3. Konfliktart', lines: ['Sachkonflikt, Beziehungskonflikt, Wertekonflikt, Strukturkonflikt – welche Anteile sehen Sie?'] },
      { heading: '4. Eskalationsstufe (nach Glasl)', lines: ['Stufe: ____   Datum der Einschätzung: ________', 'Woran machen Sie die Stufe fest?'] },
      { heading: '5. Ressourcen und nächste Schritte', lines: ['Wo gibt es Vertrauen, Brücken, bewährte Verfahren? Was ist Ihr nächster Schritt?'] },
    ],
  },
  {
    file: 'modules/03-haltung-und-rolle/materials/arbeitsblatt-auftragsklaerung.pdf',
    title: 'Arbeitsblatt: Leitfragen zur Auftragsklärung',
    intro: 'Modul 3 · Haltung und Beratungsrolle. Klären Sie diese Fragen, bevor Sie einen Konflikt begleiten.',
    sections: [
      { heading: 'Auftraggebende', lines: ['Wer erteilt den Auftrag? Wer hat außerdem Erwartungen?'] },
      { heading: 'Ziel', lines: ['Beruhigung, Verständigung, Entscheidung oder neue Regel?'] },
      { heading: 'Grenzen', lines: ['Was ist ausdrücklich nicht Teil des Auftrags? Was ist schon entschieden?'] },
      { heading: 'Ressourcen', lines: ['Zeit, Räume, Geld, Unterstützung durch das Prozessbegleitungs-Tandem'] },
      { heading: 'Vereinbarung', lines: ['Vermerk erstellt am ________ an ________________'] },
    ],
  },
  {
    file: 'modules/05-moderation-beteiligung/materials/checkliste-moderation.pdf',
    title: 'Checkliste: Vorbereitung einer Bürgerversammlung',
    intro: 'Modul 5 · Kommunikation und Moderation von Beteiligungsformaten.',
    sections: [
      { heading: 'Vier Wochen vorher', lines: ['[ ] Ziel und Format geklärt', '[ ] Einladung in einfacher Sprache, ggf. mehrsprachig', '[ ] Multiplikator:innen angesprochen'] },
      { heading: 'Eine Woche vorher', lines: ['[ ] Hausrecht und Ablauf mit dem Veranstalter geklärt', '[ ] Gesprächsregeln vorbereitet', '[ ] Rollen im Team verteilt'] },
      { heading: 'Am Tag', lines: ['[ ] Regeln sichtbar aufgehängt', '[ ] Redeliste geführt', '[ ] Ergebnisse sichtbar dokumentiert'] },
      { heading: 'Danach', lines: ['[ ] Ergebnisse an Teilnehmende zurückgemeldet', '[ ] Auswertung im Team'] },
    ],
  },
  {
    file: 'modules/09-transfer-krisenpraevention/materials/gliederung-krisenpraeventionsplan.pdf',
    title: 'Gliederung eines Krisenpräventionsplans',
    intro: 'Modul 9 · Transfer. Die Gliederung ist ein Vorschlag; passen Sie sie an Ihre Kommune an.',
    sections: [
      { heading: '1. Frühwarnung', lines: ['Welche Anzeichen beobachten wir? Wer meldet sie wem?'] },
      { heading: '2. Krisenstab', lines: ['Mitglieder, Leitung, Stellvertretungen, Erreichbarkeit außerhalb der Dienstzeiten'] },
      { heading: '3. Kommunikation', lines: ['Wer spricht nach außen? Welche Kanäle? Abstimmung mit der Polizei'] },
      { heading: '4. Schutz', lines: ['Unterstützung bedrohter Personen, Beratungsstellen, Auskunftssperren'] },
      { heading: '5. Nachsorge', lines: ['Auswertung, Anpassung des Plans, Dank an Beteiligte'] },
      { heading: '6. Pflege des Plans', lines: ['Zuständig: ____________   Nächste Überprüfung: ________'] },
    ],
  },
];

const root = path.resolve(__dirname, '../content');
for (const sheet of sheets) {
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: sheet.title, Author: 'Stiftung SPI – KoKoMa', Subject: 'Weiterbildung kommunale:r Konfliktmanager:in' }, lang: 'de-DE', pdfVersion: '1.7', tagged: true, displayTitle: true });
  const out = path.join(root, sheet.file);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  doc.pipe(fs.createWriteStream(out));
  doc.font('Helvetica-Bold').fontSize(18).text(sheet.title);
  doc.moveDown(0.5).font('Helvetica').fontSize(11).fillColor('#333333').text(sheet.intro).fillColor('#000000');
  for (const s of sheet.sections) {
    doc.moveDown(1).font('Helvetica-Bold').fontSize(13).text(s.heading);
    doc.font('Helvetica').fontSize(11);
    for (const l of s.lines) doc.moveDown(0.3).text(l);
    const y = doc.y + 8;
    for (let i = 0; i < 3; i++) doc.moveTo(56, y + i * 22).lineTo(539, y + i * 22).strokeColor('#999999').lineWidth(0.5).stroke();
    doc.y = y + 3 * 22;
  }
  doc.moveDown(2).fontSize(9).fillColor('#555555').text('KoKoMa – Kommunales Konfliktmanagement · Stiftung SPI · Bundesprogramm „Demokratie leben!“');
  doc.end();
  console.log(`geschrieben: content/${sheet.file}`);
}
