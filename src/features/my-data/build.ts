import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import ejs from 'ejs';
import yazl from 'yazl';
import type { FileStore } from '../../platform/files/store';
import { toCsv } from '../../platform/spreadsheet';
import { projectRoot } from '../../platform/paths';
import { formatDateTime, t } from './texts';
import type { PersonData } from './collect';

const SUMMARY = path.join(projectRoot, 'src/features/my-data/views/summary.ejs');

const cell = (v: unknown): string =>
  v === null || v === undefined
    ? ''
    : v instanceof Date
      ? v.toISOString()
      : typeof v === 'object'
        ? JSON.stringify(v)
        : String(v);

/**
 * Writes the ZIP to a temporary file (streamed: hand-ins are read one at a time from the store, never all in memory),
 * then into the file store. Returns the stored key and size.
 */
export async function buildExport(
  data: PersonData,
  opts: { files: FileStore; tmpDir: string; createdAt: Date },
): Promise<{ key: string; size: number }> {
  const zip = new yazl.ZipFile();
  const html = await ejs.renderFile(SUMMARY, {
    data,
    createdAt: opts.createdAt,
    t,
    formatDateTime,
    cell,
    sectionTitle: (name: string) => t(`myData.sections.${name.replace('.', '__')}`),
  });
  zip.addBuffer(Buffer.from(html, 'utf8'), 'uebersicht.html');
  zip.addBuffer(Buffer.from(JSON.stringify(data, null, 2), 'utf8'), 'daten.json');
  for (const [name, rows] of Object.entries(data.sections)) {
    const header = Object.keys(rows[0] ?? {});
    zip.addBuffer(
      toCsv(
        header,
        rows.map((r) => header.map((h) => cell(r[h]))),
      ),
      `csv/${name.replace('.', '__')}.csv`,
    );
  }
  for (const f of data.files)
    zip.addReadStreamLazy(f.path, (cb) => {
      opts.files.stream(f.key).then(
        (s) => cb(null, s),
        (err) => cb(err, undefined as never),
      );
    });
  zip.end();
  fs.mkdirSync(opts.tmpDir, { recursive: true });
  const tmp = path.join(opts.tmpDir, `export-${crypto.randomUUID()}.zip`);
  try {
    await pipeline(zip.outputStream, fs.createWriteStream(tmp));
    const stored = await opts.files.put({ path: tmp });
    return { key: stored.key, size: stored.size };
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}
