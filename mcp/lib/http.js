// @ts-check
/**
 * @module mcp/lib/http
 * The streamable HTTP transport, stateless: every POST to `/mcp` gets a fresh server and
 * transport, and its own Frameshot client — the request's `Authorization: Bearer` key when it
 * has one, else the server's — so one process can serve several users.
 */
import http from 'node:http';
import { Frameshot } from '@frameshot/sdk';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { createServer } from './server.js';

export const MCP_PATH = '/mcp';

/**
 * @typedef {object} HttpOptions
 * @property {string} baseUrl the Frameshot server
 * @property {string} [apiKey] used when a request brings no bearer key
 * @property {NodeJS.ProcessEnv} env
 * @property {number} [port] default 8788
 * @property {string} [host] default 127.0.0.1: anyone reaching the port spends the default key
 * @property {(line: string) => void} [log]
 */

/**
 * Starts listening; resolves to the node server and the URL it answers at.
 * @param {HttpOptions} options
 * @returns {Promise<{ server: http.Server, url: string }>}
 */
export async function startHttpServer({
  baseUrl,
  apiKey,
  env,
  port = 8788,
  host = '127.0.0.1',
  log = () => {},
}) {
  const server = http.createServer(async function handleMcpRequest(req, res) {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== MCP_PATH) return sendJsonRpcError(res, 404, `Not found: the MCP endpoint is ${MCP_PATH}`);
    // Stateless: no sessions to resume or stream to, so only POST carries messages.
    if (req.method !== 'POST') return sendJsonRpcError(res, 405, 'Method not allowed: POST JSON-RPC to /mcp');
    const key = bearerOf(req.headers.authorization) ?? apiKey;
    if (!key) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="frameshot"');
      return sendJsonRpcError(
        res,
        401,
        'Send Authorization: Bearer <Frameshot API key>, or start the server with FRAMESHOT_API_KEY',
      );
    }
    const mcp = createServer({ client: new Frameshot({ apiKey: key, baseUrl }), env });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      void transport.close();
      void mcp.close();
    });
    try {
      await mcp.connect(transport);
      await transport.handleRequest(req, res);
    } catch (err) {
      log(`frameshot-mcp: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) sendJsonRpcError(res, 500, 'Internal server error');
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(undefined));
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { server, url: `http://${shownHost}:${address.port}${MCP_PATH}` };
}

/** @param {string | undefined} header */
function bearerOf(header) {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/**
 * @param {http.ServerResponse} res
 * @param {number} status
 * @param {string} message
 */
function sendJsonRpcError(res, status, message) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}
