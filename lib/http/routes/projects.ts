/**
 * @module http/routes/projects
 * Projects (scope `projects`, §7): CRUD, the signing secret (read, rotate with 24 h grace) and
 * the webhook secret. Another account's project is 404.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { Deps } from '../../deps.ts';
import { NotFound } from '../../errors.ts';
import { hasPrefix } from '../../ids.ts';
import { NewProject, ProjectChanges } from '../../schemas/project.ts';
import {
  createProject,
  deleteProject,
  getProject,
  listProjects,
  type Project,
  projectSecrets,
  rotateSigningSecret,
  updateProject,
} from '../../store/projects.ts';
import { isoTime } from '../../store/table.ts';
import type { AppEnv } from '../env.ts';
import { createRouter, type Operation, type Registry } from '../router.ts';
import { readJson, validate } from '../validate.ts';

const notFound = (id: string) => new NotFound(`No project ${id}`);

const SECRETS_VIEW = '{ project_id, signing_secret, previous_signing_secret_valid_until, webhook_secret }';

const OPERATIONS = {
  create: {
    method: 'post',
    path: '',
    summary: 'Create a project',
    scope: 'projects',
    body: NewProject,
    responses: { 201: { description: 'Project' } },
  },
  list: {
    method: 'get',
    path: '',
    summary: 'List projects',
    scope: 'projects',
    responses: { 200: { description: '{ data: Project[] }' } },
  },
  get: {
    method: 'get',
    path: '/{id}',
    summary: 'Get a project',
    scope: 'projects',
    responses: { 200: { description: 'Project' } },
  },
  change: {
    method: 'patch',
    path: '/{id}',
    summary: 'Change a project',
    scope: 'projects',
    body: ProjectChanges,
    responses: { 200: { description: 'Project' } },
  },
  remove: {
    method: 'delete',
    path: '/{id}',
    summary: 'Delete a project',
    scope: 'projects',
    responses: { 200: { description: '{ id, deleted }' } },
  },
  secrets: {
    method: 'get',
    path: '/{id}/signing-secret',
    summary: "The project's signing secret (and its webhook secret)",
    scope: 'projects',
    responses: { 200: { description: SECRETS_VIEW } },
  },
  rotate: {
    method: 'post',
    path: '/{id}/signing-secret/rotate',
    summary: 'Rotate the signing secret (the previous one keeps working for 24 h)',
    scope: 'projects',
    responses: { 200: { description: SECRETS_VIEW } },
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

async function owned(deps: Deps, accountId: string, id: string): Promise<Project> {
  const project = hasPrefix(id, 'prj') ? await getProject(deps.table, id, accountId) : undefined;
  if (!project) throw notFound(id);
  return project;
}

async function secretsView(deps: Deps, project: Project) {
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
  const project = await createProject(
    deps.table,
    {
      accountId: c.get('auth').account.id,
      name: input.name,
      defaults: input.defaults,
      brand: input.brand,
      signedUrlMaxTtl: input.signed_url_max_ttl,
      now: deps.now(),
    },
    deps.config.encryptionKey,
  );
  return c.json(project, 201);
}

async function change(deps: Deps, c: Context<AppEnv>) {
  const accountId = c.get('auth').account.id;
  const id = c.req.param('id')!;
  await owned(deps, accountId, id);
  const changes = validate(ProjectChanges, await readJson(c));
  const project = await updateProject(deps.table, id, accountId, changes, deps.now());
  if (!project) throw notFound(id);
  return c.json(project);
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
