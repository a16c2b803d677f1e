import fs from 'node:fs';
import { ArchiveRefused, openArchive, type ArchiveLimits } from './archive';

/** The file kinds people may hand in, recognised by their content. */
export const FILE_KINDS = ['pdf', 'docx', 'odt', 'xlsx', 'ods', 'pptx', 'odp', 'jpg', 'png', 'txt'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export const MIME: Record<FileKind, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  odt: 'application/vnd.oasis.opendocument.text',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odp: 'application/vnd.oasis.opendocument.presentation',
  jpg: 'image/jpeg',
  png: 'image/png',
  txt: 'text/plain; charset=utf-8',
};

const ODF: Record<string, FileKind> = {
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
  'application/vnd.oasis.opendocument.presentation': 'odp',
};
const OOXML: Array<[string, FileKind]> = [
  ['word/document.xml', 'docx'],
  ['xl/workbook.xml', 'xlsx'],
  ['ppt/presentation.xml', 'pptx'],
];

const starts = (b: Buffer, bytes: number[]) => bytes.every((x, i) => b[i] === x);

/**
 * What a file really is, from its bytes: never from its name or what the browser claims. ZIP containers are opened to
 * tell DOCX from XLSX from ODT; text must be UTF-8 without NUL bytes and must not be HTML. Unknown → undefined.
 */
export async function sniff(source: Buffer | { path: string }): Promise<FileKind | undefined> {
  const b = Buffer.isBuffer(source) ? source : await head(source.path, 16);
  if (b.length === 0) return undefined;
  if (b.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (starts(b, [0xff, 0xd8, 0xff])) return 'jpg';
  if (starts(b, [0x50, 0x4b, 0x03, 0x04])) return zipKind(source);
  return (Buffer.isBuffer(source) ? isPlainText(source) : await isPlainTextFile(source.path)) ? 'txt' : undefined;
}

async function head(file: string, n: number): Promise<Buffer> {
  const fd = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fd.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fd.close();
  }
}

/**
 * Hand-ins are at most 20 MB; a genuine office document of that size has a few thousand parts and inflates to well
 * under 200 MB. Only the directory and two tiny parts are ever read here.
 */
export const OFFICE_LIMITS: ArchiveLimits = { maxEntries: 5000, maxTotalBytes: 200 * 1024 * 1024, maxRatio: 200 };

/** A ZIP that is too large inflated: refused with its own German message rather than "unknown file kind". */
export class ZipBombError extends Error {}

async function zipKind(source: Buffer | { path: string }): Promise<FileKind | undefined> {
  let zip;
  try {
    zip = await openArchive(source, OFFICE_LIMITS);
  } catch (err) {
    if (err instanceof ArchiveRefused && err.reason !== 'broken') throw new ZipBombError(err.reason);
    return undefined;
  }
  try {
    if (zip.names.includes('mimetype')) {
      const mimetype = await zip.read('mimetype', 200).catch(() => undefined);
      return mimetype ? ODF[mimetype.toString('latin1').trim()] : undefined;
    }
    if (!zip.names.includes('[Content_Types].xml')) return undefined;
    return OOXML.find(([part]) => zip.names.includes(part))?.[1];
  } finally {
    zip.close();
  }
}

// HTML renamed to .txt (or .pdf) could run script when opened in a browser: not text for our purposes
const looksLikeMarkup = (start: string) =>
  /^\s*(<!doctype\s+html|<html|<script|<svg|<\?xml)/i.test(start.replace(/^\uFEFF/, ''));

function isPlainText(b: Buffer): boolean {
  if (b.includes(0)) return false;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    return false;
  }
  return !looksLikeMarkup(text);
}

/** The same test for a file on disk, decoded piece by piece: UTF-8 throughout, no NUL, no markup at the start. */
async function isPlainTextFile(file: string): Promise<boolean> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let start = '';
  try {
    for await (const chunk of fs.createReadStream(file, { highWaterMark: 64 * 1024 }) as AsyncIterable<Buffer>) {
      if (chunk.includes(0)) return false;
      const text = decoder.decode(chunk, { stream: true });
      if (start.length < 1024) start += text.slice(0, 1024);
    }
    decoder.decode();
  } catch {
    return false;
  }
  return !looksLikeMarkup(start);
}
