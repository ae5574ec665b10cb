// @ts-check
/**
 * @module cli/lib/commands/jobs
 * `frameshot jobs status <id> [--watch] [--json] [-o file]`: look at an async job once, or follow
 * it to the end (honouring `Retry-After`) and download its render.
 */
import { parseArgs } from 'node:util';
import { createClient } from '../api.js';
import { requireKey, resolveSettings } from '../config.js';
import { UsageError } from '../errors.js';
import { checkJobId, describeJob, jobResult, watchJob } from '../jobs.js';
import { startProgress } from '../progress.js';
import { saveRender } from '../render.js';

export const help = `Usage: frameshot jobs status <job_id> [--watch] [--json] [-o file]

Shows an async job (created with frameshot capture --async). With --watch, follows it until it
completes or fails, showing each stage (queued, rendering, composing, storing, done) and polling
as often as the server's Retry-After says. -o waits the same way and downloads the render.

Options:
  -w, --watch            wait until the job is finished
  -o, --output <file>    download the render there (implies --watch; - writes to stdout)
      --json             print the job's JSON (with -o: the result plus "file")
      --timeout <s>      give up waiting after this long (default 900)
      --base-url <url>   server
  -q, --quiet            no progress on stderr
  -h, --help

Examples:
  frameshot jobs status job_01JT8…
  frameshot jobs status job_01JT8… --watch
  frameshot jobs status job_01JT8… -o shot.png

Exit status: 0 pending or completed, 2 the job failed for a reason of the request (e.g.
capture_failed) or was not found, 1 otherwise.`;

/** @param {string[]} argv @param {NodeJS.ProcessEnv} env */
export async function run(argv, env) {
  const [sub, ...rest] = argv;
  if (!sub || sub === '--help' || sub === '-h' || sub === 'help')
    return void process.stdout.write(`${help}\n`);
  if (sub !== 'status')
    throw new UsageError(`Unknown jobs command "${sub}". Try: frameshot jobs status <id>`, 'jobs');
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      watch: { type: 'boolean', short: 'w' },
      output: { type: 'string', short: 'o' },
      json: { type: 'boolean' },
      timeout: { type: 'string' },
      'base-url': { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return void process.stdout.write(`${help}\n`);
  const [id, ...extra] = positionals;
  if (!id || extra.length) throw new UsageError('Usage: frameshot jobs status <job_id>', 'jobs');
  checkJobId(id);
  if (values.output === '-' && values.json)
    throw new UsageError('-o - and --json would both write to stdout', 'jobs');
  const timeoutS = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeoutS !== undefined && !(timeoutS > 0)) throw new UsageError('--timeout takes seconds', 'jobs');

  const settings = await resolveSettings({ baseUrl: values['base-url'] }, env);
  const apiKey = requireKey(settings);
  const watch = Boolean(values.watch || values.output);
  const progress = startProgress(`Checking ${id}`, { quiet: Boolean(values.quiet || !watch) });
  const client = createClient({ baseUrl: settings.baseUrl, apiKey, onRetry: progress.note });
  try {
    const job = watch ? await watchJob(client, id, { progress, timeoutS }) : await client.jobs.get(id);
    if (values.output) {
      const options = {
        out: values.output,
        pageUrl: 'capture',
        json: values.json,
        progress,
        extra: { job_id: id },
      };
      return await saveRender(jobResult(job), options);
    }
    progress.stop(`${job.status} after ${progress.elapsed()}`);
    if (values.json) process.stdout.write(`${JSON.stringify(job, null, 2)}\n`);
    else if (job.status !== 'failed') {
      process.stdout.write(`${describeJob(job)}\n${job.result ? `${job.result.url}\n` : ''}`);
    }
    if (job.status === 'failed') jobResult(job);
  } finally {
    progress.stop();
  }
}
