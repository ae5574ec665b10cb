/**
 * @module test/helpers/fake-model
 * A local OpenAI-compatible model endpoint for tests: `POST /v1/chat/completions` on 127.0.0.1 at a
 * random port, answering whatever the test scripts with `reply(fn)` and logging every request.
 * Until a reply is scripted it answers 500, so a test never passes on an answer it did not choose.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What a chat completion request holds (as the client sent it: nothing here is checked). */
export interface ChatRequest {
  model: string;
  messages: { role: string; content: string }[];
  temperature?: number;
  response_format?: { type: string };
}

export interface FakeModelRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The body as sent. */
  text: string;
  /** The body parsed (`{}` when it is not JSON; such a request is answered 400). */
  body: ChatRequest;
}

export interface FakeReply {
  /** HTTP status; 200 unless given. */
  status?: number;
  /** The assistant message content, wrapped in a chat completion (on a non-2xx, the error message). */
  content?: string;
  /** The whole response body instead of a chat completion, sent as is. */
  raw?: string;
  /** How long to wait before answering. */
  delayMs?: number;
}

export interface FakeModel {
  /** `http://127.0.0.1:<port>/v1` — what `ModelConfig.baseUrl` takes. */
  baseUrl: string;
  requests: FakeModelRequest[];
  /** Scripts the answer to every following request, from its parsed body. */
  reply(fn: (body: ChatRequest) => FakeReply | Promise<FakeReply>): void;
  close(): Promise<void>;
}

export async function startFakeModel(): Promise<FakeModel> {
  const requests: FakeModelRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let script: (body: ChatRequest) => FakeReply | Promise<FakeReply> = () => ({
    status: 500,
    content: 'no reply scripted',
  });

  const server = http.createServer(async (req, res) => {
    const text = await readBody(req);
    const parsed = parseJson(text);
    const body = (parsed ?? {}) as ChatRequest;
    requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, text, body });
    if (req.method !== 'POST' || req.url?.split('?')[0] !== '/v1/chat/completions') {
      return send(res, 404, errorBody(`no route ${req.method} ${req.url}`));
    }
    if (parsed === undefined) return send(res, 400, errorBody('the body is not JSON'));
    const r = await script(body);
    if (r.delayMs) await sleep(r.delayMs, timers);
    const status = r.status ?? 200;
    const out = r.raw ?? (status < 300 ? completion(body, r.content ?? '{}') : errorBody(r.content));
    send(res, status, out);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    reply(fn) {
      script = fn;
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function completion(body: ChatRequest, content: string): string {
  return JSON.stringify({
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: body.model ?? 'fake',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
  });
}

function errorBody(message = 'scripted failure'): string {
  return JSON.stringify({ error: { message, type: 'server_error' } });
}

/** Answers unless the client has gone (a request it aborted on its timeout). */
function send(res: http.ServerResponse, status: number, body: string) {
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(status, { 'content-type': 'application/json' }).end(body);
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The parsed JSON, or undefined when it is not JSON (answered 400 by the caller). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function sleep(ms: number, timers: Set<NodeJS.Timeout>): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      timers.delete(t);
      resolve();
    }, ms);
    timers.add(t);
  });
}
