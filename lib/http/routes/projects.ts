/**
 * @module http/routes/projects
 * Projects (scope `projects`, §7): CRUD, the signing secret (read, rotate with 24 h grace) and
 * the webhook secret. Another account's project is 404.
 */
import type { MiddlewareHandler } from 'hono';
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
import { createRouter, type Registry } from '../router.ts';
import { readJson, validate } from '../validate.ts';

const notFound = (id: string) => new NotFound(`No project ${id}`);

export function projectRoutes(
  deps: Deps,
  registry: Registry,
  account: MiddlewareHandler<AppEnv>[],
  writes: MiddlewareHandler<AppEnv>[],
) {
  const router = createRouter({ registry, mount: '/v1/projects', tag: 'Projects', account, writes });
  const key = deps.config.encryptionKey;
  const owned = async (accountId: string, id: string): Promise<Project> => {
    const project = hasPrefix(id, 'prj') ? await getProject(deps.table, id, accountId) : undefined;
    if (!project) throw notFound(id);
    return project;
  };
  const secretsView = async (project: Project) => {
    const secrets = (await projectSecrets(deps.table, project.id, key, deps.now()))!;
    return {
      project_id: project.id,
      signing_secret: secrets.signing,
      previous_signing_secret_valid_until: secrets.previous ? isoTime(secrets.previous.validUntil) : null,
      webhook_secret: secrets.webhook,
    };
  };

  router.on(
    {
      method: 'post',
      path: '',
      summary: 'Create a project',
      scope: 'projects',
      body: NewProject,
      responses: { 201: { description: 'Project' } },
    },
    async (c) => {
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
        key,
      );
      return c.json(project, 201);
    },
  );

  router.on(
    {
      method: 'get',
      path: '',
      summary: 'List projects',
      scope: 'projects',
      responses: { 200: { description: '{ data: Project[] }' } },
    },
    async (c) => c.json({ data: await listProjects(deps.table, c.get('auth').account.id) }),
  );

  router.on(
    {
      method: 'get',
      path: '/{id}',
      summary: 'Get a project',
      scope: 'projects',
      responses: { 200: { description: 'Project' } },
    },
    async (c) => c.json(await owned(c.get('auth').account.id, c.req.param('id')!)),
  );

  router.on(
    {
      method: 'patch',
      path: '/{id}',
      summary: 'Change a project',
      scope: 'projects',
      body: ProjectChanges,
      responses: { 200: { description: 'Project' } },
    },
    async (c) => {
      const accountId = c.get('auth').account.id;
      const id = c.req.param('id')!;
      await owned(accountId, id);
      const changes = validate(ProjectChanges, await readJson(c));
      const project = await updateProject(deps.table, id, accountId, changes, deps.now());
      if (!project) throw notFound(id);
      return c.json(project);
    },
  );

  router.on(
    {
      method: 'delete',
      path: '/{id}',
      summary: 'Delete a project',
      scope: 'projects',
      responses: { 200: { description: '{ id, deleted }' } },
    },
    async (c) => {
      const id = c.req.param('id')!;
      if (!hasPrefix(id, 'prj') || !(await deleteProject(deps.table, id, c.get('auth').account.id)))
        throw notFound(id);
      return c.json({ id, deleted: true });
    },
  );

  router.on(
    {
      method: 'get',
      path: '/{id}/signing-secret',
      summary: "The project's signing secret (and its webhook secret)",
      scope: 'projects',
      responses: {
        200: {
          description: '{ project_id, signing_secret, previous_signing_secret_valid_until, webhook_secret }',
        },
      },
    },
    async (c) => c.json(await secretsView(await owned(c.get('auth').account.id, c.req.param('id')!))),
  );

  router.on(
    {
      method: 'post',
      path: '/{id}/signing-secret/rotate',
      summary: 'Rotate the signing secret (the previous one keeps working for 24 h)',
      scope: 'projects',
      responses: {
        200: {
          description: '{ project_id, signing_secret, previous_signing_secret_valid_until, webhook_secret }',
        },
      },
    },
    async (c) => {
      const accountId = c.get('auth').account.id;
      const project = await owned(accountId, c.req.param('id')!);
      await rotateSigningSecret(deps.table, project.id, accountId, key, deps.now());
      return c.json(await secretsView(project));
    },
  );

  return router.app;
}
