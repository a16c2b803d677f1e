import type { Response } from 'express';
import { MIME, type FileKind } from '../files/sniff';

/** The extension a file of this kind carries when it is downloaded. */
const EXTENSION: Record<FileKind, string> = {
  pdf: 'pdf',
  docx: 'docx',
  odt: 'odt',
  xlsx: 'xlsx',
  ods: 'ods',
  pptx: 'pptx',
  odp: 'odp',
  jpg: 'jpg',
  png: 'png',
  txt: 'txt',
};

/** "bericht.html" of kind png → "bericht.png": the name never decides what a browser does with the bytes. */
export function downloadName(name: string, kind: FileKind | undefined): string {
  const base = name.replace(/\.[^./\\]{1,10}$/, '') || 'datei';
  return kind ? `${base}.${EXTENSION[kind]}` : `${base}.bin`;
}

/**
 * Headers for a stored file. The Content-Type comes from the kind recognised at upload (sniffed from the bytes), never
 * from the uploaded name; the download name gets that kind's extension; a kind off the allow-list is
 * application/octet-stream and always an attachment. (Express's res.attachment() would type by the name, so the type
 * is set after it.)
 */
export function setDownloadHeaders(
  res: Response,
  opts: { name: string; kind: string | undefined; inline?: boolean },
): void {
  const kind = opts.kind && opts.kind in MIME ? (opts.kind as FileKind) : undefined;
  res.attachment(downloadName(opts.name, kind));
  res.set('Content-Type', kind ? MIME[kind] : 'application/octet-stream');
  res.set('X-Content-Type-Options', 'nosniff');
  if (opts.inline && kind)
    res.set('Content-Disposition', res.get('Content-Disposition')!.replace(/^attachment/, 'inline'));
}
