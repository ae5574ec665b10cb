/**
 * @module http/routes/renders
 * `GET /v1/renders`, `GET|DELETE /v1/renders/{id}` (scope `renders`) and the public, signed
 * `GET /r/{id}.{ext}` that redirects to a fresh presigned S3 URL (contract §6).
 */
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import * as v from 'valibot';
import { deleteRender, PRESIGN_SECONDS, presignRender, renderKey } from '../../blobs/renders.ts';
import { renderView } from '../../captures/respond.ts';
import type { Deps } from '../../deps.ts';
import { ApiError, NotFound } from '../../errors.ts';
import { hasPrefix } from '../../ids.ts';
import { int } from '../../schemas/fields.ts';
import type { RenderLinks } from '../../signing/render-url.ts';
import { verifyRenderUrl } from '../../signing/render-url.ts';
import { deleteRenderRecord, getRender, listRenders, type Render } from '../../store/renders.ts';
import type { AppEnv } from '../env.ts';
import { createRouter, type Operation, type Registry } from '../router.ts';
import { validate } from '../validate.ts';

const ListQuery = v.object({
  limit: v.optional(v.pipe(v.string(), v.transform(Number), int('limit', 1, 100)), '20'),
  cursor: v.optional(
    v.pipe(
      v.string(),
      v.check((s) => hasPrefix(s, 'cap'), 'Invalid cursor. Pass the next_cursor of the previous page'),
    ),
  ),
});

const notFound = (id: string) => new NotFound(`No render ${id}`);

const OPERATIONS = {
  list: {
    method: 'get',
    path: '',
    summary: 'List renders, newest first',
    scope: 'renders',
    query: ListQuery,
    responses: { 200: { description: '{ data: Render[], next_cursor }' } },
  },
  get: {
    method: 'get',
    path: '/{id}',
    summary: 'Get a render',
    scope: 'renders',
    responses: { 200: { description: 'Render' } },
  },
  remove: {
    method: 'delete',
    path: '/{id}',
    summary: 'Delete a render and its image',
    scope: 'renders',
    responses: { 200: { description: '{ id, deleted: true }' } },
  },
} satisfies Record<string, Operation>;

export function renderRoutes(
  deps: Deps,
  registry: Registry,
  account: MiddlewareHandler<AppEnv>[],
  urls: RenderLinks,
) {
  const router = createRouter({ registry, mount: '/v1/renders', tag: 'Renders', account });
  router.on(OPERATIONS.list, (c) => list(deps, urls, c));
  router.on(OPERATIONS.get, async (c) =>
    c.json(renderView(await owned(deps, c.get('auth').account.id, c.req.param('id')!), urls)),
  );
  router.on(OPERATIONS.remove, (c) => remove(deps, c));

  /** Public: the signature is the credential. */
  const files = new Hono<AppEnv>();
  files.get('/:file', (c) => redirectToFile(deps, urls, c));

  return { api: router.app, files };
}

const bucketOf = (deps: Deps) => ({ s3: deps.aws.s3, name: deps.config.bucket });

async function owned(deps: Deps, accountId: string, id: string): Promise<Render> {
  if (!hasPrefix(id, 'cap')) throw notFound(id);
  const render = await getRender(deps.table, id, { accountId, now: deps.now() });
  if (!render) throw notFound(id);
  return render;
}

async function list(deps: Deps, urls: RenderLinks, c: Context<AppEnv>) {
  const query = validate(ListQuery, c.req.query());
  const page = await listRenders(deps.table, c.get('auth').account.id, {
    limit: query.limit,
    cursor: query.cursor,
    now: deps.now(),
  });
  return c.json({ data: page.items.map((r) => renderView(r, urls)), next_cursor: page.next_cursor });
}

async function remove(deps: Deps, c: Context<AppEnv>) {
  const render = await owned(deps, c.get('auth').account.id, c.req.param('id')!);
  await deleteRender(bucketOf(deps), render.s3_key);
  await deleteRenderRecord(deps.table, render.id);
  return c.json({ id: render.id, deleted: true });
}

/** `GET /r/{id}.{ext}`: check the link's signature, then 302 to a fresh presigned S3 URL. */
async function redirectToFile(deps: Deps, urls: RenderLinks, c: Context<AppEnv>) {
  const match = /^(cap_[0-9A-HJKMNP-TV-Z]{26})\.(png|webp|jpg|avif)$/.exec(c.req.param('file')!);
  if (!match) throw new NotFound('No such render');
  const [, id, ext] = match as unknown as [string, string, string];
  const check = verifyRenderUrl(urls.secret, id, ext, c.req.query('expires'), c.req.query('sig'), deps.now());
  if (check !== 'ok') {
    throw new ApiError(
      'unauthorized',
      401,
      check === 'expired'
        ? 'This render link has expired. Request the render again for a fresh link.'
        : 'Invalid render link signature. Use the url exactly as the API returned it.',
    );
  }
  const render = await getRender(deps.table, id, { now: deps.now() });
  if (!render || render.format !== ext)
    throw new NotFound(`Render ${id} is gone (deleted or past its retention).`);
  const location = await presignRender(bucketOf(deps), renderKey(render.account_id, render.id, ext));
  // The presigned link lives PRESIGN_SECONDS; let caches keep the redirect for less than that.
  c.header('Cache-Control', `private, max-age=${PRESIGN_SECONDS - 60}`);
  return c.redirect(location, 302);
}
