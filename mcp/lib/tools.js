// @ts-check
/**
 * @module mcp/lib/tools
 * The six tools: their names, the descriptions an agent chooses by, input schemas taken from the
 * API's OpenAPI document, and what each one does with a Frameshot client.
 */
import { signCaptureUrl } from '@frameshot/sdk';
import { jsonResult, renderResult } from './results.js';
import { queryParams, requestBody } from './schemas.js';

/**
 * @typedef {object} ToolContext
 * @property {import('@frameshot/sdk').Frameshot} client
 * @property {NodeJS.ProcessEnv} env for the signing project and secret
 * @property {typeof fetch} [fetch] downloads renders
 */
/**
 * @typedef {object} Tool
 * @property {string} name
 * @property {string} description
 * @property {Record<string, any>} inputSchema
 * @property {(args: Record<string, any>, ctx: ToolContext) => Promise<import('./results.js').CallToolResult>} run
 */

const captureSchema = requestBody('post', '/v1/capture');
const rawSchema = requestBody('post', '/v1/raw');

/** The capture parameters without the ones that make no sense from a tool (it always waits for JSON). */
const TRANSPORT_FIELDS = ['async', 'async_fallback', 'webhook_url', 'response_type'];

/** @param {Record<string, any>} schema @returns {Record<string, any>} */
function forTool(schema) {
  const properties = { ...schema.properties };
  for (const name of TRANSPORT_FIELDS) delete properties[name];
  return { ...schema, type: 'object', properties };
}

/** @param {string} id */
const jobOrRenderId = (id) => ({ type: 'string', minLength: 1, description: id });

/** @type {Tool[]} */
export const TOOLS = [
  {
    name: 'capture',
    description:
      'Screenshot a web page (url) or an HTML document (html) in headless Chromium and compose it into a styled image: ' +
      'a device frame (device: iphone-16-pro, macbook-pro-16, ipad-pro-m4, browser-macos, browser-windows), ' +
      'a background (background_preset such as "sunset", or a catalogue reference from list_backgrounds as background), ' +
      'padding, shadow, 3D camera, title text, and the output (output: { format: "png"|"webp"|"jpg"|"avif" }). ' +
      'Returns the image and JSON with its signed url, size and credits_used. Costs 3 credits; full_page or element +1, ' +
      'ai_style +2, ai_copy +1, ai_brand +2, prompt +1; a cached identical render and test keys cost 0. ' +
      'Typical: { "url": "https://example.com", "device": "macbook-pro-16", "background_preset": "sunset" }.',
    inputSchema: forTool(captureSchema),
    run: async (args, ctx) => renderResult(await ctx.client.capture(/** @type {any} */ (args)), ctx.fetch),
  },
  {
    name: 'raw_screenshot',
    description:
      'Unstyled screenshot of a web page or HTML document: the pixels of the viewport, the whole page (full_page: true) ' +
      'or one element (selector), with no frame, background or text; device only emulates that device. ' +
      'Costs 1 credit (full_page or element +1; cached renders and test keys 0). ' +
      'Typical: { "url": "https://example.com", "viewport": { "width": 1280, "height": 800 }, "full_page": true }.',
    inputSchema: forTool(rawSchema),
    run: async (args, ctx) => renderResult(await ctx.client.raw(/** @type {any} */ (args)), ctx.fetch),
  },
  {
    name: 'get_job',
    description:
      'Status of an async capture job (job_…): pending, processing, completed (with result: the render) or failed ' +
      '(with error). Free. The capture tools already wait for their jobs; use this for jobs started elsewhere.',
    inputSchema: { type: 'object', properties: { id: jobOrRenderId('The job id, job_…') }, required: ['id'] },
    run: async (args, ctx) => jsonResult(await ctx.client.jobs.get(String(args.id))),
  },
  {
    name: 'sign_capture_url',
    description:
      'Make a signed GET /v1/capture URL for a page, usable as <img src> in a README, email or doc: whoever opens it ' +
      'gets the image, rendered on first use (credits charged to the project owner then, cached after). Offline, free. ' +
      'Needs a project id (prj_…) and its signing secret (fss_…), from the input or FRAMESHOT_PROJECT_ID / ' +
      'FRAMESHOT_SIGNING_SECRET. Typical: { "params": { "url": "https://example.com", "device": "iphone-16-pro" }, "expires_in": 86400 }.',
    inputSchema: {
      type: 'object',
      properties: {
        params: { ...forTool(captureSchema), description: 'Capture parameters, as for the capture tool' },
        project_id: {
          type: 'string',
          description: 'The project whose secret signs (default FRAMESHOT_PROJECT_ID)',
        },
        signing_secret: {
          type: 'string',
          description: 'The project signing secret (default FRAMESHOT_SIGNING_SECRET)',
        },
        expires_in: {
          type: 'integer',
          minimum: 1,
          description: 'Lifetime in seconds (default 7 days; the project may cap it)',
        },
      },
      required: ['params'],
    },
    run: async (args, ctx) => {
      const projectId = args.project_id ?? ctx.env.FRAMESHOT_PROJECT_ID;
      const secret = args.signing_secret ?? ctx.env.FRAMESHOT_SIGNING_SECRET;
      if (!projectId || !secret) {
        throw new Error(
          'sign_capture_url needs project_id and signing_secret (in the input, or FRAMESHOT_PROJECT_ID and FRAMESHOT_SIGNING_SECRET in the server env)',
        );
      }
      const url = signCaptureUrl({
        baseUrl: ctx.client.baseUrl,
        projectId,
        secret,
        params: args.params,
        ...(args.expires_in ? { expiresIn: args.expires_in } : {}),
      });
      return { content: [{ type: 'text', text: url }] };
    },
  },
  {
    name: 'list_backgrounds',
    description:
      'Find backgrounds for the capture tool: the gradient presets (pass name as background_preset) and a page of ' +
      'the catalogue (pass reference as background). Filter with q, theme, pack, tags. Free.',
    inputSchema: queryParams('get', '/v1/backgrounds'),
    run: async (args, ctx) => {
      const list = await ctx.client.backgrounds.list(/** @type {any} */ (args));
      return jsonResult({
        presets: list.presets.map((p) => ({ name: p.name, theme: p.theme })),
        backgrounds: list.backgrounds.map((b) => ({
          reference: b.background,
          name: b.name,
          theme: b.theme,
          tags: b.tags,
        })),
        total: list.total,
        limit: list.limit,
        offset: list.offset,
      });
    },
  },
  {
    name: 'usage',
    description:
      'The account: plan, credits remaining and per month, renders and credits of the last 30 days. Free.',
    inputSchema: { type: 'object', properties: {} },
    run: async (_args, ctx) => jsonResult(await ctx.client.usage()),
  },
];
