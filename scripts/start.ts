/**
 * `npm start`: the embedded default — DynamoDB Local, SQS and S3 emulators, the API and a worker
 * loop in one process, state in the data dir. Ctrl-C stops everything.
 */
import './quiet-sdk.ts';
import { serve } from '@hono/node-server';
import { buildApp } from '../lib/app.ts';
import { ConfigError, loadConfig } from '../lib/config.ts';
import { depsFromConfig } from '../lib/deps.ts';
import { ensureLocalIdentity } from '../lib/local/bootstrap.ts';
import { freePort, StackError } from '../lib/local/ports.ts';
import { startLocalStack } from '../lib/local/stack.ts';
import { removeStackFile, writeStackFile } from '../lib/local/stack-file.ts';
import { requeuePendingJobs, startLocalWorkers } from '../lib/local/workers.ts';

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const base = loadConfig();
  const started = Date.now();
  await freePort(base.port).catch(() => {
    throw new StackError(
      `Port ${base.port} is in use: stop the other process, or start on another port (PORT=${base.port + 10} npm start).`,
    );
  });
  say(`frameshot: starting the local stack (state in ${base.dataDir}/) …`);
  const stack = await startLocalStack({ dataDir: base.dataDir, basePort: base.port, env: process.env });
  const stops: Array<() => Promise<unknown>> = [() => stack.stop()];
  const cleanup = async () => {
    removeStackFile(base.dataDir);
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  // A signal often comes twice — Ctrl-C reaches npm, tsx and this process, tsx relays it again,
  // `pkill -f` hits each of them — and the default action of the second would end this process
  // with DynamoDB Local still running: the first one stops everything, the rest wait for it.
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      say('\nframeshot: stopping …');
      void cleanup().then(() => process.exit(0));
    });
  }

  try {
    const config = loadConfig(stack.env);
    const deps = depsFromConfig(config);
    const identity = await ensureLocalIdentity(deps).catch((err: Error) => {
      throw new StackError(
        `The data in ${config.dataDir}/ is unreadable (${err.message}). Move it aside (mv ${config.dataDir} ${config.dataDir}.bak) and start again.`,
      );
    });
    stops.push(() => deps.browser.close());
    const app = buildApp(deps);
    const server = await listen(app.fetch, config.port, config.host);
    stops.push(() => new Promise((resolve) => server.close(resolve)));
    const workers = startLocalWorkers(deps);
    stops.push(() => workers.stop());
    const requeued = await requeuePendingJobs(deps);
    if (requeued)
      say(`frameshot: re-queued ${requeued} pending job${requeued === 1 ? '' : 's'} from the last run`);
    writeStackFile(config.dataDir, stack.env);

    const base = config.publicBaseUrl;
    say(
      `frameshot: ${identity.created ? 'created' : 'using'} local account ${identity.accountId}; key saved in ${config.dataDir}/api-key.json`,
    );
    say('Try it:');
    say(
      `  curl -s -X POST ${base}/v1/capture -H "Authorization: Bearer ${identity.apiKey}" -H "Content-Type: application/json" -d '{"url":"https://example.com","device":"macbook-pro-16"}'`,
    );
    say(
      `frameshot: ready in ${((Date.now() - started) / 1000).toFixed(1)} s on ${base}  (docs: ${base}/docs)`,
    );
  } catch (err) {
    await cleanup();
    throw err;
  }
}

function listen(fetch: Parameters<typeof serve>[0]['fetch'], port: number, hostname: string) {
  return new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const server = serve({ fetch, port, hostname }, () => resolve(server));
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new StackError(
              `Port ${port} is in use: stop the other process, or start on another port (PORT=${port + 10} npm start).`,
            )
          : err,
      );
    });
  });
}

main().catch((err: unknown) => {
  const known = err instanceof StackError || err instanceof ConfigError;
  process.stderr.write(`frameshot: ${known ? (err as Error).message : (err as Error).stack}\n`);
  process.exit(1);
});
