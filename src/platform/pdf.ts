import path from 'node:path';
import PDFDocument from 'pdfkit';

const FONTS = path.dirname(require.resolve('@expo-google-fonts/fira-sans/package.json'));
/** Fira Sans as TTF (KERN's typeface): pdfkit's built-in Helvetica cannot print Ł, Ş or Ø. */
export const FONT = { regular: path.join(FONTS, '400Regular/FiraSans_400Regular.ttf'), bold: path.join(FONTS, '600SemiBold/FiraSans_600SemiBold.ttf') };

/** An A4 document with embedded fonts, German language and title metadata; pages are buffered for "Seite x von y". */
export function newDocument(title: string, opts: { landscape?: boolean } = {}): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: 'A4',
    layout: opts.landscape ? 'landscape' : 'portrait',
    margins: { top: 50, bottom: 60, left: 50, right: 50 },
    bufferPages: true,
    lang: 'de-DE',
    displayTitle: true,
    info: { Title: title, Author: 'Stiftung SPI – KoKoMa Campus', Creator: 'KoKoMa Campus' },
  });
  doc.registerFont('regular', FONT.regular);
  doc.registerFont('bold', FONT.bold);
  doc.font('regular');
  return doc;
}

/** Writes "Seite x von y" and a footer line on every page, then ends the document. */
export function finish(doc: PDFKit.PDFDocument, footer: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.height - 40;
    const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
    // writing into the bottom margin must not start a new page
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('regular').fontSize(8).fillColor('#444444');
    doc.text(footer, doc.page.margins.left, bottom, { width, align: 'left', lineBreak: false });
    doc.text(`Seite ${i - range.start + 1} von ${range.count}`, doc.page.margins.left, bottom, { width, align: 'right', lineBreak: false });
    doc.page.margins.bottom = margin;
  }
  doc.end();
}

/** The whole PDF as a Buffer. */
export function toBuffer(doc: PDFKit.PDFDocument, write: () => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    write();
  });
}
