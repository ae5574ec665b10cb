// @ts-check
/**
 * @module cli/lib/commands/sign
 * `frameshot sign <url> [parameters…] --project prj_… --secret … [--expires-in 7d]`: prints a
 * signed `GET /v1/capture` URL (contract §5) for an `<img src>` in an email or a doc. Offline:
 * no request is sent and no API key is needed.
 */
import { resolveSettings } from '../config.js';
import { UsageError } from '../errors.js';
import { parseCommandLine, queryParams } from '../params.js';
import { canonicalString, parseDuration, queryPairs, signCaptureUrl } from '../sign.js';

export const help = `Usage: frameshot sign <url> [parameters…] --project prj_… --secret <signing secret>
                      [--expires-in 7d | --expires <unix seconds>] [--base-url <url>]

Mints a signed GET /v1/capture URL: anyone holding it gets the image (the request answers 302 to
the render) until it expires, and the project's account is charged (cached renders are free).
Nothing is sent to the server; the secret never leaves this machine.

Parameters: as for frameshot capture (--device iphone-16-pro, --output.format webp, …); they stay
text in the URL. A repeated parameter becomes one comma list (signed URLs refuse repeated keys).

Options:
      --project <prj_…>     the project whose signing secret signs (also --project-id)
      --secret <secret>     the project's signing secret (default: FRAMESHOT_SIGNING_SECRET);
                            GET /v1/projects/{id}/signing-secret shows it
      --expires-in <time>   lifetime: 3600, 90s, 30m, 12h, 7d, 2w (default 7d); the project's
                            signed_url_max_ttl caps it (default 365 days)
      --expires <unix s>    absolute expiry instead
      --base-url <url>      the deployment the URL points at
      --canonical           also print the canonical string that was signed (to stderr)
  -h, --help

Examples:
  frameshot sign https://example.com --device iphone-16-pro --bg sunset \\
    --project prj_01JT8… --secret "$SIGNING_SECRET" --expires-in 30d
  frameshot sign example.com --output.format webp --project prj_01JT8… --expires 1798761600`;

/** @type {import('../params.js').FlagSpecs} */
const FLAGS = {
  project: { type: 'string' },
  'project-id': { type: 'string' },
  project_id: { type: 'string' },
  secret: { type: 'string' },
  'expires-in': { type: 'string' },
  expires: { type: 'string' },
  'base-url': { type: 'string' },
  canonical: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

const DEFAULT_LIFETIME = '7d';

/** @param {string[]} argv @param {NodeJS.ProcessEnv} env */
export async function run(argv, env) {
  const { flags, params, positionals } = parseCommandLine(argv, FLAGS, 'sign');
  if (flags.help) return void process.stdout.write(`${help}\n`);
  const query = queryParams(params);
  if (positionals.length > 1)
    throw new UsageError(`One URL per signed URL; got: ${positionals.join(' ')}`, 'sign');
  if (positionals[0]) {
    if (query.url !== undefined || query.site !== undefined)
      throw new UsageError('Give the URL once', 'sign');
    query.url = positionals[0];
  }
  if (!query.url && !query.site) throw new UsageError('Which page? Usage: frameshot sign <url> …', 'sign');
  for (const reserved of ['expires', 'signature', 'api_key']) {
    if (reserved in query) throw new UsageError(`${reserved} is not a capture parameter here`, 'sign');
  }
  const projectId = String(flags.project ?? flags['project-id'] ?? flags.project_id ?? '');
  if (!/^prj_[A-Za-z0-9]+$/.test(projectId)) throw new UsageError('--project prj_… is required', 'sign');
  const secret = String(flags.secret ?? env.FRAMESHOT_SIGNING_SECRET ?? '');
  if (!secret) throw new UsageError('--secret (or FRAMESHOT_SIGNING_SECRET) is required', 'sign');
  const expires = expiry(flags);

  const { baseUrl } = await resolveSettings(
    { baseUrl: /** @type {string | undefined} */ (flags['base-url']) },
    env,
  );
  const url = signCaptureUrl(baseUrl, query, { projectId, secret, expires });
  if (flags.canonical) {
    const pairs = [...queryPairs(query), ['project_id', projectId], ['expires', String(expires)]];
    process.stderr.write(`${canonicalString(/** @type {Array<[string, string]>} */ (pairs))}\n`);
  }
  process.stdout.write(`${url}\n`);
}

/** @param {Record<string, string | boolean>} flags @returns {number} unix seconds */
function expiry(flags) {
  if (flags.expires !== undefined && flags['expires-in'] !== undefined) {
    throw new UsageError('Give --expires or --expires-in, not both', 'sign');
  }
  if (flags.expires !== undefined) {
    const at = Number(flags.expires);
    if (!Number.isInteger(at) || at <= Date.now() / 1000) {
      throw new UsageError('--expires takes a future time in unix seconds', 'sign');
    }
    return at;
  }
  const lifetime = parseDuration(String(flags['expires-in'] ?? DEFAULT_LIFETIME));
  if (!lifetime) throw new UsageError('--expires-in takes 3600, 90s, 30m, 12h, 7d or 2w', 'sign');
  return Math.floor(Date.now() / 1000) + lifetime;
}
