/**
 * @module store/projects
 * Projects (§7): capture defaults and brand, a signing secret for signed capture URLs (rotation
 * keeps the previous one valid for 24 h), a webhook secret and the project's own bucket (§14).
 * Secrets are sealed at rest; the bucket's secret key is write-only (kept apart, in `storage_secret`).
 */
import { randomBytes } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Sealed, seal, unseal } from '../crypto/seal.ts';
import { newId } from '../ids.ts';
import type { StorageChange, StorageSettings, StorageView } from '../schemas/storage.ts';
import { allInGsi1, conditionally, isoTime, type Table, withoutKeys } from './table.ts';

export const ROTATION_GRACE_MS = 24 * 3600 * 1000;
export const DEFAULT_SIGNED_URL_MAX_TTL = 365 * 24 * 3600;

export interface Brand {
  name?: string;
  colors?: { primary?: string; secondary?: string };
  font?: string;
  dark_mode?: boolean;
  logo_url?: string;
}

export interface Project {
  id: string;
  account_id: string;
  name: string;
  /** Capture parameters as the user gave them (merged under each request's own). */
  defaults: Record<string, unknown>;
  brand: Brand;
  /** Seconds: the furthest `expires` a signed URL may carry. */
  signed_url_max_ttl: number;
  /** The project's own bucket (§14), without its secret. */
  storage?: StorageView;
  created_at: string;
  updated_at: string;
}

/** `storage` as stored: the settings in the clear, the secret sealed beside them. */
type StoredStorage = Omit<StorageView, 'secret_access_key_set'>;

/** The bucket settings with the secret opened: only for the write of a render. */
export interface OpenedStorage extends StoredStorage {
  secret_access_key: string;
}

interface StoredProject extends Omit<Project, 'storage'> {
  signing_secret: Sealed;
  previous_signing_secret?: Sealed;
  previous_valid_until?: number;
  webhook_secret: Sealed;
  storage?: StoredStorage;
  storage_secret?: Sealed;
}

export interface ProjectSecrets {
  signing: string;
  previous?: { secret: string; validUntil: number };
  webhook: string;
}

const projectKeys = (id: string) => ({ pk: `PRJ#${id}`, sk: 'PROJECT' });
const listKeys = (accountId: string, id: string) => ({ gsi1pk: `ACCT#${accountId}#PROJECTS`, gsi1sk: id });
const context = (id: string, which: string) => `project:${id}:${which}`;

const newSigningSecret = () => `fss_${randomBytes(32).toString('base64url')}`;
const newWebhookSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

function publicView(item: Record<string, unknown>): Project {
  const {
    signing_secret: _s,
    previous_signing_secret: _p,
    previous_valid_until: _v,
    webhook_secret: _w,
    storage_secret: _b,
    storage,
    ...rest
  } = withoutKeys(item) as unknown as StoredProject;
  return storage ? { ...rest, storage: { ...storage, secret_access_key_set: true } } : rest;
}

/** The settings to store in the clear, and the secret sealed to this project (when given). */
function storedStorage(
  id: string,
  { secret_access_key: secret, ...settings }: StorageSettings | StorageChange,
  masterKey: string | undefined,
): { storage: StoredStorage; storage_secret?: Sealed } {
  return {
    storage: settings,
    ...(secret === undefined ? {} : { storage_secret: seal(masterKey, secret, context(id, 'storage')) }),
  };
}

export async function createProject(
  table: Table,
  input: {
    accountId: string;
    name: string;
    defaults?: Record<string, unknown>;
    brand?: Brand;
    signedUrlMaxTtl?: number;
    storage?: StorageSettings;
    now: number;
  },
  masterKey: string | undefined,
): Promise<Project> {
  const id = newId('prj');
  const project: StoredProject = {
    id,
    account_id: input.accountId,
    name: input.name,
    defaults: input.defaults ?? {},
    brand: input.brand ?? {},
    signed_url_max_ttl: input.signedUrlMaxTtl ?? DEFAULT_SIGNED_URL_MAX_TTL,
    created_at: isoTime(input.now),
    updated_at: isoTime(input.now),
    signing_secret: seal(masterKey, newSigningSecret(), context(id, 'signing')),
    webhook_secret: seal(masterKey, newWebhookSecret(), context(id, 'webhook')),
    ...(input.storage ? storedStorage(id, input.storage, masterKey) : {}),
  };
  await table.db.send(
    new PutCommand({
      TableName: table.name,
      Item: { ...projectKeys(id), ...listKeys(input.accountId, id), type: 'project', ...project },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  return publicView(project as unknown as Record<string, unknown>);
}

async function getStored(table: Table, id: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await table.db.send(
    new GetCommand({ TableName: table.name, Key: projectKeys(id), ConsistentRead: true }),
  );
  return Item;
}

/** The project when it exists and (given an account) belongs to it. */
export async function getProject(table: Table, id: string, accountId?: string): Promise<Project | undefined> {
  const item = await getStored(table, id);
  if (!item || (accountId && item.account_id !== accountId)) return undefined;
  return publicView(item);
}

export async function projectSecrets(
  table: Table,
  id: string,
  masterKey: string | undefined,
  now: number,
): Promise<ProjectSecrets | undefined> {
  const item = (await getStored(table, id)) as unknown as StoredProject | undefined;
  if (!item) return undefined;
  const previous =
    item.previous_signing_secret && (item.previous_valid_until ?? 0) > now
      ? {
          secret: unseal(masterKey, item.previous_signing_secret, context(id, 'signing')),
          validUntil: item.previous_valid_until!,
        }
      : undefined;
  return {
    signing: unseal(masterKey, item.signing_secret, context(id, 'signing')),
    ...(previous ? { previous } : {}),
    webhook: unseal(masterKey, item.webhook_secret, context(id, 'webhook')),
  };
}

/** The project's bucket with its secret opened, for writing a render there; undefined without one. */
export async function openProjectStorage(
  table: Table,
  id: string,
  masterKey: string | undefined,
): Promise<OpenedStorage | undefined> {
  const item = (await getStored(table, id)) as unknown as StoredProject | undefined;
  if (!item?.storage || !item.storage_secret) return undefined;
  return {
    ...item.storage,
    secret_access_key: unseal(masterKey, item.storage_secret, context(id, 'storage')),
  };
}

export async function listProjects(table: Table, accountId: string): Promise<Project[]> {
  const items = await allInGsi1(table, listKeys(accountId, '').gsi1pk);
  return items.map(publicView);
}

export async function updateProject(
  table: Table,
  id: string,
  accountId: string,
  {
    storage,
    ...changes
  }: Partial<Pick<Project, 'name' | 'defaults' | 'brand' | 'signed_url_max_ttl'>> & {
    /** Replaces the stored settings (the sealed secret stays when none is given); `null` removes them. */
    storage?: StorageChange | null;
  },
  now: number,
  masterKey?: string,
): Promise<Project | undefined> {
  const names: Record<string, string> = { '#updated': 'updated_at' };
  const values: Record<string, unknown> = { ':updated': isoTime(now), ':account': accountId };
  const sets = ['#updated = :updated'];
  const removes: string[] = [];
  const stored = storage ? storedStorage(id, storage, masterKey) : {};
  for (const [k, val] of Object.entries({ ...changes, ...stored })) {
    if (val === undefined) continue;
    names[`#${k}`] = k;
    values[`:${k}`] = val;
    sets.push(`#${k} = :${k}`);
  }
  if (storage === null) {
    for (const k of ['storage', 'storage_secret']) {
      names[`#${k}`] = k;
      removes.push(`#${k}`);
    }
  }
  const update = `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`;
  try {
    const { Attributes } = await table.db.send(
      new UpdateCommand({
        TableName: table.name,
        Key: projectKeys(id),
        UpdateExpression: update,
        ConditionExpression: 'account_id = :account',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes ? publicView(Attributes) : undefined;
  } catch (err) {
    if ((err as Error).name === 'ConditionalCheckFailedException') return undefined;
    throw err;
  }
}

export async function deleteProject(table: Table, id: string, accountId: string): Promise<boolean> {
  return conditionally(
    table.db.send(
      new DeleteCommand({
        TableName: table.name,
        Key: projectKeys(id),
        ConditionExpression: 'account_id = :account',
        ExpressionAttributeValues: { ':account': accountId },
      }),
    ),
  );
}

/** A new signing secret; the previous one keeps working for 24 h. */
export async function rotateSigningSecret(
  table: Table,
  id: string,
  accountId: string,
  masterKey: string | undefined,
  now: number,
): Promise<ProjectSecrets | undefined> {
  const item = (await getStored(table, id)) as unknown as StoredProject | undefined;
  if (!item || item.account_id !== accountId) return undefined;
  await table.db.send(
    new UpdateCommand({
      TableName: table.name,
      Key: projectKeys(id),
      UpdateExpression:
        'SET signing_secret = :next, previous_signing_secret = :current, previous_valid_until = :until, updated_at = :now',
      // Two rotations racing must not both demote the same secret.
      ConditionExpression: 'signing_secret = :current',
      ExpressionAttributeValues: {
        ':next': seal(masterKey, newSigningSecret(), context(id, 'signing')),
        ':current': item.signing_secret,
        ':until': now + ROTATION_GRACE_MS,
        ':now': isoTime(now),
      },
    }),
  );
  return projectSecrets(table, id, masterKey, now);
}
