/**
 * @module blobs/renders
 * Render objects in S3 under `renders/{account}/{cap_id}.{ext}`, uploaded once as a Buffer
 * (streamed uploads break against s3rver), read through short-lived presigned URLs.
 */
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Unavailable } from '../errors.ts';

export interface Bucket {
  s3: S3Client;
  name: string;
}

export const renderKey = (accountId: string, id: string, ext: string) => `renders/${accountId}/${id}.${ext}`;

/** How long a presigned link handed out by `GET /r/…` lives. */
export const PRESIGN_SECONDS = 300;

const unavailable = (err: unknown) =>
  new Unavailable('s3', 'Render storage is unavailable; try again shortly.', { cause: err });

export async function putRender(
  bucket: Bucket,
  key: string,
  body: Buffer,
  contentType: string,
  retention: 'test' | 'standard',
): Promise<void> {
  try {
    await bucket.s3.send(
      new PutObjectCommand({
        Bucket: bucket.name,
        Key: key,
        Body: body,
        ContentType: contentType,
        ContentLength: body.length,
        CacheControl: 'public, max-age=31536000, immutable',
        Tagging: `retention=${retention}`,
      }),
    );
  } catch (err) {
    throw unavailable(err);
  }
}

/** A stored render's bytes (a cache hit answered with `response_type: "binary"`). */
export async function getRenderObject(bucket: Bucket, key: string): Promise<Buffer> {
  try {
    const out = await bucket.s3.send(new GetObjectCommand({ Bucket: bucket.name, Key: key }));
    return Buffer.from(await out.Body!.transformToByteArray());
  } catch (err) {
    throw unavailable(err);
  }
}

export async function presignRender(bucket: Bucket, key: string): Promise<string> {
  return getSignedUrl(bucket.s3, new GetObjectCommand({ Bucket: bucket.name, Key: key }), {
    expiresIn: PRESIGN_SECONDS,
  });
}

export async function deleteRender(bucket: Bucket, key: string): Promise<void> {
  try {
    await bucket.s3.send(new DeleteObjectCommand({ Bucket: bucket.name, Key: key }));
  } catch (err) {
    throw unavailable(err);
  }
}
