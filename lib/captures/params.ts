/**
 * @module captures/params
 * From what the client sent to the parameters a capture runs with: the project's brand and
 * defaults merged under the request (§7), validated by the shared schema, the auth profile
 * opened and checked against the target's host (§8), `prompt` read into parameters (§10) that
 * sit between the project's and the request's.
 */
import type { CaptureKind } from '../billing/prices.ts';
import type { CaptureSession } from '../capture/types.ts';
import type { Deps } from '../deps.ts';
import { InvalidParams } from '../errors.ts';
import { hasPrefix } from '../ids.ts';
import { hostInDomain } from '../schemas/auth-profile.ts';
import { ANIMATED_FORMATS, CaptureParams, FIELDS, RawParams } from '../schemas/capture.ts';
import { validate } from '../schemas/validate.ts';
import { openAuthProfile } from '../store/auth-profiles.ts';
import { getProject, type Project } from '../store/projects.ts';
import { brandParams, mergeLayers } from './merge.ts';
import { type PromptDecision, readPromptParams } from './prompt.ts';
import { profileCacheScope, sessionFromProfile } from './session.ts';

export const SCHEMAS = { capture: CaptureParams, raw: RawParams } as const;

export interface ResolvedParams {
  params: CaptureParams | RawParams;
  /**
   * The top-level parameters someone chose — the request, the prompt, the project's defaults or
   * brand — as opposed to the schema's defaults. AI styling never overrides these.
   */
  explicit: string[];
  /** What `prompt` was read as. */
  prompt?: PromptDecision;
  project?: Project;
  session?: { data: CaptureSession; cacheScope: string };
  warnings: string[];
}

/** Every name an endpoint takes: its schema's fields and the aliases. */
const KNOWN = {
  capture: new Set<string>([...FIELDS.capture, 'site', 'bg']),
  raw: new Set<string>([...FIELDS.raw, 'site', 'bg']),
};

/** `site` is `url` and `bg` is `background_preset` (§3), in bodies and queries alike. */
function withAliases(body: Record<string, unknown>): Record<string, unknown> {
  const { site, bg, ...rest } = body;
  return {
    ...(site !== undefined && rest.url === undefined ? { url: site } : {}),
    ...(bg !== undefined && rest.background_preset === undefined ? { background_preset: bg } : {}),
    ...rest,
  };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export async function resolveParams(
  deps: Deps,
  input: { kind: CaptureKind; accountId: string; body: unknown },
): Promise<ResolvedParams> {
  const { kind, accountId, body } = input;
  const warnings = isObject(body)
    ? Object.keys(body)
        .filter((k) => !KNOWN[kind].has(k))
        .map((k) => `Unknown parameter "${k}" was ignored`)
    : [];
  const request = isObject(body) ? withAliases(body) : body;
  if (kind === 'capture' && isObject(request)) refuseRawOnly(request);

  const projectId =
    isObject(request) && typeof request.project_id === 'string' ? request.project_id : undefined;
  const project =
    projectId && hasPrefix(projectId, 'prj') ? await getProject(deps.table, projectId, accountId) : undefined;
  if (projectId && !project) {
    throw new InvalidParams(
      `Unknown project_id ${projectId}. Use the id of one of your projects (GET /v1/projects).`,
      [{ path: 'project_id', message: 'Unknown project' }],
    );
  }
  const layers = project ? [brandParams(project.brand), project.defaults] : [];
  let merged = withAnimatedFormat(mergeLayers(...layers, request), request);
  let params = validate(SCHEMAS[kind], merged);
  let prompt: PromptDecision | undefined;
  if ('prompt' in params && params.prompt) {
    prompt = await readPromptParams(deps, params.prompt);
    // The prompt sits between the project and the request: what the request says still wins.
    merged = withAnimatedFormat(mergeLayers(...layers, prompt.params, request), request);
    params = validate(SCHEMAS[kind], merged);
    warnings.push(...prompt.warnings);
  }

  const session = params.auth_profile_id ? await openProfileFor(deps, params, accountId) : undefined;
  return {
    params,
    explicit: isObject(merged) ? Object.keys(merged).sort() : [],
    ...(prompt ? { prompt } : {}),
    ...(project ? { project } : {}),
    ...(session ? { session } : {}),
    warnings,
  };
}

/**
 * §14: an animation the request gives no `output.format` is an animated WebP — over the schema's
 * `png` and over a project default meant for stills (a `gif` default is kept).
 */
function withAnimatedFormat(merged: unknown, request: unknown): unknown {
  if (!isObject(merged) || !isObject(merged.animation)) return merged;
  if (isObject(request) && isObject(request.output) && request.output.format !== undefined) return merged;
  if (merged.output !== undefined && !isObject(merged.output)) return merged;
  const output = isObject(merged.output) ? merged.output : {};
  if ((ANIMATED_FORMATS as readonly unknown[]).includes(output.format)) return merged;
  return { ...merged, output: { ...output, format: ANIMATED_FORMATS[0] } };
}

/** §14: a PDF is printed by `/v1/raw`; asking `/v1/capture` for one is a mistake worth naming. */
function refuseRawOnly(request: Record<string, unknown>): void {
  const move = 'PDF output is a /v1/raw feature: send the same body to /v1/raw with output.format "pdf"';
  if ('pdf' in request) throw new InvalidParams(`Invalid pdf. ${move}`, [{ path: 'pdf', message: move }]);
  const output = request.output;
  if (isObject(output) && output.format === 'pdf') {
    throw new InvalidParams(`Invalid output.format. ${move}`, [{ path: 'output.format', message: move }]);
  }
}

/** The request's auth profile, opened and checked against the target's host (§8). */
async function openProfileFor(
  deps: Deps,
  params: { auth_profile_id?: string; url: string },
  accountId: string,
): Promise<NonNullable<ResolvedParams['session']>> {
  const id = params.auth_profile_id!;
  const opened = await openAuthProfile(deps.table, id, accountId, deps.config.encryptionKey);
  if (!opened) {
    throw new InvalidParams(
      `Unknown auth_profile_id ${id}. Use one of your auth profiles (GET /v1/auth-profiles).`,
      [{ path: 'auth_profile_id', message: 'Unknown auth profile' }],
    );
  }
  const { profile } = opened;
  const host = new URL(params.url).hostname;
  if (!hostInDomain(host, profile.domain)) {
    throw new InvalidParams(
      `auth_profile_id ${profile.id} is for ${profile.domain} and its subdomains; ${host} is neither. Capture a page on ${profile.domain} or use another profile.`,
      [{ path: 'auth_profile_id', message: `Profile domain ${profile.domain} does not cover ${host}` }],
    );
  }
  return { data: sessionFromProfile(profile, opened.secrets), cacheScope: profileCacheScope(profile) };
}
