// @ts-check
/**
 * @module @frameshot/mcp
 * The Frameshot MCP server: the tools of `tools.js` behind the low-level MCP `Server`, so their
 * JSON Schemas (from the API's OpenAPI document) go to the client as they are.
 *
 * @example
 * import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
 * import { Frameshot } from '@frameshot/sdk';
 * import { createServer } from '@frameshot/mcp';
 * const server = createServer({ client: new Frameshot({ apiKey, baseUrl }), env: process.env });
 * await server.connect(new StdioServerTransport());
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { errorResult } from './results.js';
import { TOOLS } from './tools.js';
import { VERSION } from './version.js';

export { TOOLS } from './tools.js';
export { VERSION } from './version.js';

/**
 * @param {import('./tools.js').ToolContext} context
 * @returns {Server}
 */
export function createServer(context) {
  const server = new Server({ name: 'frameshot', version: VERSION }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: TOOLS.map(({ name, description, inputSchema }) => ({
      name,
      description,
      inputSchema: /** @type {any} */ (inputSchema),
    })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const tool = TOOLS.find((t) => t.name === request.params.name);
    if (!tool) return errorResult(new Error(`Unknown tool ${request.params.name}; see tools/list`));
    try {
      return await tool.run(request.params.arguments ?? {}, context);
    } catch (err) {
      return errorResult(err);
    }
  });
  return server;
}
