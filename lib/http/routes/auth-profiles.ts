/**
 * @module http/routes/auth-profiles
 * Auth profiles (scope `auth_profiles`, §8): CRUD and `test`. Credentials go in and never come
 * out: responses carry names and counts only. Another account's profile is 404.
 */
import type { Context, MiddlewareHandler } from 'hono';
import * as v from 'valibot';
import { effectivePlan } from '../../billing/plans.ts';
import { PRICES } from '../../billing/prices.ts';
import { metered } from '../../captures/metered.ts';
import { probeProfile } from '../../captures/probe.ts';
import type { Deps } from '../../deps.ts';
import { InvalidParams, NotFound } from '../../errors.ts';
import { hasPrefix, newId } from '../../ids.ts';
import { AuthProfileChanges, hostInDomain, NewAuthProfile, ProfileTest } from '../../schemas/auth-profile.ts';
import { SYNC_TIMEOUT_MS } from '../../schemas/budgets.ts';
import {
  createAuthProfile,
  deleteAuthProfile,
  getAuthProfile,
  listAuthProfiles,
  openAuthProfile,
  type ProfileSecrets,
  updateAuthProfile,
} from '../../store/auth-profiles.ts';
import { getProject } from '../../store/projects.ts';
import type { AppEnv } from '../env.ts';
import { named } from '../openapi.ts';
import { AUTH_PROFILE, deleted, IDS, NEW_AUTH_PROFILE, PROFILE_TEST } from '../openapi-examples.ts';
import { createRouter, type Operation, type Registry } from '../router.ts';
import { readJson, validate } from '../validate.ts';
import { count, Deleted, flag, listOf, STAMPS, str, strings } from '../views.ts';

const notFound = (id: string) => new NotFound(`No auth profile ${id}`);

/**
 * Cookies and localStorage must belong to the profile's domain, or the browser would hand them
 * to another site during a capture.
 */
function checkSecretsOnDomain(domain: string, secrets: ProfileSecrets): void {
  const stray = (secrets.cookies ?? []).filter(
    (c) => c.domain && !hostInDomain(c.domain.replace(/^\./, ''), domain),
  );
  if (stray.length) {
    throw new InvalidParams(
      `Cookie ${stray[0]!.name} is for ${stray[0]!.domain}, outside the profile's domain ${domain}. Give cookies of ${domain} or its subdomains only.`,
      stray.map((c) => ({ path: 'cookies', message: `${c.name}: domain ${c.domain} is outside ${domain}` })),
    );
  }
  const origins = Object.keys(secrets.local_storage ?? {}).filter(
    (o) => !hostInDomain(new URL(o).hostname, domain),
  );
  if (origins.length) {
    throw new InvalidParams(
      `local_storage origin ${origins[0]} is outside the profile's domain ${domain}. Give origins on ${domain} or its subdomains only.`,
      origins.map((o) => ({ path: 'local_storage', message: `${o} is outside ${domain}` })),
    );
  }
}

const AuthProfile = named(
  'AuthProfile',
  v.object({
    id: str('The auth profile id (`ap_…`)'),
    account_id: str('The owning account (`acct_…`)'),
    project_id: v.optional(str('The project it belongs to, if any')),
    name: str('The profile’s name'),
    domain: str('The site it logs into: captures of this host or its subdomains may use it'),
    summary: v.pipe(
      v.object({
        cookie_names: strings('Names of the stored cookies (values are never returned)'),
        cookie_count: count('How many cookies are stored'),
        local_storage_origins: strings('Origins with stored localStorage'),
        local_storage_key_count: count('How many localStorage keys are stored'),
        header_names: strings('Names of the stored request headers'),
      }),
      v.description('What is stored, names and counts only: secrets never come back'),
    ),
    version: count('Bumped when the credentials change: renders made with older ones are not reused'),
    ...STAMPS,
  }),
);
const AuthProfileList = listOf('AuthProfileList', AuthProfile, 'The account’s auth profiles');
const ProfileTestResult = named(
  'ProfileTestResult',
  v.object({
    ok: flag('The page answered below 400'),
    final_url: str('Where the page ended up after redirects'),
    status: count('The HTTP status of the page'),
    title: str('The page’s title'),
    looks_logged_out: flag(
      'A login URL or title, a password field, or a 401/403: the credentials did not work',
    ),
  }),
);
named('NewAuthProfile', NewAuthProfile, 'A new auth profile: its site and the credentials to store');
named('AuthProfileChanges', AuthProfileChanges, 'Changes to an auth profile: only the fields given change');
named('ProfileTest', ProfileTest, 'The page to load with the profile');

const profile = {
  200: {
    description: 'The auth profile (names and counts only)',
    schema: AuthProfile,
    example: AUTH_PROFILE,
  },
};

const OPERATIONS = {
  list: {
    operationId: 'listAuthProfiles',
    method: 'get',
    path: '',
    summary: 'List auth profiles',
    description: 'Every auth profile of the account, names and counts only.',
    scope: 'auth_profiles',
    responses: {
      200: { description: 'The auth profiles', schema: AuthProfileList, example: { data: [AUTH_PROFILE] } },
    },
  },
  create: {
    operationId: 'createAuthProfile',
    method: 'post',
    path: '',
    summary: 'Store credentials for logged-in captures',
    description:
      'Cookies, a Cookie header, localStorage and request headers for one site, encrypted at rest (AES-256-GCM) and never returned. A capture with `auth_profile_id` loads the page with them when its host is `domain` or a subdomain. At most 64 KiB.',
    scope: 'auth_profiles',
    body: NewAuthProfile,
    example: NEW_AUTH_PROFILE,
    responses: { 201: profile[200] },
  },
  change: {
    operationId: 'updateAuthProfile',
    method: 'patch',
    path: '/{id}',
    summary: 'Change an auth profile',
    description: 'Sets the fields given; new credentials bump `version`. `project_id: null` detaches it.',
    scope: 'auth_profiles',
    body: AuthProfileChanges,
    example: { cookies: [{ name: 'session', value: 's%3Aa1b2c3d4', domain: 'app.example.com' }] },
    responses: { 200: { ...profile[200], example: { ...AUTH_PROFILE, version: 2 } } },
  },
  remove: {
    operationId: 'deleteAuthProfile',
    method: 'delete',
    path: '/{id}',
    summary: 'Delete an auth profile',
    description: 'Deletes the profile and its stored credentials.',
    scope: 'auth_profiles',
    responses: { 200: { description: 'Deleted', schema: Deleted, example: deleted(IDS.profile) } },
  },
  test: {
    operationId: 'testAuthProfile',
    method: 'post',
    path: '/{id}/test',
    summary: 'Load a page with the profile and report whether it looks logged in',
    description:
      "A browser load like `/v1/raw`: it takes one of the plan's concurrent captures (429 when none is free) and 1 credit (402 when short; free with a test key), refunded if the page fails to load.",
    scope: 'auth_profiles',
    body: ProfileTest,
    example: { url: 'https://app.example.com/dashboard' },
    responses: {
      200: { description: 'What the page looked like', schema: ProfileTestResult, example: PROFILE_TEST },
      402: {
        description: 'insufficient_credits: the load costs 1 credit and the balance is 0',
        codes: {
          insufficient_credits:
            'This capture costs 1 credit and the balance is 0. Top up or wait for the monthly renewal; nothing was started.',
        },
      },
      422: {
        description: 'capture_failed: the page did not load (credits refunded)',
        codes: { capture_failed: 'Could not resolve app.example.com (DNS). Check the host name.' },
      },
      429: {
        description: 'rate_limited: over the requests per minute, or all concurrent captures are running',
        codes: {
          rate_limited:
            'Your plan allows 2 captures in flight at once and that many are running. Retry when one finishes, or use "async": true to queue.',
        },
      },
    },
  },
} satisfies Record<string, Operation>;

export function authProfileRoutes(
  deps: Deps,
  registry: Registry,
  account: MiddlewareHandler<AppEnv>[],
  writes: MiddlewareHandler<AppEnv>[],
) {
  const router = createRouter({
    registry,
    mount: '/v1/auth-profiles',
    tag: 'Auth profiles',
    account,
    writes,
  });
  router.on(OPERATIONS.list, async (c) =>
    c.json({ data: await listAuthProfiles(deps.table, c.get('auth').account.id) }),
  );
  router.on(OPERATIONS.create, (c) => create(deps, c));
  router.on(OPERATIONS.change, (c) => change(deps, c));
  router.on(OPERATIONS.remove, (c) => remove(deps, c));
  router.on(OPERATIONS.test, (c) => test(deps, c));
  return router.app;
}

async function checkProject(deps: Deps, accountId: string, projectId: string | null | undefined) {
  if (projectId && !(await getProject(deps.table, projectId, accountId))) {
    throw new InvalidParams(`Unknown project_id ${projectId}`, [
      { path: 'project_id', message: 'Unknown project' },
    ]);
  }
}

async function create(deps: Deps, c: Context<AppEnv>) {
  const accountId = c.get('auth').account.id;
  const input = validate(NewAuthProfile, await readJson(c));
  await checkProject(deps, accountId, input.project_id);
  const { name, domain, project_id, ...secrets } = input;
  checkSecretsOnDomain(domain, secrets);
  const profile = await createAuthProfile(
    deps.table,
    {
      accountId,
      ...(project_id ? { projectId: project_id } : {}),
      name,
      domain,
      secrets,
      now: deps.now(),
    },
    deps.config.encryptionKey,
  );
  return c.json(profile, 201);
}

async function change(deps: Deps, c: Context<AppEnv>) {
  const accountId = c.get('auth').account.id;
  const id = c.req.param('id')!;
  const current = hasPrefix(id, 'ap') ? await getAuthProfile(deps.table, id, accountId) : undefined;
  if (!current) throw notFound(id);
  const changes = validate(AuthProfileChanges, await readJson(c));
  await checkProject(deps, accountId, changes.project_id);
  checkSecretsOnDomain(changes.domain ?? current.domain, changes);
  const profile = await updateAuthProfile(
    deps.table,
    { id, accountId, changes, now: deps.now() },
    deps.config.encryptionKey,
  );
  if (!profile) throw notFound(id);
  return c.json(profile);
}

async function remove(deps: Deps, c: Context<AppEnv>) {
  const id = c.req.param('id')!;
  if (!hasPrefix(id, 'ap') || !(await deleteAuthProfile(deps.table, id, c.get('auth').account.id)))
    throw notFound(id);
  return c.json({ id, deleted: true });
}

/** Loads the page with the profile, metered like a raw capture. */
async function test(deps: Deps, c: Context<AppEnv>) {
  const { account, key: apiKey } = c.get('auth');
  const accountId = account.id;
  const id = c.req.param('id')!;
  const opened = hasPrefix(id, 'ap')
    ? await openAuthProfile(deps.table, id, accountId, deps.config.encryptionKey)
    : undefined;
  if (!opened) throw notFound(id);
  const { url } = validate(ProfileTest, await readJson(c));
  const host = new URL(url).hostname;
  if (!hostInDomain(host, opened.profile.domain)) {
    throw new InvalidParams(`This profile is for ${opened.profile.domain}; ${host} is outside it.`, [
      { path: 'url', message: `Not on ${opened.profile.domain}` },
    ]);
  }
  const metering = {
    accountId,
    concurrencyLimit: effectivePlan(account, deps.config.plans).concurrentCaptures,
    timeoutMs: SYNC_TIMEOUT_MS,
    cost: apiKey.test ? 0 : PRICES.raw,
    ref: newId('cap'),
  };
  return c.json(await metered(deps, metering, () => probeProfile(deps, opened.profile, opened.secrets, url)));
}
