/**
 * @module schemas/storage
 * A project's own bucket (§14): the S3-compatible bucket every render of the project is also
 * written to. The secret is write-only: it is accepted here, sealed by the store and never shown.
 */
import * as v from 'valibot';
import { enumOf, text } from './fields.ts';

/** S3's canned ACLs that apply to an object. */
export const CANNED_ACLS = [
  'private',
  'public-read',
  'public-read-write',
  'authenticated-read',
  'aws-exec-read',
  'bucket-owner-read',
  'bucket-owner-full-control',
] as const;

/** An AWS region name (`us-east-1`, `us-gov-west-1`, `ap-southeast-2`): needed when no `endpoint` names the store. */
const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

function isEndpoint(s: string): boolean {
  if (!URL.canParse(s)) return false;
  const u = new URL(s);
  return (
    /^https?:$/.test(u.protocol) &&
    u.hostname !== '' &&
    !u.username &&
    !u.password &&
    u.pathname === '/' &&
    !u.search &&
    !u.hash
  );
}

/** S3's bucket naming rules, the subset every S3-compatible store shares. */
function isBucketName(s: string): boolean {
  return /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(s) && !s.includes('..') && !s.startsWith('xn--');
}

/** `/shots//2026` → `shots/2026/`: no leading slash, no empty segment, a trailing slash unless empty. */
export function normalisePrefix(prefix: string): string {
  const parts = prefix.trim().split('/').filter(Boolean);
  return parts.length ? `${parts.join('/')}/` : '';
}

const endpoint = v.pipe(
  text(
    'storage.endpoint',
    2048,
    'The S3-compatible store, as an http(s) origin: `https://<account>.r2.cloudflarestorage.com`, `https://s3.eu-central-003.backblazeb2.com`, a MinIO server… Objects are addressed path-style there. Absent: AWS S3 in `region`. Like a page, it must be a public address (§12).',
  ),
  v.metadata({ example: 'https://7c1f0e5a9b2d.r2.cloudflarestorage.com' }),
  v.transform((s) => s.trim()),
  v.check(
    isEndpoint,
    'Invalid storage.endpoint. Must be an http(s) URL with no path, query or credentials, such as https://s3.example.com',
  ),
  v.transform((s) => new URL(s).origin),
);

const region = v.pipe(
  text(
    'storage.region',
    64,
    "The bucket's region, e.g. `eu-west-1`. Other S3-compatible stores name their own (`auto` for Cloudflare R2).",
  ),
  v.regex(
    /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/,
    'Invalid storage.region. Must be a region name such as eu-west-1 (lower-case letters, digits and hyphens)',
  ),
);

const bucket = v.pipe(
  text('storage.bucket', 63, 'The bucket name: 3–63 lower-case letters, digits, dots and hyphens.'),
  v.check(
    isBucketName,
    'Invalid storage.bucket. A bucket name is 3–63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit, with no two dots in a row',
  ),
  v.check(
    (s) => !/^\d+\.\d+\.\d+\.\d+$/.test(s),
    'Invalid storage.bucket. A bucket name must not look like an IP address',
  ),
);

const prefix = v.pipe(
  text(
    'storage.prefix',
    512,
    'The folder inside the bucket, e.g. `screenshots/`: objects are `{prefix}{render id}.{format}`. A leading slash is dropped and a trailing one added. Default: the bucket root.',
  ),
  v.check(
    (s) => !/[\u0000-\u001f\u007f\\]/.test(s),
    'Invalid storage.prefix. Must not contain control characters or backslashes',
  ),
  v.check(
    (s) =>
      !s
        .trim()
        .split('/')
        .some((part) => part === '.' || part === '..'),
    'Invalid storage.prefix. Must not contain "." or ".." folders',
  ),
  v.transform(normalisePrefix),
);

const accessKeyId = v.pipe(
  text('storage.access_key_id', 128, 'The access key id of credentials that may write to the bucket.'),
  v.regex(/^\S+$/, 'Invalid storage.access_key_id. Must be a non-empty key id without spaces'),
);

const secretAccessKey = v.pipe(
  text(
    'storage.secret_access_key',
    256,
    'The secret of `access_key_id`. Write-only: it is sealed at rest and never shown again.',
  ),
  v.nonEmpty('Invalid storage.secret_access_key. Must not be empty'),
);

const acl = enumOf(
  'storage.acl',
  CANNED_ACLS,
  "A canned ACL set on each object (`public-read` to serve them straight from the bucket). Absent: the bucket's default; a bucket with ACLs disabled refuses every ACL but `bucket-owner-full-control`.",
);

const settings = {
  endpoint: v.optional(endpoint),
  region,
  bucket,
  prefix: v.optional(prefix, ''),
  access_key_id: accessKeyId,
  acl: v.optional(acl),
};

/** Without `endpoint` the store is AWS S3, whose endpoint is found from an AWS region. */
const awsRegion = (s: { endpoint?: string; region: string }) =>
  s.endpoint !== undefined || AWS_REGION.test(s.region);
const NOT_AWS_REGION =
  'Invalid storage.region. Without storage.endpoint the bucket is on AWS S3: give its AWS region (such as us-east-1), or set storage.endpoint to your S3-compatible store';

const ABOUT =
  'Your own S3-compatible bucket: every render of the project is also written there once it is stored, and the capture answer reports it in `storage`. A failed write never fails the render.';

export const StorageSettings = v.pipe(
  v.object({ ...settings, secret_access_key: secretAccessKey }),
  v.forward(v.partialCheck([['endpoint'], ['region']], awsRegion, NOT_AWS_REGION), ['region']),
  v.description(ABOUT),
);
export type StorageSettings = v.InferOutput<typeof StorageSettings>;

export const StorageChange = v.pipe(
  v.object({
    ...settings,
    secret_access_key: v.optional(
      v.pipe(
        secretAccessKey,
        v.description(
          'The secret of `access_key_id`; it may be left out when `access_key_id` is unchanged, to keep the stored one. Write-only.',
        ),
      ),
    ),
  }),
  v.forward(v.partialCheck([['endpoint'], ['region']], awsRegion, NOT_AWS_REGION), ['region']),
  v.description(`${ABOUT} It replaces the stored settings as a whole.`),
);
export type StorageChange = v.InferOutput<typeof StorageChange>;

/** What a project shows of its storage: everything but the secret. */
export const StorageView = v.pipe(
  v.object({
    endpoint: v.optional(v.pipe(v.string(), v.description('The S3-compatible endpoint; absent for AWS S3.'))),
    region: v.pipe(v.string(), v.description("The bucket's region.")),
    bucket: v.pipe(v.string(), v.description('The bucket name.')),
    prefix: v.pipe(v.string(), v.description('The folder objects are written under (`""` for the root).')),
    access_key_id: v.pipe(v.string(), v.description('The access key id the writes sign with.')),
    acl: v.optional(v.pipe(v.picklist(CANNED_ACLS), v.description('The canned ACL set on each object.'))),
    secret_access_key_set: v.pipe(
      v.literal(true),
      v.description('Always true: the secret is stored, sealed, and never shown (it is write-only).'),
    ),
  }),
  v.description('Where renders of the project are also written; the secret is never shown.'),
);
export type StorageView = v.InferOutput<typeof StorageView>;
