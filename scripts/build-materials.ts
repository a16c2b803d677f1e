/**
 * `npm run content:materials`: writes the sample worksheets (PDF) of content/ from the texts below. Stiftung SPI may
 * replace any of these files with its own; this script only produced the first versions.
 */
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import PDFDocument from 'pdfkit';

type Sheet = { file: string; title: string; intro: string; sections: Array<{ heading: string; lines: string[] }> };

const sheets: Sheet[] = [
  {
    file: 'modules/01-konfliktanalyse/materials/arbeitsblatt-konfliktanalyse.pdf',
    title: 'Arbeitsblatt: Konfliktanalyse in fünf Schritten',
    intro:
      'Modul 1 · Konflikttheorie und systemische Konfliktanalyse. Bearbeiten Sie das Blatt für einen Konflikt aus Ihrer Kommune.',
    sections: [
      { heading: '1. Der Konflikt in einem Satz', lines: ['Worum geht es?'] },
      {
        heading: '2. Beteiligte und Betroffene',
        lines: ['Wer ist beteiligt, wer ist betroffen, wer fehlt in der öffentlichen Debatte?'],
      },
      {
        heading: '3. Konfliktart',
        lines: ['Sachkonflikt, Beziehungskonflikt, Wertekonflikt, Strukturkonflikt – welche Anteile sehen Sie?'],
      },
      {
        heading: '4. Eskalationsstufe (nach Glasl)',
        lines: ['Stufe: ____   Datum der Einschätzung: ________', 'Woran machen Sie die Stufe fest?'],
      },
      {
        heading: '5. Ressourcen und nächste Schritte',
        lines: ['Wo gibt es Vertrauen, Brücken, bewährte Verfahren? Was ist Ihr nächster Schritt?'],
      },
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
      {
        heading: 'Vier Wochen vorher',
        lines: [
          '[ ] Ziel und Format geklärt',
          '[ ] Einladung in einfacher Sprache, ggf. mehrsprachig',
          '[ ] Multiplikator:innen angesprochen',
        ],
      },
      {
        heading: 'Eine Woche vorher',
        lines: [
          '[ ] Hausrecht und Ablauf mit dem Veranstalter geklärt',
          '[ ] Gesprächsregeln vorbereitet',
          '[ ] Rollen im Team verteilt',
        ],
      },
      {
        heading: 'Am Tag',
        lines: ['[ ] Regeln sichtbar aufgehängt', '[ ] Redeliste geführt', '[ ] Ergebnisse sichtbar dokumentiert'],
      },
      { heading: 'Danach', lines: ['[ ] Ergebnisse an Teilnehmende zurückgemeldet', '[ ] Auswertung im Team'] },
    ],
  },
  {
    file: 'modules/09-transfer-krisenpraevention/materials/gliederung-krisenpraeventionsplan.pdf',
    title: 'Gliederung eines Krisenpräventionsplans',
    intro: 'Modul 9 · Transfer. Die Gliederung ist ein Vorschlag; passen Sie sie an Ihre Kommune an.',
    sections: [
      { heading: '1. Frühwarnung', lines: ['Welche Anzeichen beobachten wir? Wer meldet sie wem?'] },
      {
        heading: '2. Krisenstab',
        lines: ['Mitglieder, Leitung, Stellvertretungen, Erreichbarkeit außerhalb der Dienstzeiten'],
      },
      { heading: '3. Kommunikation', lines: ['Wer spricht nach außen? Welche Kanäle? Abstimmung mit der Polizei'] },
      { heading: '4. Schutz', lines: ['Unterstützung bedrohter Personen, Beratungsstellen, Auskunftssperren'] },
      { heading: '5. Nachsorge', lines: ['Auswertung, Anpassung des Plans, Dank an Beteiligte'] },
      { heading: '6. Pflege des Plans', lines: ['Zuständig: ____________   Nächste Überprüfung: ________'] },
    ],
  },
];

const root = path.resolve(__dirname, '../content');

/** The escalation diagram of lesson 1.2, drawn as a PDF page and turned into PNG with poppler's pdftoppm. */
function escalationDiagram(): void {
  const pdfPath = path.join(os.tmpdir(), 'eskalationsstufen.pdf');
  const png = path.join(root, 'modules/01-konfliktanalyse/materials/eskalationsstufen');
  const doc = new PDFDocument({ size: [640, 300], margin: 0 });
  doc.pipe(fs.createWriteStream(pdfPath)).on('finish', () => {
    execFileSync('pdftoppm', ['-png', '-r', '96', '-singlefile', pdfPath, png]);
    console.log('geschrieben: content/modules/01-konfliktanalyse/materials/eskalationsstufen.png');
  });
  doc.rect(0, 0, 640, 300).fill('#FFFFFF');
  const levels = [
    {
      title: 'Win-win',
      steps: '1 Verhärtung · 2 Debatte · 3 Taten statt Worte',
      color: '#D7F0E0',
      help: 'Selbsthilfe, Moderation',
    },
    {
      title: 'Win-lose',
      steps: '4 Koalitionen · 5 Gesichtsverlust · 6 Drohstrategien',
      color: '#FFF0C2',
      help: 'Prozessbegleitung, Mediation',
    },
    {
      title: 'Lose-lose',
      steps: '7 Vernichtungsschläge · 8 Zersplitterung · 9 Gemeinsam in den Abgrund',
      color: '#F8D4D4',
      help: 'Machteingriff',
    },
  ];
  levels.forEach((l, i) => {
    const x = 20 + i * 40;
    const y = 30 + i * 85;
    doc
      .rect(x, y, 600 - i * 40, 75)
      .fill(l.color)
      .stroke('#555555');
    doc
      .fillColor('#131525')
      .font('Helvetica-Bold')
      .fontSize(15)
      .text(l.title, x + 12, y + 10);
    doc
      .font('Helvetica')
      .fontSize(11)
      .text(l.steps, x + 12, y + 32, { width: 560 - i * 40 });
    doc
      .fontSize(10)
      .fillColor('#333333')
      .text(`Hilfe: ${l.help}`, x + 12, y + 52);
  });
  doc.end();
}
escalationDiagram();
for (const sheet of sheets) {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: {
      Title: sheet.title,
      Author: 'Stiftung SPI – KoKoMa',
      Subject: 'Weiterbildung kommunale:r Konfliktmanager:in',
    },
    lang: 'de-DE',
    pdfVersion: '1.7',
    tagged: true,
    displayTitle: true,
  });
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
    for (let i = 0; i < 3; i++)
      doc
        .moveTo(56, y + i * 22)
        .lineTo(539, y + i * 22)
        .strokeColor('#999999')
        .lineWidth(0.5)
        .stroke();
    doc.y = y + 3 * 22;
  }
  doc
    .moveDown(2)
    .fontSize(9)
    .fillColor('#555555')
    .text('KoKoMa – Kommunales Konfliktmanagement · Stiftung SPI · Bundesprogramm „Demokratie leben!“');
  doc.end();
  console.log(`geschrieben: content/${sheet.file}`);
}
