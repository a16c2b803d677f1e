import fs from 'node:fs';
import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  NoSuchKey,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { MissingFile } from '../errors';
import {
  digesting,
  digestOf,
  KEY,
  newKey,
  type FileSource,
  type FileStore,
  type ListedObject,
  type StoredObject,
} from './store';

export type S3Settings = {
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Path-style URLs (http://host/bucket/key): what MinIO, Garage, Ceph and s3rver expect. */
  forcePathStyle: boolean;
};

/**
 * Files in an S3-compatible object store, so several instances share them. Uploads are streamed in parts (never whole
 * in memory); an object exists only once its upload completed, so an interrupted one leaves parts at most, which the
 * sweep aborts (or the bucket's lifecycle rule for incomplete multipart uploads does).
 */
export class S3Store implements FileStore {
  readonly kind = 's3' as const;
  private readonly client: S3Client;
  constructor(private readonly s: S3Settings) {
    this.client = new S3Client({
      endpoint: s.endpoint,
      region: s.region,
      forcePathStyle: s.forcePathStyle,
      credentials:
        s.accessKeyId && s.secretAccessKey
          ? { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey }
          : undefined,
      // the SDK's default checksums on streamed bodies are stored corrupted by several S3-compatible servers
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async put(source: FileSource): Promise<StoredObject> {
    return this.write(newKey(), source);
  }

  async restore(key: string, source: { path: string }): Promise<void> {
    if (!KEY.test(key)) throw new Error(`invalid file key: ${key}`);
    await this.write(key, source);
  }

  private async write(key: string, source: FileSource): Promise<StoredObject> {
    let digest: () => { size: number; sha256: string };
    let body: Buffer | Readable;
    if (Buffer.isBuffer(source)) {
      body = source;
      const d = digestOf(source);
      digest = () => d;
    } else {
      const d = digesting();
      body = fs.createReadStream(source.path).pipe(d);
      digest = d.result;
    }
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.s.bucket, Key: key, Body: body, ContentType: 'application/octet-stream' },
      queueSize: 2,
      partSize: 8 * 1024 * 1024,
      leavePartsOnError: false,
    });
    await upload.done();
    return { key, ...digest() };
  }

  private async get(key: string) {
    try {
      return await this.client.send(new GetObjectCommand({ Bucket: this.s.bucket, Key: key }));
    } catch (err) {
      if (err instanceof NoSuchKey || (err as { name?: string }).name === 'NoSuchKey') throw new MissingFile(key);
      throw err;
    }
  }

  async read(key: string): Promise<Buffer> {
    const res = await this.get(key);
    return Buffer.from(await res.Body!.transformToByteArray());
  }

  async stream(key: string): Promise<Readable> {
    return (await this.get(key)).Body as Readable;
  }

  async remove(key: string): Promise<void> {
    const partial = /^multipart:(.+):([^:]+)$/.exec(key);
    if (partial)
      await this.client.send(
        new AbortMultipartUploadCommand({ Bucket: this.s.bucket, Key: partial[1], UploadId: partial[2] }),
      );
    else await this.client.send(new DeleteObjectCommand({ Bucket: this.s.bucket, Key: key }));
  }

  async *list(): AsyncIterable<ListedObject> {
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.s.bucket, ContinuationToken: token, MaxKeys: 1000 }),
      );
      for (const o of page.Contents ?? [])
        if (o.Key) yield { key: o.Key, modifiedAt: o.LastModified ?? new Date(0), partial: false };
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    // uploads that never completed (a crash mid-upload); not every S3-compatible server lists them
    const uploads = await this.client
      .send(new ListMultipartUploadsCommand({ Bucket: this.s.bucket }))
      .catch(() => undefined);
    for (const u of uploads?.Uploads ?? [])
      if (u.Key && u.UploadId)
        yield { key: `multipart:${u.Key}:${u.UploadId}`, modifiedAt: u.Initiated ?? new Date(0), partial: true };
  }
}
