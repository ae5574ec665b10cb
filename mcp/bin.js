#!/usr/bin/env node
// @ts-check
/**
 * @module mcp/bin
 * The `frameshot-mcp` command: the Frameshot MCP server over stdio (default) or streamable HTTP
 * (`--http`). In stdio mode stdout carries JSON-RPC only; everything else goes to stderr.
 */
import { parseArgs } from 'node:util';
import { Frameshot } from '@frameshot/sdk';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { startHttpServer } from './lib/http.js';
import { createServer } from './lib/server.js';
import { VERSION } from './lib/version.js';

const HELP = `frameshot-mcp ${VERSION} — the Frameshot capture API as MCP tools

Usage:
  frameshot-mcp                    serve over stdio (for Claude Desktop, Cursor, …)
  frameshot-mcp --http [--port 8788] [--host 127.0.0.1]
                                   serve streamable HTTP (stateless) at http://HOST:PORT/mcp;
                                   a request's Authorization: Bearer <key> wins over FRAMESHOT_API_KEY

Tools: capture, raw_screenshot, get_job, sign_capture_url, list_backgrounds, usage

Configuration:
  FRAMESHOT_API_KEY         API key (required for stdio)
  FRAMESHOT_BASE_URL        server (default http://localhost:8787)
  FRAMESHOT_PROJECT_ID      project for sign_capture_url (optional)
  FRAMESHOT_SIGNING_SECRET  its signing secret (optional)
`;

/** @param {string} message */
function fail(message) {
  process.stderr.write(`frameshot-mcp: ${message}\n`);
  process.exit(2);
}

/** @type {ReturnType<typeof parseArgs>['values']} */
let flags = {};
try {
  flags = parseArgs({
    options: {
      http: { type: 'boolean' },
      port: { type: 'string' },
      host: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  }).values;
} catch (err) {
  fail(`${err instanceof Error ? err.message : String(err)} (see frameshot-mcp --help)`);
}

if (flags.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
if (flags.version) {
  process.stdout.write(`${VERSION}\n`);
  process.exit(0);
}

const env = process.env;
const baseUrl = env.FRAMESHOT_BASE_URL || 'http://localhost:8787';
const apiKey = env.FRAMESHOT_API_KEY || undefined;
/** @param {string} line */
const log = (line) => process.stderr.write(`${line}\n`);

if (flags.http) {
  const port = flags.port === undefined ? 8788 : Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail(`--port must be a port number, not ${flags.port}`);
  const host = typeof flags.host === 'string' ? flags.host : '127.0.0.1';
  try {
    const { url } = await startHttpServer({ baseUrl, apiKey, env, port, host, log });
    log(
      `frameshot-mcp ${VERSION}: MCP over HTTP at ${url} (Frameshot ${baseUrl}${apiKey ? '' : ', bearer keys only'})`,
    );
  } catch (err) {
    fail(`cannot listen on ${host}:${port}: ${err instanceof Error ? err.message : String(err)}`);
  }
} else {
  if (!apiKey) fail('FRAMESHOT_API_KEY is not set: give the server an API key (see frameshot-mcp --help)');
  const server = createServer({ client: new Frameshot({ apiKey, baseUrl }), env });
  await server.connect(new StdioServerTransport());
  log(`frameshot-mcp ${VERSION}: MCP over stdio (Frameshot ${baseUrl})`);
}
