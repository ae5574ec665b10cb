#!/usr/bin/env node
// @ts-check
/**
 * @module cli/frameshot
 * The `frameshot` command: dispatches to one module per command under `lib/commands/` and turns
 * any failure into a message on stderr and an exit status (2: the request or the command line
 * was wrong; 1: anything else).
 */
import { describeError, exitCodeOf } from './lib/errors.js';
import { VERSION } from './lib/version.js';

/** Each command's module is loaded only when it runs (auth pulls in puppeteer). */
const COMMANDS = /** @type {Record<string, { summary: string, load: () => Promise<Command> }>} */ ({
  capture: { summary: 'Capture a page and save the image', load: () => import('./lib/commands/capture.js') },
  jobs: {
    summary: 'Check or follow an async capture job (jobs status <id>)',
    load: () => import('./lib/commands/jobs.js'),
  },
  sign: {
    summary: 'Print a signed capture URL for <img src> (offline)',
    load: () => import('./lib/commands/sign.js'),
  },
  login: {
    summary: 'Log in through the browser and save an API key',
    load: () => import('./lib/commands/login.js'),
  },
  status: {
    summary: 'Show your plan, credits and recent usage',
    load: () => import('./lib/commands/status.js'),
  },
  auth: {
    summary: 'Save a logged-in browser session as an auth profile (auth login --url …)',
    load: () => import('./lib/commands/auth.js'),
  },
});

/** @typedef {{ help: string, run(argv: string[], env: NodeJS.ProcessEnv): Promise<unknown> }} Command */

const HELP = `frameshot ${VERSION} — screenshots of web pages, framed and styled, from a Frameshot server

Usage: frameshot <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(9)}${c.summary}`)
  .join('\n')}

Run frameshot <command> --help for a command's options and examples.

Configuration:
  FRAMESHOT_BASE_URL   server (default http://localhost:8787, or the one you logged in to)
  FRAMESHOT_API_KEY    API key (default: the key saved by frameshot login)
  FRAMESHOT_DEBUG=1    print stack traces of unexpected errors

Examples:
  frameshot login --base-url https://shots.example.com
  frameshot capture https://example.com --device macbook-pro-16 --bg sunset -o hero.png
  frameshot capture https://example.com --async -o hero.webp
  frameshot jobs status job_01JT8… --watch
  frameshot sign https://example.com --project prj_01JT8… --secret "$SECRET" --expires-in 30d
  frameshot status`;

/** @param {string[]} argv */
async function main(argv) {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') return void process.stdout.write(`${HELP}\n`);
  if (name === '--version' || name === '-v') return void process.stdout.write(`${VERSION}\n`);
  if (name === 'help') {
    const topic = rest[0] && COMMANDS[rest[0]];
    if (!topic) return void process.stdout.write(`${HELP}\n`);
    return void process.stdout.write(`${(await topic.load()).help}\n`);
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`frameshot: unknown command "${name}"\n\n${HELP}\n`);
    process.exitCode = 2;
    return;
  }
  await (await command.load()).run(rest, process.env);
}

try {
  await main(process.argv.slice(2));
} catch (err) {
  const { code } = /** @type {{ code?: string }} */ (err ?? {});
  // parseArgs throws TypeErrors with a code for unknown or malformed options.
  const usage = code?.startsWith('ERR_PARSE_ARGS');
  process.stderr.write(`${describeError(err, Boolean(process.env.FRAMESHOT_DEBUG)).join('\n')}\n`);
  if (usage) process.stderr.write(`  Run: frameshot ${process.argv[2]} --help\n`);
  process.exitCode = usage ? 2 : exitCodeOf(err);
}
