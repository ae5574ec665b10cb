/**
 * @module captures/storage
 * A project's own bucket (§14): every render of a project with `storage` is also written to that
 * S3-compatible bucket once it is stored in ours, as `{prefix}{render id}.{format}`, and the
 * outcome is reported in the answer's `storage`. Like `upload_url`, a failed write never fails the
 * render or changes its charge: it says which `storage` field to fix.
 *
 * The SDK opens its own connections, so the endpoint obeys the target rules (§12) twice: checked
 * before each write (IP literals never reach a DNS lookup), and every name the client resolves
 * goes through a guarded lookup that refuses private addresses, so a DNS answer that changes
 * between the check and the connection (rebinding) is refused too.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { RENDER_CONTENT_TYPES } from '../compose/encode.ts';
import type { Deps } from '../deps.ts';
import { InvalidParams } from '../errors.ts';
import {
  EgressError,
  type LookupFn,
  type ResolvedAddress,
  resolveTarget,
  targetOfUrl,
} from '../net/index.ts';
import type { RenderFormat } from '../schemas/capture.ts';
import type { CapturePlan } from '../schemas/plan.ts';
import type { CaptureResponse } from '../schemas/response.ts';
import { type OpenedStorage, openProjectStorage } from '../store/projects.ts';

/** The whole write (a HEAD on a cache hit, then the PUT, retry included) gets this long. */
const WRITE_TIMEOUT_MS = 15_000;
const CONNECT_TIMEOUT_MS = 5_000;
/** Clients are reused this long, so a burst of renders shares connections and signing setup. */
const CLIENT_TTL_MS = 5 * 60_000;
const MAX_CLIENTS = 100;

export type StorageOutcome = NonNullable<CaptureResponse['storage']>;
type Settings = Pick<OpenedStorage, 'endpoint' | 'region' | 'bucket'>;

/** `{prefix}{render id}.{format}`: one object per render, so a repeated write is the same bytes. */
export const objectKey = (prefix: string, renderId: string, format: string) =>
  `${prefix}${renderId}.${format}`;

/** The object's URL: path-style at a given endpoint, else AWS S3's virtual-hosted URL. */
export function objectUrl(s: Settings, key: string): string {
  const path = key.split('/').map(encodeURIComponent).join('/');
  if (s.endpoint) return `${s.endpoint}/${s.bucket}/${path}`;
  const domain = s.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  // A dotted bucket name does not match the wildcard certificate of virtual-hosted URLs.
  return s.bucket.includes('.')
    ? `https://s3.${s.region}.${domain}/${s.bucket}/${path}`
    : `https://${s.bucket}.s3.${s.region}.${domain}/${path}`;
}

/** At project save: an endpoint that does not resolve, or resolves to a private address, is a 400. */
export async function checkStorageEndpoint(deps: Deps, endpoint: string | undefined): Promise<void> {
  if (!endpoint) return;
  try {
    await resolveTarget(targetOfUrl(endpoint), { allowPrivateTargets: deps.config.allowPrivateTargets });
  } catch (err) {
    if (!(err instanceof EgressError)) throw err;
    const message = `Invalid storage.endpoint. ${egressProblem(err)}`;
    throw new InvalidParams(message, [{ path: 'storage.endpoint', message }]);
  }
}

/**
 * The answer with `storage` added when the plan's project has a bucket. `cached` answers first
 * look whether the render's object is already there, and only read our copy to write it if not.
 */
export async function withStorage(
  deps: Deps,
  plan: CapturePlan,
  response: CaptureResponse,
  bytes: () => Promise<Buffer>,
): Promise<CaptureResponse> {
  if (!plan.projectId) return response;
  let settings: OpenedStorage | undefined;
  try {
    settings = await openProjectStorage(deps.table, plan.projectId, deps.config.encryptionKey);
  } catch (err) {
    deps.logger.warn('project storage unreadable', { project: plan.projectId, err: (err as Error).message });
    const warning = `The project's storage settings could not be read (${(err as Error).message}), so the render was not written to your bucket.`;
    return { ...response, warnings: [...response.warnings, warning] };
  }
  if (!settings) return response;
  const key = objectKey(settings.prefix, response.id, response.format);
  const place = { bucket: settings.bucket, key, url: objectUrl(settings, key) };
  const type = RENDER_CONTENT_TYPES[response.format as RenderFormat];
  const outcome = await writeObject(deps, settings, { key, type, bytes, cached: response.cached });
  return { ...response, storage: { ...place, ...outcome } };
}

type Written = Pick<StorageOutcome, 'status' | 'message'>;

async function writeObject(
  deps: Deps,
  settings: OpenedStorage,
  object: { key: string; type: string; bytes: () => Promise<Buffer>; cached: boolean },
): Promise<Written> {
  const allowPrivateTargets = deps.config.allowPrivateTargets;
  const abortSignal = AbortSignal.timeout(WRITE_TIMEOUT_MS);
  const { bucket, acl } = settings;
  try {
    await resolveTarget(targetOfUrl(endpointOf(settings)), { allowPrivateTargets });
    const client = clientFor(settings, allowPrivateTargets);
    if (object.cached && (await exists(client, bucket, object.key, abortSignal))) return { status: 'stored' };
    let body: Buffer;
    try {
      body = await object.bytes();
    } catch (err) {
      return { status: 'failed', message: `The render could not be read: ${(err as Error).message}` };
    }
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: object.key,
        Body: body,
        ContentType: object.type,
        ContentLength: body.length,
        ...(acl ? { ACL: acl } : {}),
      }),
      { abortSignal },
    );
    return { status: 'stored' };
  } catch (err) {
    const message = explain(err, settings);
    deps.logger.warn('project storage write failed', { bucket, key: object.key, err: message });
    return { status: 'failed', message };
  }
}

/** Whether the object is there already; any refusal (a key that may only write) means "write it". */
async function exists(client: S3Client, bucket: string, key: string, abortSignal: AbortSignal) {
  try {
    await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), { abortSignal });
    return true;
  } catch (err) {
    if (abortSignal.aborted || err instanceof EgressError) throw err;
    return false;
  }
}

const endpointOf = (s: Settings) =>
  s.endpoint ?? `https://s3.${s.region}.${s.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'}`;

/** What S3's error codes mean for the `storage` settings. */
const FIXES: Record<string, (s: OpenedStorage) => string> = {
  InvalidAccessKeyId: () => 'check storage.access_key_id and storage.secret_access_key',
  SignatureDoesNotMatch: () => 'check storage.secret_access_key (it must belong to storage.access_key_id)',
  AccessDenied: (s) =>
    `the key may not write there: allow s3:PutObject${s.acl ? ' and s3:PutObjectAcl (storage.acl is set)' : ''} on arn:aws:s3:::${s.bucket}/${s.prefix}*`,
  NoSuchBucket: () => 'check storage.bucket (and storage.region or storage.endpoint)',
  PermanentRedirect: () => 'the bucket is in another region: check storage.region',
  AuthorizationHeaderMalformed: () => 'check storage.region',
  IllegalLocationConstraintException: () => 'check storage.region',
  AccessControlListNotSupported: () => 'the bucket has ACLs disabled: remove storage.acl',
};

/** One sentence saying what happened and which field to fix. */
function explain(err: unknown, s: OpenedStorage): string {
  if (err instanceof EgressError) return egressProblem(err);
  const e = err as Error & { code?: string; $metadata?: { httpStatusCode?: number } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') {
    return `The bucket's endpoint ${endpointOf(s)} did not answer within ${WRITE_TIMEOUT_MS / 1000} s: check storage.endpoint, and that the store is up`;
  }
  const status = e.$metadata?.httpStatusCode;
  if (err instanceof S3ServiceException || status) {
    const fix = FIXES[e.name]?.(s) ?? `check the project's storage settings (${e.message})`;
    return `The bucket answered ${status ? `${status} ` : ''}${e.name}: ${fix}`;
  }
  return `The bucket's endpoint ${endpointOf(s)} could not be reached (${e.code ?? e.message}): check storage.endpoint`;
}

function egressProblem(err: EgressError): string {
  if (err.kind === 'blocked') return `${err.message}: storage.endpoint must be a public address`;
  return `${err.message}: check storage.endpoint`;
}

const clients = new Map<string, { client: S3Client; until: number }>();

/** A client per store and credentials (the secret too: a corrected secret takes effect at once). */
function clientFor(s: OpenedStorage, allowPrivateTargets: boolean): S3Client {
  const now = Date.now();
  // Oldest first: the expired ones, then any over the cap.
  for (const [id, entry] of clients) {
    if (entry.until > now && clients.size < MAX_CLIENTS) break;
    clients.delete(id);
    retire(entry.client);
  }
  const id = createHash('sha256')
    .update(JSON.stringify([s.endpoint, s.region, s.access_key_id, s.secret_access_key, allowPrivateTargets]))
    .digest('base64url');
  const cached = clients.get(id);
  if (cached) return cached.client;
  const lookup = guardedLookup(allowPrivateTargets);
  const client = new S3Client({
    region: s.region,
    ...(s.endpoint ? { endpoint: s.endpoint, forcePathStyle: true } : {}),
    credentials: { accessKeyId: s.access_key_id, secretAccessKey: s.secret_access_key },
    maxAttempts: 2,
    // S3-compatible stores (and s3rver) differ in their support of the SDK's default checksums.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: {
      connectionTimeout: CONNECT_TIMEOUT_MS,
      requestTimeout: WRITE_TIMEOUT_MS,
      httpAgent: new http.Agent({ keepAlive: true, lookup }),
      httpsAgent: new https.Agent({ keepAlive: true, lookup }),
    },
  });
  clients.set(id, { client, until: now + CLIENT_TTL_MS });
  return client;
}

/** Closed once any write that may still use it has timed out. */
function retire(client: S3Client): void {
  setTimeout(() => client.destroy(), WRITE_TIMEOUT_MS + 1000).unref();
}

/** Node's DNS lookup for the client's sockets, answering only with addresses §12 allows. */
export function guardedLookup(allowPrivateTargets: boolean, lookup?: LookupFn): LookupFunction {
  return (host, options, callback) => {
    resolveTarget(targetOfUrl(`http://${host}/`), {
      allowPrivateTargets,
      ...(lookup ? { lookup } : {}),
    }).then(
      (pinned: ResolvedAddress) => {
        if ((options as { all?: boolean }).all) {
          (callback as unknown as (e: null, a: ResolvedAddress[]) => void)(null, [pinned]);
        } else callback(null, pinned.address, pinned.family);
      },
      (err: Error) => callback(err as NodeJS.ErrnoException, '', 0),
    );
  };
}
