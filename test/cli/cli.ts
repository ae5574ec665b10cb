/**
 * @module test/cli/cli
 * Drives the real `frameshot` command as a child process (clean environment, its own config
 * dir) against a real in-process Frameshot server on a free port.
 */
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { buildApp } from '../../lib/app.ts';
import type { Deps } from '../../lib/deps.ts';
import { captureDeps, type TestApp } from '../helpers/stack.ts';

const BIN = fileURLToPath(new URL('../../cli/frameshot.js', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Written to the command's stdin, which is then closed. */
  input?: string;
  /** Called with everything written to stderr so far, as it arrives. */
  onStderr?: (soFar: string) => void;
}

/** A fresh directory for a command's files and config. */
export const tempDir = () => mkdtemp(join(tmpdir(), 'frameshot-cli-'));

/** Runs `node bin/frameshot.js …args` and resolves with its exit code and output (never rejects). */
export function runCli(args: string[], options: CliOptions = {}): Promise<CliRun> {
  const env = Object.fromEntries(
    Object.entries({ PATH: process.env.PATH, HOME: tmpdir(), ...options.env }).filter(
      ([, v]) => v !== undefined,
    ),
  ) as Record<string, string>;
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: options.cwd, env, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    let soFar = '';
    child.stderr?.on('data', (chunk) => {
      soFar += chunk;
      options.onStderr?.(soFar);
    });
    child.stdin?.end(options.input ?? '');
  });
}

export interface ApiServer {
  baseUrl: string;
  deps: Deps;
  app: TestApp;
  close(): Promise<void>;
}

/**
 * The Frameshot app served over HTTP on 127.0.0.1. Render URLs must point back at this server,
 * so the port is known before the app (and its public base URL) is built.
 */
export async function startApiServer(extra: Record<string, string> = {}): Promise<ApiServer> {
  let app: TestApp | undefined;
  const server = await new Promise<http.Server>((resolve) => {
    // The env carries the socket, so per-address limits count this client as 127.0.0.1.
    const s = serve({ fetch: (req, env) => app!.fetch(req, env), port: 0, hostname: '127.0.0.1' }, () =>
      resolve(s as http.Server),
    );
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const deps = captureDeps({ FRAMESHOT_PUBLIC_BASE_URL: baseUrl, ...extra });
  app = buildApp(deps);
  return {
    baseUrl,
    deps,
    app,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await deps.browser.close();
    },
  };
}

export interface FakeRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}
type FakeRoute = (req: FakeRequest) => { status: number; body: unknown };

/** A tiny JSON server answering `"METHOD /path"` routes, for routes the real app does not have yet. */
export async function startFakeApi(routes: Record<string, FakeRoute>) {
  const requests: FakeRequest[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => {
      raw += c;
    });
    req.on('end', () => {
      const request = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        body: raw ? JSON.parse(raw) : undefined,
      };
      requests.push(request);
      const route = routes[`${request.method} ${request.path}`];
      const { status, body } = route
        ? route(request)
        : { status: 404, body: { error: { code: 'not_found', message: `No route ${request.path}` } } };
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise((r) => server.close(r)),
  };
}
