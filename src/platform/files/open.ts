import path from 'node:path';
import type { Config } from '../../config';
import { S3Store } from './s3-store';
import { LocalDiskStore, type FileStore } from './store';

/** The file store the configuration asks for: S3 when S3_BUCKET is set, else DATA_DIR/files. */
export function openFileStore(config: Pick<Config, 's3' | 'dataDir'>): FileStore {
  return config.s3 ? new S3Store(config.s3) : new LocalDiskStore(path.join(config.dataDir, 'files'));
}
