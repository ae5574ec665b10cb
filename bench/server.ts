/**
 * The Frameshot API in its own process for the benchmark and the load test, so its memory (and
 * its Chromium's) is measured apart from the harness: the app on @hono/node-server against the
 * emulators named by the environment, no queue workers. Prints one JSON line `{"port": …}` when
 * it listens; SIGTERM closes the browser and exits.
 */
import '../scripts/quiet-sdk.ts';
import { serve } from '@hono/node-server';
import { buildApp } from '../lib/app.ts';
import { loadConfig } from '../lib/config.ts';
import { depsFromConfig } from '../lib/deps.ts';

const deps = depsFromConfig(loadConfig());
const server = serve({ fetch: buildApp(deps).fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.stdout.write(`${JSON.stringify({ port: info.port })}\n`);
});

process.once('SIGTERM', () => {
  server.close();
  void deps.browser.close().finally(() => process.exit(0));
});
