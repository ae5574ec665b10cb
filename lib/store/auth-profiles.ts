/**
 * @module store/auth-profiles
 * Auth profiles (§8). The credentials (cookies, cookie header, localStorage, headers) are sealed
 * with AES-256-GCM under a data key of their own; what is stored in the clear, and what the API
 * shows, is only a summary: cookie names and counts, origins, header names.
 */
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type Sealed, seal, unseal } from '../crypto/seal.ts';
import { newId } from '../ids.ts';
import type { CookieInput } from '../schemas/auth-profile.ts';
import { allInGsi1, conditionally, isoTime, type Table, withoutKeys } from './table.ts';

export interface ProfileSecrets {
  cookie_header?: string;
  cookies?: CookieInput[];
  local_storage?: Record<string, Record<string, string>>;
  headers?: Record<string, string>;
}

export interface ProfileSummary {
  cookie_names: string[];
  cookie_count: number;
  local_storage_origins: string[];
  local_storage_key_count: number;
  header_names: string[];
}

export interface AuthProfile {
  id: string;
  account_id: string;
  project_id?: string;
  name: string;
  domain: string;
  summary: ProfileSummary;
  /** Bumped on every change: renders are cached per profile version. */
  version: number;
  created_at: string;
  updated_at: string;
}

interface StoredProfile extends AuthProfile {
  secrets: Sealed;
}

const profileKeys = (id: string) => ({ pk: `AP#${id}`, sk: 'AUTH_PROFILE' });
const listKeys = (accountId: string, id: string) => ({
  gsi1pk: `ACCT#${accountId}#AUTH_PROFILES`,
  gsi1sk: id,
});
const context = (id: string) => `auth_profile:${id}`;

/** Names from `a=1; b=2`. */
export function cookieHeaderNames(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(';')
    .map((part) => part.split('=')[0]!.trim())
    .filter(Boolean);
}

export function summarise(secrets: ProfileSecrets): ProfileSummary {
  const names = [...cookieHeaderNames(secrets.cookie_header), ...(secrets.cookies ?? []).map((c) => c.name)];
  const storage = secrets.local_storage ?? {};
  return {
    cookie_names: [...new Set(names)],
    cookie_count: names.length,
    local_storage_origins: Object.keys(storage),
    local_storage_key_count: Object.values(storage).reduce((n, kv) => n + Object.keys(kv).length, 0),
    header_names: Object.keys(secrets.headers ?? {}),
  };
}

const publicView = (item: Record<string, unknown>): AuthProfile => {
  const { secrets: _s, ...rest } = withoutKeys(item) as unknown as StoredProfile;
  return rest;
};

async function put(
  table: Table,
  profile: AuthProfile,
  secrets: ProfileSecrets,
  masterKey: string | undefined,
  condition: { expression: string; values?: Record<string, unknown> },
) {
  await table.db.send(
    new PutCommand({
      TableName: table.name,
      Item: {
        ...profileKeys(profile.id),
        ...listKeys(profile.account_id, profile.id),
        type: 'auth_profile',
        ...profile,
        secrets: seal(masterKey, JSON.stringify(secrets), context(profile.id)),
      },
      ConditionExpression: condition.expression,
      ...(condition.values ? { ExpressionAttributeValues: condition.values } : {}),
    }),
  );
}

export async function createAuthProfile(
  table: Table,
  input: {
    accountId: string;
    projectId?: string;
    name: string;
    domain: string;
    secrets: ProfileSecrets;
    now: number;
  },
  masterKey: string | undefined,
): Promise<AuthProfile> {
  const profile: AuthProfile = {
    id: newId('ap'),
    account_id: input.accountId,
    ...(input.projectId ? { project_id: input.projectId } : {}),
    name: input.name,
    domain: input.domain,
    summary: summarise(input.secrets),
    version: 1,
    created_at: isoTime(input.now),
    updated_at: isoTime(input.now),
  };
  await put(table, profile, input.secrets, masterKey, { expression: 'attribute_not_exists(pk)' });
  return profile;
}

async function getStored(table: Table, id: string, accountId: string): Promise<StoredProfile | undefined> {
  const { Item } = await table.db.send(
    new GetCommand({ TableName: table.name, Key: profileKeys(id), ConsistentRead: true }),
  );
  if (!Item || Item.account_id !== accountId) return undefined;
  return withoutKeys(Item) as unknown as StoredProfile;
}

export async function getAuthProfile(
  table: Table,
  id: string,
  accountId: string,
): Promise<AuthProfile | undefined> {
  const stored = await getStored(table, id, accountId);
  return stored ? publicView(stored as unknown as Record<string, unknown>) : undefined;
}

/** The profile with its decrypted credentials — only for the capture that uses them. */
export async function openAuthProfile(
  table: Table,
  id: string,
  accountId: string,
  masterKey: string | undefined,
): Promise<{ profile: AuthProfile; secrets: ProfileSecrets } | undefined> {
  const stored = await getStored(table, id, accountId);
  if (!stored) return undefined;
  return {
    profile: publicView(stored as unknown as Record<string, unknown>),
    secrets: JSON.parse(unseal(masterKey, stored.secrets, context(id))) as ProfileSecrets,
  };
}

export async function listAuthProfiles(table: Table, accountId: string): Promise<AuthProfile[]> {
  const items = await allInGsi1(table, listKeys(accountId, '').gsi1pk);
  return items.map(publicView);
}

/**
 * Applies changes; secret fields given replace the stored ones, `null` project_id detaches. A
 * changed `domain` drops every stored secret not given again in the same change.
 */
export async function updateAuthProfile(
  table: Table,
  input: {
    id: string;
    accountId: string;
    changes: { name?: string; domain?: string; project_id?: string | null } & ProfileSecrets;
    now: number;
  },
  masterKey: string | undefined,
): Promise<AuthProfile | undefined> {
  const opened = await openAuthProfile(table, input.id, input.accountId, masterKey);
  if (!opened) return undefined;
  const { name, domain, project_id, ...secretChanges } = input.changes;
  // Credentials belong to the domain they were given for: a new domain starts without them,
  // keeping only what this same request supplies.
  const moved = domain !== undefined && domain !== opened.profile.domain;
  const secrets: ProfileSecrets = moved ? {} : { ...opened.secrets };
  for (const [k, val] of Object.entries(secretChanges) as Array<[keyof ProfileSecrets, unknown]>) {
    if (val !== undefined) (secrets as Record<string, unknown>)[k] = val;
  }
  const { project_id: oldProject, ...base } = opened.profile;
  const projectId = project_id === null ? undefined : (project_id ?? oldProject);
  const profile: AuthProfile = {
    ...base,
    ...(projectId ? { project_id: projectId } : {}),
    name: name ?? base.name,
    domain: domain ?? base.domain,
    summary: summarise(secrets),
    version: base.version + 1,
    updated_at: isoTime(input.now),
  };
  // Optimistic: a concurrent change to the same profile makes this one fail rather than be lost.
  await put(table, profile, secrets, masterKey, {
    expression: 'version = :v',
    values: { ':v': base.version },
  });
  return profile;
}

export async function deleteAuthProfile(table: Table, id: string, accountId: string): Promise<boolean> {
  return conditionally(
    table.db.send(
      new DeleteCommand({
        TableName: table.name,
        Key: profileKeys(id),
        ConditionExpression: 'account_id = :account',
        ExpressionAttributeValues: { ':account': accountId },
      }),
    ),
  );
}
