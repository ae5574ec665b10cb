/**
 * @module http/routes/renders
 * `GET /v1/renders`, `GET|DELETE /v1/renders/{id}` (scope `renders`) and the public, signed
 * `GET /r/{id}.{ext}` that redirects to a fresh presigned S3 URL (contract §6).
 */
import type { Context, MiddlewareHandler } from 'hono';
import * as v from 'valibot';
import { deleteRender, PRESIGN_SECONDS, presignRender, renderKey } from '../../blobs/renders.ts';
import { renderView } from '../../captures/respond.ts';
import { RENDER_CONTENT_TYPES } from '../../compose/encode.ts';
import type { Deps } from '../../deps.ts';
import { ApiError, NotFound } from '../../errors.ts';
import { hasPrefix } from '../../ids.ts';
import { int } from '../../schemas/fields.ts';
import { RenderView } from '../../schemas/response.ts';
import type { RenderLinks } from '../../signing/render-url.ts';
import { verifyRenderUrl } from '../../signing/render-url.ts';
import {
  deleteRenderRecord,
  getRender,
  listRenders,
  type Render as StoredRender,
} from '../../store/renders.ts';
import type { AppEnv } from '../env.ts';
import { named } from '../openapi.ts';
import { deleted, IDS, RENDER } from '../openapi-examples.ts';
import { createRouter, type Operation, type Registry } from '../router.ts';
import { validate } from '../validate.ts';
import { Deleted } from '../views.ts';

const ListQuery = v.object({
  limit: v.optional(
    v.pipe(
      v.string(),
      v.description('Renders per page, 1–100 (default 20)'),
      v.transform(Number),
      int('limit', 1, 100),
    ),
    '20',
  ),
  cursor: v.optional(
    v.pipe(
      v.string(),
      v.description('The `next_cursor` of the previous page; absent for the first page'),
      v.check((s) => hasPrefix(s, 'cap'), 'Invalid cursor. Pass the next_cursor of the previous page'),
    ),
  ),
});

const Render = named('Render', RenderView, 'A stored render (§6)');
const RenderList = named(
  'RenderList',
  v.object({
    data: v.pipe(v.array(Render), v.description('Renders, newest first')),
    next_cursor: v.pipe(
      v.nullable(v.string()),
      v.description('Pass as `cursor` for the next page; null on the last page'),
    ),
  }),
);
const notFound = (id: string) => new NotFound(`No render ${id}`);

const OPERATIONS = {
  list: {
    operationId: 'listRenders',
    method: 'get',
    path: '',
    summary: 'List renders, newest first',
    description:
      'The account’s renders that have not expired, newest first, a page at a time: pass `next_cursor` as `cursor` until it is null.',
    scope: 'renders',
    query: ListQuery,
    example: { limit: '20' },
    responses: {
      200: {
        description: 'A page of renders',
        schema: RenderList,
        example: { data: [RENDER], next_cursor: null },
      },
    },
  },
  get: {
    operationId: 'getRender',
    method: 'get',
    path: '/{id}',
    summary: 'Get a render',
    description: 'One render of the account, with a fresh signed `url`. Another account’s render is 404.',
    scope: 'renders',
    responses: { 200: { description: 'The render', schema: Render, example: RENDER } },
  },
  remove: {
    operationId: 'deleteRender',
    method: 'delete',
    path: '/{id}',
    summary: 'Delete a render and its image',
    description: 'Deletes the stored image and the record; its links answer 404 from then on.',
    scope: 'renders',
    responses: { 200: { description: 'Deleted', schema: Deleted, example: deleted(IDS.render) } },
  },
  file: {
    operationId: 'getRenderFile',
    method: 'get',
    path: '/{file}',
    summary: 'Open a render link',
    description: `The render \`url\` as the API returns it: \`/r/{cap_id}.{ext}?expires=…&sig=…\`, signed with the deployment’s render secret and valid for the render’s retention. Checks the signature and answers 302 to a fresh presigned S3 URL that lives ${PRESIGN_SECONDS} s (so links never die with rotating credentials), with \`Cache-Control\` set. A bad or expired signature is 401; a deleted or expired render 404.`,
    signature: 'render-link',
    responses: {
      302: {
        description: 'Location is a short-lived presigned URL of the image',
        headers: ['Location', 'Cache-Control'],
      },
      401: {
        description: 'unauthorized: the link’s signature is wrong, or it has expired',
        codes: { unauthorized: 'This render link has expired. Request the render again for a fresh link.' },
      },
      404: {
        description: 'not_found: no such render (deleted or past its retention)',
        codes: { not_found: `Render ${IDS.render} is gone (deleted or past its retention).` },
      },
    },
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
  const files = createRouter({ registry, mount: '/r', tag: 'Renders', account: [] });
  files.on(OPERATIONS.file, (c) => redirectToFile(deps, urls, c));

  return { api: router.app, files: files.app };
}

const bucketOf = (deps: Deps) => ({ s3: deps.aws.s3, name: deps.config.bucket });

async function owned(deps: Deps, accountId: string, id: string): Promise<StoredRender> {
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

/** A render link's file name: the render id and any format a render is stored in. */
const RENDER_FILE = new RegExp(
  `^(cap_[0-9A-HJKMNP-TV-Z]{26})\\.(${Object.keys(RENDER_CONTENT_TYPES).join('|')})$`,
);

/** `GET /r/{id}.{ext}`: check the link's signature, then 302 to a fresh presigned S3 URL. */
async function redirectToFile(deps: Deps, urls: RenderLinks, c: Context<AppEnv>) {
  const match = RENDER_FILE.exec(c.req.param('file')!);
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
