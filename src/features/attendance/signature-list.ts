import { finish, newDocument, toBuffer } from '../../platform/pdf';
import { cohortPhrase, t } from './texts';
import { formatDay, formatTime } from '../../platform/time';
import type { RosterRow } from './queries';

type Input = {
  cohortName: string;
  moduleTitle: string;
  session: {
    date: string;
    startTime: string;
    endTime: string;
    kind: string;
    location: string;
    videoUrl: string;
    ue: number;
  };
  trainers: string;
  roster: RosterRow[];
};

/**
 * The Unterschriftenliste funders ask for: session data, then one row per person with name, municipality,
 * organisation and an empty field to sign; page numbers on every page. Text stays text (selectable, pdftotext).
 */
export function signatureList(input: Input): Promise<Buffer> {
  const title = t('attendance.pdf.title', { module: input.moduleTitle, date: formatDay(input.session.date, false) });
  const doc = newDocument(title);
  return toBuffer(doc, () => {
    const left = doc.page.margins.left;
    const width = doc.page.width - left - doc.page.margins.right;
    doc.font('bold').fontSize(16).fillColor('#131525').text(t('attendance.pdf.heading'));
    doc.font('regular').fontSize(10).fillColor('#333333').text(t('attendance.pdf.programme'));
    doc.moveDown(0.8);
    const facts: Array<[string, string]> = [
      [t('cohorts.module'), input.moduleTitle],
      [t('cohorts.cohort'), input.cohortName],
      [
        t('cohorts.date'),
        `${formatDay(input.session.date)}, ${t('cohorts.timeRange', { start: formatTime(input.session.startTime), end: formatTime(input.session.endTime) })}`,
      ],
      [
        t('cohorts.location'),
        input.session.kind === 'online'
          ? `${t('cohorts.kind.online')} ${input.session.videoUrl}`.trim()
          : input.session.location,
      ],
      [t('cohorts.ue'), String(input.session.ue)],
      [t('cohorts.trainers'), input.trainers || '–'],
    ];
    doc.fontSize(10).fillColor('#131525');
    for (const [k, v] of facts) {
      const y = doc.y;
      doc.font('bold').text(`${k}:`, left, y, { width: 110 });
      doc.font('regular').text(v, left + 115, y, { width: width - 115 });
      doc.moveDown(0.2);
    }
    doc.moveDown(0.8);

    const cols = [
      { key: 'nr', label: t('attendance.pdf.nr'), width: 28 },
      { key: 'name', label: t('attendance.pdf.name'), width: 140 },
      { key: 'municipality', label: t('attendance.municipality'), width: 85 },
      { key: 'organisation', label: t('people.organisation'), width: 130 },
      { key: 'signature', label: t('attendance.pdf.signature'), width: width - 28 - 140 - 85 - 130 },
    ];
    const rowHeight = 34;
    const header = () => {
      const y = doc.y;
      doc.rect(left, y, width, 20).fill('#E9ECF2');
      let x = left;
      doc.fillColor('#131525').font('bold').fontSize(9);
      for (const c of cols) {
        doc.text(c.label, x + 4, y + 6, { width: c.width - 8, lineBreak: false });
        x += c.width;
      }
      doc.y = y + 20;
    };
    header();
    doc.font('regular').fontSize(9);
    input.roster.forEach((r, i) => {
      if (doc.y + rowHeight > doc.page.height - doc.page.margins.bottom) {
        doc.addPage();
        header();
        doc.font('regular').fontSize(9);
      }
      const y = doc.y;
      const values: Record<string, string> = {
        nr: String(i + 1),
        name: `${r.person.lastName}, ${r.person.firstName}`,
        municipality: r.municipality,
        organisation: r.person.organisation,
        signature: '',
      };
      let x = left;
      doc.fillColor('#131525');
      for (const c of cols) {
        doc.text(values[c.key]!, x + 4, y + 6, { width: c.width - 8, height: rowHeight - 8, ellipsis: true });
        x += c.width;
      }
      doc
        .moveTo(left, y + rowHeight)
        .lineTo(left + width, y + rowHeight)
        .lineWidth(0.5)
        .strokeColor('#A9ACC2')
        .stroke();
      doc.y = y + rowHeight;
    });
    if (input.roster.length === 0) doc.moveDown().text(t('attendance.noOne'));
    finish(doc, t('attendance.pdf.footer', { durchgang: cohortPhrase(input.cohortName) }));
  });
}
