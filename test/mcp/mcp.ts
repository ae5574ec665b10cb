/**
 * @module test/mcp/mcp
 * MCP clients of the real `frameshot-mcp` command: over stdio (the command as a child process)
 * and over streamable HTTP (the command started with `--http`), with the MCP SDK's own client.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

export const BIN = fileURLToPath(new URL('../../mcp/bin.js', import.meta.url));

/** The environment the command gets: PATH and the given variables, nothing inherited by accident. */
const childEnv = (env: Record<string, string>) => ({ PATH: process.env.PATH ?? '', ...env });

/** A client connected to `node mcp/bin.js` over stdio; `stderr` collects what the server logged. */
export async function stdioClient(env: Record<string, string>) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN],
    env: childEnv(env),
    stderr: 'pipe',
  });
  const log = { stderr: '' };
  transport.stderr?.on('data', (chunk) => {
    log.stderr += String(chunk);
  });
  const client = new Client({ name: 'frameshot-test', version: '0.0.0' });
  await client.connect(transport);
  return { client, log };
}

/** Starts `node mcp/bin.js --http --port 0` and resolves with its `/mcp` URL once it listens. */
export async function startHttpMcp(
  env: Record<string, string>,
): Promise<{ url: string; child: ChildProcess; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [BIN, '--http', '--port', '0'], {
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += String(chunk);
      const match = /at (http:\/\/\S+\/mcp)/.exec(stderr);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`frameshot-mcp --http exited ${code}: ${stderr}`)));
  });
  return {
    url,
    child,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A client of the HTTP server, optionally sending its own `Authorization: Bearer` key. */
export async function httpClient(url: string, apiKey?: string) {
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: apiKey ? { headers: { Authorization: `Bearer ${apiKey}` } } : {},
  });
  const client = new Client({ name: 'frameshot-test', version: '0.0.0' });
  await client.connect(transport);
  return client;
}

type Content = { type: string; text?: string; data?: string; mimeType?: string };

/** The content items of a tool result, typed loosely for assertions. */
export const contentOf = (result: unknown) => (result as { content: Content[] }).content;

/** The first text item, parsed as JSON when it is JSON. */
export function textOf(result: unknown): string {
  return contentOf(result).find((c) => c.type === 'text')?.text ?? '';
}
