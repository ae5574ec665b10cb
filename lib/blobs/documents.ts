/**
 * @module blobs/documents
 * `html` documents of queued captures (§14), in S3 under `documents/{sha256}.html`: a job record
 * (DynamoDB, 400 KB an item) holds the key, not a document of up to 2 MiB. Content-addressed, so
 * the same document queued twice is stored once; a lifecycle rule removes them after a week, long
 * after any job that reads one has run.
 */
import { createHash } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Bucket } from './renders.ts';

export const documentKey = (html: string) =>
  `documents/${createHash('sha256').update(html).digest('hex')}.html`;

export async function putDocument(bucket: Bucket, html: string): Promise<string> {
  const key = documentKey(html);
  const body = Buffer.from(html);
  await bucket.s3.send(
    new PutObjectCommand({
      Bucket: bucket.name,
      Key: key,
      Body: body,
      ContentType: 'text/html; charset=utf-8',
      ContentLength: body.length,
    }),
  );
  return key;
}

export async function getDocument(bucket: Bucket, key: string): Promise<string> {
  const out = await bucket.s3.send(new GetObjectCommand({ Bucket: bucket.name, Key: key }));
  return Buffer.from(await out.Body!.transformToByteArray()).toString('utf8');
}
