import yauzl, { type Entry, type ZipFile } from 'yauzl';

/**
 * Bounds for opening a ZIP container (XLSX, DOCX, ODT, …). A "zip bomb" is small on the wire and huge inflated:
 * 1.5 MB that become gigabytes. Nothing is inflated before the central directory passed these limits, and whatever is
 * inflated is read as a stream and counted, so a header that lies about its sizes is caught too.
 */
export type ArchiveLimits = {
  maxEntries: number;
  /** Sum of all entries' uncompressed sizes. */
  maxTotalBytes: number;
  /** Uncompressed / compressed per entry; a real office document stays far below 100. */
  maxRatio: number;
};

export class ArchiveRefused extends Error {
  constructor(readonly reason: 'broken' | 'entries' | 'size' | 'ratio') {
    super(`archive refused: ${reason}`);
  }
}

export type OpenedArchive = {
  names: string[];
  /** One entry's bytes, at most maxBytes (more is refused), or undefined when there is no such entry. */
  read(name: string, maxBytes: number): Promise<Buffer | undefined>;
  /** Inflates every entry as a stream, discarding the bytes, and refuses the archive when it is larger than declared. */
  verifyAll(): Promise<void>;
  /** Closes the file of an archive opened from disk. */
  close(): void;
};

/**
 * Opens a ZIP (in memory, or a file on disk, read in pieces) and checks its directory against the limits; reading
 * happens only on request.
 */
export async function openArchive(source: Buffer | { path: string }, limits: ArchiveLimits): Promise<OpenedArchive> {
  const options = { lazyEntries: true, validateEntrySizes: true, strictFileNames: false, autoClose: false };
  const zip = await new Promise<ZipFile>((resolve, reject) => {
    const done = (err: Error | null, z?: ZipFile) => (err || !z ? reject(new ArchiveRefused('broken')) : resolve(z));
    if (Buffer.isBuffer(source)) yauzl.fromBuffer(source, options, done);
    else yauzl.open(source.path, options, done);
  });
  try {
    return await readDirectory(zip, limits);
  } catch (err) {
    zip.close();
    throw err;
  }
}

async function readDirectory(zip: ZipFile, limits: ArchiveLimits): Promise<OpenedArchive> {
  const entries = new Map<string, Entry>();
  let total = 0;
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: Entry) => {
      if (entries.size + 1 > limits.maxEntries) return reject(new ArchiveRefused('entries'));
      total += entry.uncompressedSize;
      if (total > limits.maxTotalBytes) return reject(new ArchiveRefused('size'));
      if (entry.uncompressedSize > 1024 && entry.uncompressedSize / Math.max(1, entry.compressedSize) > limits.maxRatio)
        return reject(new ArchiveRefused('ratio'));
      entries.set(entry.fileName, entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve());
    zip.on('error', () => reject(new ArchiveRefused('broken')));
    zip.readEntry();
  });

  const inflate = (entry: Entry, maxBytes: number, keep: boolean) =>
    new Promise<Buffer>((resolve, reject) => {
      if (entry.uncompressedSize > maxBytes) return reject(new ArchiveRefused('size'));
      zip.openReadStream(entry, (err, stream) => {
        if (err || !stream) return reject(new ArchiveRefused('broken'));
        const chunks: Buffer[] = [];
        let seen = 0;
        stream.on('data', (c: Buffer) => {
          seen += c.length;
          // yauzl checks the declared size too; this is the limit of our own, whatever the header says
          if (seen > maxBytes) {
            stream.destroy();
            return reject(new ArchiveRefused('size'));
          }
          if (keep) chunks.push(c);
        });
        stream.on('error', () => reject(new ArchiveRefused('broken')));
        stream.on('end', () => resolve(Buffer.concat(chunks)));
      });
    });

  return {
    names: [...entries.keys()],
    async read(name, maxBytes) {
      const entry = entries.get(name);
      return entry ? inflate(entry, maxBytes, true) : undefined;
    },
    async verifyAll() {
      // the declared sizes already passed the limits; each entry may not inflate beyond its declared size
      for (const entry of entries.values()) await inflate(entry, entry.uncompressedSize, false);
    },
    close: () => zip.close(),
  };
}
