/**
 * @module blobs/backgrounds
 * Drawn catalogue backgrounds in S3 under `backgrounds/…` (the composer's key), as PNG: a cache
 * shared by every process and Lambda container, so each (background, size) is drawn once.
 * Objects are immutable — a background's version is part of its key.
 */
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Bucket } from './renders.ts';

export interface BackgroundObjects {
  get(key: string): Promise<Buffer | undefined>;
  put(key: string, png: Buffer): Promise<void>;
}

export function backgroundObjects(bucket: Bucket): BackgroundObjects {
  return {
    async get(key) {
      try {
        const out = await bucket.s3.send(new GetObjectCommand({ Bucket: bucket.name, Key: key }));
        return out.Body ? Buffer.from(await out.Body.transformToByteArray()) : undefined;
      } catch (err) {
        if ((err as { name?: string }).name === 'NoSuchKey') return undefined;
        throw err;
      }
    },
    async put(key, png) {
      await bucket.s3.send(
        new PutObjectCommand({
          Bucket: bucket.name,
          Key: key,
          Body: png,
          ContentType: 'image/png',
          ContentLength: png.length,
          CacheControl: 'public, max-age=31536000, immutable',
        }),
      );
    },
  };
}
