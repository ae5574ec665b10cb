// @ts-check
/**
 * @module cli/lib/commands/capture
 * `frameshot capture <url> [--param value …] [-o file] [--raw] [--async] [--json]`:
 * `client.capture` (or `raw`) of the SDK, wait with a progress display, save the render.
 */
import { createClient } from '../api.js';
import { requireKey, resolveSettings } from '../config.js';
import { UsageError } from '../errors.js';
import { jobResult, watchJob } from '../jobs.js';
import { captureBody, parseCommandLine } from '../params.js';
import { startProgress } from '../progress.js';
import { formatOfFile, hostOf, saveRender } from '../render.js';

/**
 * @import { CaptureRequest } from '@frameshot/sdk'
 * @import { FlagSpecs } from '../params.js'
 */

export const help = `Usage: frameshot capture <url> [parameters…] [options]

Captures <url> with POST /v1/capture (a styled render) or /v1/raw (--raw), shows progress on
stderr while it waits, saves the image and prints its path.

Parameters: any capture parameter of the API as --name value.
  --device iphone-16-pro      --bg sunset (background_preset)   --full-page
  --output.format webp        --viewport.width 1280             (dots nest)
  --block ads --block trackers  or  --block ads,trackers          (lists)
  --shadow-blur 40            (dashes or underscores)           --no-fresh (false)
  true/false and numbers are sent as JSON booleans and numbers, except for text
  parameters (title, selector, colours, ids, …).

Options:
  -o, --output <file>     where to save (default: <host>-<cap id>.<format> here; a directory
                          gets that name inside it; - writes to stdout). Its extension sets
                          output.format when that is not given.
      --raw               unstyled screenshot (/v1/raw, 1 credit)
      --async             queue the capture and print the job id; with -o, wait and download
      --json              print the API's JSON (plus "file") instead of the path
      --timeout <s>       with --async -o, how long to wait for the job (default 900)
      --idempotency-key <k>  send an Idempotency-Key header
      --base-url <url>    server (default: FRAMESHOT_BASE_URL, the login, http://localhost:8787)
  -q, --quiet             no progress on stderr
  -h, --help

Examples:
  frameshot capture https://example.com -o hero.png
  frameshot capture example.com --device iphone-16-pro --bg ocean --output.format webp
  frameshot capture https://example.com --raw --full-page -o page.png
  frameshot capture https://example.com --async
  frameshot capture https://example.com --async -o shot.png --json

Exit status: 0 saved, 2 the request was refused (4xx) or the command line is wrong, 1 otherwise.`;

/** @type {FlagSpecs} */
const FLAGS = {
  output: { type: 'string', short: 'o' },
  raw: { type: 'boolean' },
  async: { type: 'boolean' },
  json: { type: 'boolean' },
  timeout: { type: 'string' },
  'idempotency-key': { type: 'string' },
  'base-url': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
};

/** @param {string[]} argv @param {NodeJS.ProcessEnv} env */
export async function run(argv, env) {
  const { flags, params, positionals } = parseCommandLine(argv, FLAGS, 'capture');
  if (flags.help) return void process.stdout.write(`${help}\n`);
  if (positionals.length > 1)
    throw new UsageError(`One URL per capture; got: ${positionals.join(' ')}`, 'capture');
  const body = captureBody(params);
  if (positionals[0]) {
    if (body.url !== undefined || body.site !== undefined)
      throw new UsageError('Give the URL once', 'capture');
    body.url = positionals[0];
  }
  const pageUrl = String(body.url ?? body.site ?? '');
  if (!pageUrl) throw new UsageError('Which page? Usage: frameshot capture <url>', 'capture');
  const out = /** @type {string | undefined} */ (flags.output);
  if (out === '-' && flags.json)
    throw new UsageError('-o - and --json would both write to stdout', 'capture');
  const fileFormat = out && out !== '-' ? formatOfFile(out) : undefined;
  const output = /** @type {Record<string, unknown>} */ (body.output ?? {});
  if (fileFormat && output.format === undefined) body.output = { ...output, format: fileFormat };
  else if (fileFormat && output.format !== fileFormat) {
    process.stderr.write(`warning: ${out} will hold ${output.format} data (output.format)\n`);
  }
  if (flags.async) body.async = true;
  const timeoutS = flags.timeout === undefined ? undefined : Number(flags.timeout);
  if (timeoutS !== undefined && !(timeoutS > 0)) throw new UsageError('--timeout takes seconds', 'capture');

  const settings = await resolveSettings(
    { baseUrl: /** @type {string | undefined} */ (flags['base-url']) },
    env,
  );
  const apiKey = requireKey(settings);
  const progress = startProgress(`Capturing ${hostOf(pageUrl)}${flags.raw ? ' (raw)' : ''}`, {
    quiet: Boolean(flags.quiet),
  });
  const client = createClient({ baseUrl: settings.baseUrl, apiKey, onRetry: progress.note });
  const options = {
    wait: /** @type {const} */ (false),
    idempotencyKey: /** @type {string | undefined} */ (flags['idempotency-key']),
  };
  try {
    const params = /** @type {CaptureRequest} */ (body);
    const answer = await (flags.raw ? client.raw(params, options) : client.capture(params, options));
    if (!('job_id' in answer)) {
      return await saveRender(answer, { out, pageUrl, json: Boolean(flags.json), progress });
    }
    const jobId = answer.job_id;
    if (!out) {
      progress.stop(`Queued. Follow it with: frameshot jobs status ${jobId} --watch`);
      process.stdout.write(flags.json ? `${JSON.stringify(answer, null, 2)}\n` : `${jobId}\n`);
      return;
    }
    progress.note(`Queued ${jobId}`);
    process.once('SIGINT', () => {
      progress.stop(
        `Stopped waiting; ${jobId} keeps running. Resume with: frameshot jobs status ${jobId} -o ${out}`,
      );
      process.exit(130);
    });
    const job = await watchJob(client, jobId, { progress, timeoutS });
    return await saveRender(jobResult(job), {
      out,
      pageUrl,
      json: Boolean(flags.json),
      progress,
      extra: { job_id: jobId },
    });
  } finally {
    progress.stop();
  }
}
