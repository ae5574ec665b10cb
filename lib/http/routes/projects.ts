/**
 * @module http/routes/projects
 * Projects (scope `projects`, §7): CRUD, the signing secret (read, rotate with 24 h grace) and
 * the webhook secret. Another account's project is 404. A `storage` endpoint is checked against
 * the target rules (§12) when it is saved; its secret is write-only.
 */
import type { Context, MiddlewareHandler } from 'hono';
import * as v from 'valibot';
import { checkStorageEndpoint } from '../../captures/storage.ts';
import type { Deps } from '../../deps.ts';
import { InvalidParams, NotFound } from '../../errors.ts';
import { hasPrefix } from '../../ids.ts';
import { NewProject, ProjectChanges } from '../../schemas/project.ts';
import { type StorageChange, StorageView } from '../../schemas/storage.ts';
import {
  createProject,
  deleteProject,
  getProject,
  listProjects,
  projectSecrets,
  rotateSigningSecret,
  type Project as StoredProject,
  updateProject,
} from '../../store/projects.ts';
import { isoTime } from '../../store/table.ts';
import type { AppEnv } from '../env.ts';
import { named } from '../openapi.ts';
import { deleted, IDS, NEW_PROJECT, PROJECT, PROJECT_SECRETS } from '../openapi-examples.ts';
import { createRouter, type Operation, type Registry } from '../router.ts';
import { readJson, validate } from '../validate.ts';
import { count, Deleted, listOf, STAMPS, str } from '../views.ts';

const notFound = (id: string) => new NotFound(`No project ${id}`);

const Project = named(
  'Project',
  v.object({
    id: str('The project id (`prj_…`)'),
    account_id: str('The owning account (`acct_…`)'),
    name: str('The project’s name'),
    defaults: v.pipe(
      v.record(v.string(), v.unknown()),
      v.description('Capture parameters applied to every capture that names the project (the request wins)'),
    ),
    brand: v.pipe(
      v.record(v.string(), v.unknown()),
      v.description('`{ name, colors: { primary, secondary }, font, dark_mode, logo_url }`'),
    ),
    signed_url_max_ttl: count('Seconds: the furthest `expires` a signed URL may carry'),
    storage: v.optional(StorageView),
    ...STAMPS,
  }),
);
const ProjectList = listOf('ProjectList', Project, 'The account’s projects');
const ProjectSecrets = named(
  'ProjectSecrets',
  v.object({
    project_id: str('The project id'),
    signing_secret: str('Signs capture URLs (§5): `fss_…`'),
    previous_signing_secret_valid_until: v.pipe(
      v.nullable(v.string()),
      v.description('After a rotation: until when the previous secret still verifies (ISO 8601); else null'),
    ),
    webhook_secret: str('Signs the webhooks of the project’s jobs: `whsec_…`'),
  }),
);
named('NewProject', NewProject, 'A new project (POST /v1/projects body)');
named('ProjectChanges', ProjectChanges, 'Changes to a project: only the fields given change');

const project = { 200: { description: 'The project', schema: Project, example: PROJECT } };
const secrets = { 200: { description: 'The secrets', schema: ProjectSecrets, example: PROJECT_SECRETS } };

const OPERATIONS = {
  create: {
    operationId: 'createProject',
    method: 'post',
    path: '',
    summary: 'Create a project',
    description:
      'A project holds capture `defaults`, a `brand`, a signing secret for signed capture URLs, a webhook secret and, optionally, `storage`: your own S3-compatible bucket that every render of the project is also written to. A capture that names it merges: request > project defaults > AI/prompt decisions > system defaults.',
    scope: 'projects',
    body: NewProject,
    example: NEW_PROJECT,
    responses: { 201: { description: 'The project', schema: Project, example: PROJECT } },
  },
  list: {
    operationId: 'listProjects',
    method: 'get',
    path: '',
    summary: 'List projects',
    description: 'Every project of the account.',
    scope: 'projects',
    responses: { 200: { description: 'The projects', schema: ProjectList, example: { data: [PROJECT] } } },
  },
  get: {
    operationId: 'getProject',
    method: 'get',
    path: '/{id}',
    summary: 'Get a project',
    description: 'One project of the account; another account’s is 404.',
    scope: 'projects',
    responses: project,
  },
  change: {
    operationId: 'updateProject',
    method: 'patch',
    path: '/{id}',
    summary: 'Change a project',
    description:
      'Sets the fields given; the others keep their values. `storage` is replaced as a whole (its secret may be left out while `access_key_id` stays the same); `storage: null` removes it.',
    scope: 'projects',
    body: ProjectChanges,
    example: { defaults: { device: 'iphone-16-pro', background_preset: 'ocean' } },
    responses: project,
  },
  remove: {
    operationId: 'deleteProject',
    method: 'delete',
    path: '/{id}',
    summary: 'Delete a project',
    description: 'Deletes the project; its signed URLs stop working.',
    scope: 'projects',
    responses: { 200: { description: 'Deleted', schema: Deleted, example: deleted(IDS.project) } },
  },
  secrets: {
    operationId: 'getProjectSigningSecret',
    method: 'get',
    path: '/{id}/signing-secret',
    summary: "The project's signing secret (and its webhook secret)",
    description:
      'The secret that signs capture URLs for this project (§5), and the one that signs its webhooks.',
    scope: 'projects',
    responses: secrets,
  },
  rotate: {
    operationId: 'rotateProjectSigningSecret',
    method: 'post',
    path: '/{id}/signing-secret/rotate',
    summary: 'Rotate the signing secret (the previous one keeps working for 24 h)',
    description:
      'Mints a new signing secret. URLs signed with the previous one keep verifying for 24 h, so embedded images do not break mid-rollout.',
    scope: 'projects',
    responses: {
      200: {
        ...secrets[200],
        example: { ...PROJECT_SECRETS, previous_signing_secret_valid_until: '2026-04-28T15:00:00.000Z' },
      },
    },
  },
} satisfies Record<string, Operation>;

export function projectRoutes(
  deps: Deps,
  registry: Registry,
  account: MiddlewareHandler<AppEnv>[],
  writes: MiddlewareHandler<AppEnv>[],
) {
  const router = createRouter({ registry, mount: '/v1/projects', tag: 'Projects', account, writes });
  router.on(OPERATIONS.create, (c) => create(deps, c));
  router.on(OPERATIONS.list, async (c) =>
    c.json({ data: await listProjects(deps.table, c.get('auth').account.id) }),
  );
  router.on(OPERATIONS.get, async (c) =>
    c.json(await owned(deps, c.get('auth').account.id, c.req.param('id')!)),
  );
  router.on(OPERATIONS.change, (c) => change(deps, c));
  router.on(OPERATIONS.remove, (c) => remove(deps, c));
  router.on(OPERATIONS.secrets, async (c) =>
    c.json(await secretsView(deps, await owned(deps, c.get('auth').account.id, c.req.param('id')!))),
  );
  router.on(OPERATIONS.rotate, (c) => rotate(deps, c));
  return router.app;
}

async function owned(deps: Deps, accountId: string, id: string): Promise<StoredProject> {
  const project = hasPrefix(id, 'prj') ? await getProject(deps.table, id, accountId) : undefined;
  if (!project) throw notFound(id);
  return project;
}

async function secretsView(deps: Deps, project: StoredProject) {
  const secrets = (await projectSecrets(deps.table, project.id, deps.config.encryptionKey, deps.now()))!;
  return {
    project_id: project.id,
    signing_secret: secrets.signing,
    previous_signing_secret_valid_until: secrets.previous ? isoTime(secrets.previous.validUntil) : null,
    webhook_secret: secrets.webhook,
  };
}

async function create(deps: Deps, c: Context<AppEnv>) {
  const input = validate(NewProject, await readJson(c));
  await checkStorageEndpoint(deps, input.storage?.endpoint);
  const project = await createProject(
    deps.table,
    {
      accountId: c.get('auth').account.id,
      name: input.name,
      defaults: input.defaults,
      brand: input.brand,
      signedUrlMaxTtl: input.signed_url_max_ttl,
      storage: input.storage,
      now: deps.now(),
    },
    deps.config.encryptionKey,
  );
  return c.json(project, 201);
}

async function change(deps: Deps, c: Context<AppEnv>) {
  const accountId = c.get('auth').account.id;
  const id = c.req.param('id')!;
  const current = await owned(deps, accountId, id);
  const changes = validate(ProjectChanges, await readJson(c));
  if (changes.storage) await checkStorageChange(deps, current, changes.storage);
  const project = await updateProject(
    deps.table,
    id,
    accountId,
    changes,
    deps.now(),
    deps.config.encryptionKey,
  );
  if (!project) throw notFound(id);
  return c.json(project);
}

/** The secret is write-only: left out, the stored one stays, which only fits the same key id. */
async function checkStorageChange(deps: Deps, current: StoredProject, storage: StorageChange) {
  if (storage.secret_access_key === undefined && current.storage?.access_key_id !== storage.access_key_id) {
    const message = current.storage
      ? `Missing storage.secret_access_key. storage.access_key_id changed, so give the secret of ${storage.access_key_id} too`
      : 'Missing storage.secret_access_key. Give the secret of storage.access_key_id';
    throw new InvalidParams(message, [{ path: 'storage.secret_access_key', message }]);
  }
  await checkStorageEndpoint(deps, storage.endpoint);
}

async function remove(deps: Deps, c: Context<AppEnv>) {
  const id = c.req.param('id')!;
  if (!hasPrefix(id, 'prj') || !(await deleteProject(deps.table, id, c.get('auth').account.id)))
    throw notFound(id);
  return c.json({ id, deleted: true });
}

async function rotate(deps: Deps, c: Context<AppEnv>) {
  const accountId = c.get('auth').account.id;
  const project = await owned(deps, accountId, c.req.param('id')!);
  await rotateSigningSecret(deps.table, project.id, accountId, deps.config.encryptionKey, deps.now());
  return c.json(await secretsView(deps, project));
}
