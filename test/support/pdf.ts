import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type request from 'supertest';

/** The response body as a Buffer (supertest would otherwise try to parse PDFs, ZIPs and spreadsheets as text). */
export const binary = (req: request.Test) =>
  req.buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (d: Buffer) => chunks.push(d));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  });

/** Runs fn with the PDF written to a temporary file, then removes it. */
function withPdfFile<T>(pdf: Buffer | string, fn: (file: string, dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kokoma-pdf-'));
  try {
    const file = typeof pdf === 'string' ? pdf : path.join(dir, 'doc.pdf');
    if (typeof pdf !== 'string') fs.writeFileSync(file, pdf);
    return fn(file, dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of a PDF as poppler's pdftotext reads it (what screen readers and copy-paste get). */
export const pdfText = (pdf: Buffer | string, opts: { layout?: boolean } = {}) =>
  withPdfFile(pdf, (file) =>
    execFileSync('pdftotext', [...(opts.layout ? ['-layout'] : []), file, '-'], { encoding: 'utf8' }),
  );

/** pdfinfo's report: title, pages, … */
export const pdfInfo = (pdf: Buffer | string) =>
  withPdfFile(pdf, (file) => execFileSync('pdfinfo', [file], { encoding: 'utf8' }));

/** Renders the first page with pdftoppm and reads the QR code on it, as a phone would. */
export const qrOnFirstPage = (pdf: Buffer | string): string | undefined =>
  withPdfFile(pdf, (file, dir) => {
    execFileSync('pdftoppm', ['-r', '150', '-png', '-singlefile', file, path.join(dir, 'page')]);
    const png = PNG.sync.read(fs.readFileSync(path.join(dir, 'page.png')));
    return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
  });
