import { drawQrCode, finish, newDocument, toBuffer } from '../../platform/pdf';
import { cohortPhrase, t } from './texts';
import type { CertificateContent, CertificateKind } from './table';

/**
 * The certificate as an A4 PDF: real text in an embedded Unicode font (selectable, read by screen readers and
 * pdftotext), German title and language in the metadata, the number, and a QR code to the public verification page.
 */
export function renderCertificate(c: {
  kind: CertificateKind;
  number: string;
  verifyUrl: string;
  content: CertificateContent;
  logos?: string[];
}): Promise<Buffer> {
  const heading = t(`certificates.kind.${c.kind}`);
  const doc = newDocument(`${heading} ${c.content.holderName} (${c.number})`);
  return toBuffer(doc, () => {
    const left = doc.page.margins.left;
    const width = doc.page.width - left - doc.page.margins.right;
    // the configured logos (programme, funder) at the top right, each fitted into 110 × 45 pt
    let lx = left + width;
    for (const logo of [...(c.logos ?? [])].reverse()) {
      lx -= 110;
      doc.image(logo, lx, 40, { fit: [110, 45], align: 'right', valign: 'center' });
      lx -= 12;
    }
    doc
      .fillColor('#131525')
      .font('bold')
      .fontSize(11)
      .text('Stiftung SPI', left, 50, { width: lx - left - 10 });
    doc
      .font('regular')
      .fontSize(9)
      .fillColor('#444444')
      .text(t('certificates.pdf.programme'), { width: lx - left - 10 });
    doc.moveDown(3);
    doc.fillColor('#1D4A9C').font('bold').fontSize(30).text(heading, { align: 'center', width });
    doc.moveDown(1.2);
    doc.fillColor('#131525').font('regular').fontSize(12).text(t('certificates.pdf.for'), { align: 'center', width });
    doc.moveDown(0.6);
    doc.font('bold').fontSize(22).text(c.content.holderName, { align: 'center', width });
    doc.moveDown(1);
    doc.font('regular').fontSize(12);
    const intro =
      c.kind === 'zertifikat'
        ? t('certificates.pdf.qualification', { durchgang: cohortPhrase(c.content.cohortName), title: c.content.title })
        : t('certificates.pdf.module', {
            durchgang: cohortPhrase(c.content.cohortName),
            module: c.content.modules[0]?.title ?? '',
          });
    doc.text(intro, { align: 'center', width });
    doc.moveDown(1.5);

    // modules with dates and UE
    const cols = [width - 190, 120, 70];
    const y0 = doc.y;
    doc.font('bold').fontSize(10);
    doc.text(t('certificates.pdf.moduleCol'), left, y0, { width: cols[0] });
    doc.text(t('certificates.pdf.datesCol'), left + cols[0]!, y0, { width: cols[1] });
    doc.text(t('certificates.pdf.ueCol'), left + cols[0]! + cols[1]!, y0, { width: cols[2], align: 'right' });
    doc
      .moveTo(left, doc.y + 3)
      .lineTo(left + width, doc.y + 3)
      .lineWidth(0.5)
      .strokeColor('#A9ACC2')
      .stroke();
    doc.moveDown(0.5);
    doc.font('regular').fontSize(10);
    for (const m of c.content.modules) {
      const y = doc.y;
      doc.text(`${m.title} (${t(`catalogue.kind_${m.kind}`)})`, left, y, { width: cols[0]! - 8 });
      const after = doc.y;
      doc.text(m.dates, left + cols[0]!, y, { width: cols[1] });
      doc.text(String(m.ue), left + cols[0]! + cols[1]!, y, { width: cols[2], align: 'right' });
      doc.y = Math.max(after, doc.y) + 4;
    }
    doc
      .moveTo(left, doc.y)
      .lineTo(left + width, doc.y)
      .lineWidth(0.5)
      .strokeColor('#A9ACC2')
      .stroke();
    doc.moveDown(0.4);
    doc
      .font('bold')
      .text(t('certificates.pdf.total', { ue: c.content.totalUe }), left, doc.y, { width, align: 'right' });
    // a Teilnahmebescheinigung says what the module was about: its learning objectives from content/
    const topics = c.kind === 'teilnahme' ? (c.content.modules[0]?.topics ?? []) : [];
    if (topics.length > 0) {
      doc.moveDown(1);
      doc.font('bold').fontSize(10).text(t('certificates.pdf.topics'), left, doc.y, { width });
      doc
        .font('regular')
        .fontSize(10)
        .list(topics, left + 6, doc.y + 2, { width: width - 6, bulletRadius: 1.5, textIndent: 10 });
    }
    doc.moveDown(2);
    doc
      .font('regular')
      .fontSize(11)
      .text(t('certificates.pdf.placeDate', { place: c.content.place, date: c.content.issuedOn }), left, doc.y, {
        width,
      });
    doc.moveDown(3);

    // signatories side by side
    const sy = doc.y;
    const colW = width / Math.max(1, c.content.signatories.length);
    c.content.signatories.forEach((s, i) => {
      const x = left + i * colW;
      doc
        .moveTo(x, sy)
        .lineTo(x + colW - 30, sy)
        .lineWidth(0.5)
        .strokeColor('#131525')
        .stroke();
      doc
        .font('bold')
        .fontSize(10)
        .fillColor('#131525')
        .text(s.name, x, sy + 6, { width: colW - 30 });
      doc
        .font('regular')
        .fontSize(9)
        .text(s.role, x, doc.y, { width: colW - 30 });
    });

    // number, QR code and short URL at the bottom
    const qy = doc.page.height - doc.page.margins.bottom - 100;
    drawQrCode(doc, c.verifyUrl, left, qy, 90);
    doc.font('regular').fontSize(9).fillColor('#131525');
    doc.text(t('certificates.pdf.number', { number: c.number }), left + 105, qy + 10, { width: width - 105 });
    doc.text(t('certificates.pdf.verify'), left + 105, doc.y + 4, { width: width - 105 });
    doc.font('bold').text(c.verifyUrl, left + 105, doc.y + 2, { width: width - 105 });
    if (c.content.fundingLine)
      doc
        .font('regular')
        .fontSize(8)
        .fillColor('#444444')
        .text(c.content.fundingLine, left + 105, doc.y + 6, { width: width - 105 });
    finish(doc, t('certificates.pdf.footer'));
  });
}

/**
 * Renders a throwaway certificate so the server's first real one does not pay for decoding the fonts' layout tables
 * and for the JIT (about 0.3 s, once per process). Called after the server listens.
 */
export async function warmUpCertificates(): Promise<void> {
  await renderCertificate({
    kind: 'zertifikat',
    number: 'KOKOMA-0000-000000',
    verifyUrl: 'https://example.invalid/verify/AAAAA-AAAAA',
    content: {
      holderName: 'Łukasz Şahin-Müller',
      title: t('certificates.titles.konfliktmanager_in'),
      cohortName: 'Durchgang',
      modules: [{ title: 'Modul', kind: 'praesenz', dates: '01.01.2026', ue: 8, topics: ['Thema'] }],
      totalUe: 8,
      fundingLine: 'Gefördert',
      place: 'Berlin',
      issuedOn: '01.01.2026',
      signatories: [{ name: 'Name', role: 'Rolle' }],
    },
  });
}
