import fs from 'node:fs';
import path from 'node:path';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

const FONTS = path.dirname(require.resolve('@expo-google-fonts/fira-sans/package.json'));
/** Fira Sans as TTF (KERN's typeface): pdfkit's built-in Helvetica cannot print Ł, Ş or Ø. */
export const FONT = {
  regular: path.join(FONTS, '400Regular/FiraSans_400Regular.ttf'),
  bold: path.join(FONTS, '600SemiBold/FiraSans_600SemiBold.ttf'),
};

/**
 * The fonts are parsed once per process and shared by every document. pdfkit would parse the file again for each
 * document and decode the OpenType layout tables anew on first use: about 0.13 s per certificate, against 10 ms with
 * shared fonts (fontkit caches what it decoded on the font object; each document still embeds its own subset).
 */
let parsed: { regular: fontkit.Font; bold: fontkit.Font } | undefined;
function fonts(): { regular: fontkit.Font; bold: fontkit.Font } {
  parsed ??= { regular: load(FONT.regular), bold: load(FONT.bold) };
  return parsed;
}
function load(file: string): fontkit.Font {
  const font = fontkit.create(fs.readFileSync(file));
  if (!('layout' in font)) throw new Error(`${file} is a font collection, not a font`);
  return withSharedLayouts(font);
}

const LAYOUTS_KEPT = 20_000;
/**
 * Shaping a word (kerning, ligatures) is most of what is left per document, and the same words recur on every
 * certificate; pdfkit caches them per document only. This keeps them per font. pdfkit scales the positions of the run
 * it gets in place, so each caller gets its own copy of them.
 */
function withSharedLayouts(font: fontkit.Font): fontkit.Font {
  const runs = new Map<string, fontkit.GlyphRun>();
  const shared = Object.create(font) as fontkit.Font;
  shared.layout = ((text: string, features?: unknown, ...rest: unknown[]) => {
    if (features !== undefined || rest.length > 0)
      return (font.layout as (...a: unknown[]) => fontkit.GlyphRun)(text, features, ...rest);
    let run = runs.get(text);
    if (!run) {
      if (runs.size >= LAYOUTS_KEPT) runs.clear();
      run = font.layout(text);
      runs.set(text, run);
    }
    const positions = run.positions.map((p) => ({ ...p }));
    return {
      glyphs: run.glyphs,
      positions,
      get advanceWidth() {
        return positions.reduce((sum, p) => sum + p.xAdvance, 0);
      },
    } as unknown as fontkit.GlyphRun;
  }) as fontkit.Font['layout'];
  return shared;
}

/** An A4 document with embedded fonts, German language and title metadata; pages are buffered for "Seite x von y". */
export function newDocument(title: string, opts: { landscape?: boolean; tagged?: boolean } = {}): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    // tagged: a structure tree (headings, tables, figures with alt text) for screen readers and PDF/UA checkers
    ...(opts.tagged ? { tagged: true, pdfVersion: '1.7' as const } : {}),
    size: 'A4',
    layout: opts.landscape ? 'landscape' : 'portrait',
    margins: { top: 50, bottom: 60, left: 50, right: 50 },
    bufferPages: true,
    lang: 'de-DE',
    displayTitle: true,
    info: { Title: title, Author: 'Stiftung SPI – KoKoMa Campus', Creator: 'KoKoMa Campus' },
  });
  // pdfkit accepts a parsed fontkit font (anything with layout()); its typings know only files and buffers
  doc.registerFont('regular', fonts().regular as unknown as Buffer);
  doc.registerFont('bold', fonts().bold as unknown as Buffer);
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
    // in a tagged document the footer is pagination, not content: marked as an artifact, screen readers skip it
    const tagged = (doc as unknown as { options: { tagged?: boolean } }).options.tagged;
    if (tagged) doc.markContent('Artifact', { type: 'Pagination' });
    doc.text(footer, doc.page.margins.left, bottom, { width, align: 'left', lineBreak: false });
    doc.text(`Seite ${i - range.start + 1} von ${range.count}`, doc.page.margins.left, bottom, {
      width,
      align: 'right',
      lineBreak: false,
    });
    if (tagged) doc.endMarkedContent();
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

/**
 * A QR code drawn as vector squares: sharp at any zoom and print size, and no PNG to encode and decode again
 * (which cost more than the rest of a certificate). Leave white space of four modules around it for scanners.
 */
export function drawQrCode(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const unit = size / modules.size;
  doc.save().fillColor('#000000');
  for (let row = 0; row < modules.size; row++) {
    // one rectangle per run of dark modules in a row
    let start = -1;
    for (let col = 0; col <= modules.size; col++) {
      const dark = col < modules.size && modules.get(row, col);
      if (dark && start < 0) start = col;
      if (!dark && start >= 0) {
        doc.rect(x + start * unit, y + row * unit, (col - start) * unit, unit);
        start = -1;
      }
    }
  }
  doc.fill();
  doc.restore();
}
