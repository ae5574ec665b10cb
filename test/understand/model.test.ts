import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type ModelConfig,
  pickElement,
  readPromptWithModel,
  refineCopy,
} from '../../lib/understand/model.ts';
import { type FakeModel, startFakeModel } from '../helpers/fake-model.ts';

let fake: FakeModel;
let cfg: ModelConfig;
let host: string;

beforeAll(async () => {
  fake = await startFakeModel();
  cfg = { baseUrl: fake.baseUrl, model: 'test-model', timeoutMs: 1500 };
  host = new URL(fake.baseUrl).host;
});
afterAll(() => fake.close());
afterEach(() => {
  fake.requests.length = 0;
});

const candidates = [
  { selector: '#pricing', text_excerpt: 'Pricing — Starter $9', score: 0.81 },
  { selector: 'main > section:nth-of-type(3)', text_excerpt: 'Plans and pricing', score: 0.8 },
];
const page = { title: 'Acme — Home', h1: 'Ship faster with Acme', description: 'Deploys in seconds.' };
const answer = (json: unknown) => () => ({ content: JSON.stringify(json) });
const offline = (warning: string) => ({ ok: false, warning });

describe('the request', () => {
  it('posts an OpenAI-compatible chat completion asking for a JSON object', async () => {
    fake.reply(answer({ index: 1 }));
    await pickElement(cfg, 'the pricing table', candidates);
    const [req] = fake.requests;
    expect(req).toMatchObject({ method: 'POST', path: '/v1/chat/completions' });
    expect(req!.headers['content-type']).toBe('application/json');
    const body = req!.body;
    expect(body).toMatchObject({
      model: 'test-model',
      temperature: 0,
      response_format: { type: 'json_object' },
    });
    expect(body.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(JSON.parse(body.messages[1]!.content)).toMatchObject({
      description: 'the pricing table',
      candidates: [{ index: 0, selector: '#pricing' }, { index: 1 }],
    });
  });

  it('sends Authorization only when a key is set', async () => {
    fake.reply(answer({ index: 0 }));
    await pickElement(cfg, 'pricing', candidates);
    await pickElement({ ...cfg, apiKey: 'sk-secret' }, 'pricing', candidates);
    expect(fake.requests[0]!.headers.authorization).toBeUndefined();
    expect(fake.requests[1]!.headers.authorization).toBe('Bearer sk-secret');
  });
});

describe('pickElement', () => {
  it('returns the index the model picks', async () => {
    fake.reply(answer({ index: 1 }));
    expect(await pickElement(cfg, 'the pricing table', candidates)).toEqual({ ok: true, value: 1 });
  });

  it('refuses an index outside the candidates', async () => {
    fake.reply(answer({ index: 2 }));
    expect(await pickElement(cfg, 'pricing', candidates)).toEqual(
      offline(
        `The AI model at ${host} picked candidate 2, but there are only 2; the offline answer was used`,
      ),
    );
  });

  it('does not ask when there is nothing to choose among', async () => {
    const result = await pickElement(cfg, 'pricing', []);
    expect(result.ok).toBe(false);
    expect(fake.requests).toEqual([]);
  });
});

describe('refineCopy', () => {
  it('returns the refined title, subtitle and badge', async () => {
    fake.reply(
      answer({ title: 'Deploy in seconds', subtitle: 'Acme ships your app on every push.', badge: 'New' }),
    );
    expect(await refineCopy(cfg, page, { title: 'Ship faster with Acme' })).toEqual({
      ok: true,
      value: { title: 'Deploy in seconds', subtitle: 'Acme ships your app on every push.', badge: 'New' },
    });
    const user = JSON.parse(fake.requests[0]!.body.messages[1]!.content);
    expect(user).toEqual({ page, draft: { title: 'Ship faster with Acme' } });
  });

  it('leaves out a subtitle or badge the model gave as null or blank', async () => {
    fake.reply(answer({ title: 'Deploy in seconds', subtitle: null, badge: ' ' }));
    expect(await refineCopy(cfg, page, {})).toEqual({ ok: true, value: { title: 'Deploy in seconds' } });
  });

  it('refuses an over-long title rather than cutting it', async () => {
    fake.reply(answer({ title: 'x'.repeat(61), subtitle: 'ok' }));
    expect(await refineCopy(cfg, page, {})).toEqual(
      offline(
        `The AI model at ${host} suggested a title of 61 characters (at most 60); the offline answer was used`,
      ),
    );
  });

  it('refuses an over-long badge', async () => {
    fake.reply(answer({ title: 'Deploy in seconds', badge: 'Now generally available everywhere' }));
    const result = await refineCopy(cfg, page, {});
    expect(result).toMatchObject({ ok: false, warning: expect.stringContaining('a badge of 34 characters') });
  });
});

describe('readPromptWithModel', () => {
  const allowed = ['background_color', 'shadow', 'padding', 'device'] as const;

  it('keeps only the allowed parameter names', async () => {
    fake.reply(
      answer({ background_color: '#1e3a8a', padding: 64, url: 'http://169.254.169.254/', inject_js: 'x' }),
    );
    expect(await readPromptWithModel(cfg, 'dark blue background, roomy', allowed)).toEqual({
      ok: true,
      value: { background_color: '#1e3a8a', padding: 64 },
    });
    expect(fake.requests[0]!.body.messages[0]!.content).toContain(allowed.join(', '));
  });

  it('refuses an allowed name whose value is not a string, number or boolean', async () => {
    fake.reply(answer({ shadow: { kind: 'soft' } }));
    expect(await readPromptWithModel(cfg, 'soft shadow', allowed)).toEqual(
      offline(
        `The AI model at ${host} answered in an unexpected shape (shadow is not a string, number or boolean); the offline answer was used`,
      ),
    );
  });

  it('refuses an answer that is not a JSON object', async () => {
    fake.reply(answer(['shadow', 'soft']));
    expect(await readPromptWithModel(cfg, 'soft shadow', allowed)).toEqual(
      offline(
        `The AI model at ${host} answered in an unexpected shape (not a JSON object); the offline answer was used`,
      ),
    );
  });
});

describe('failures resolve with a warning', () => {
  it('gives up at the timeout', async () => {
    fake.reply(() => ({ delayMs: 3000, content: '{"index": 0}' }));
    const started = performance.now();
    const result = await pickElement({ ...cfg, timeoutMs: 300 }, 'pricing', candidates);
    const took = performance.now() - started;
    expect(result).toEqual(
      offline(`The AI model at ${host} did not answer within 300 ms; the offline answer was used`),
    );
    expect(took).toBeGreaterThanOrEqual(290);
    expect(took).toBeLessThan(500);
  });

  it('stops waiting when the caller aborts', async () => {
    fake.reply(() => ({ delayMs: 3000, content: '{"index": 0}' }));
    const started = performance.now();
    const result = await pickElement(cfg, 'pricing', candidates, AbortSignal.timeout(100));
    expect(performance.now() - started).toBeLessThan(400);
    expect(result).toEqual(
      offline(
        `The AI model at ${host} was not waited for: the render was cancelled; the offline answer was used`,
      ),
    );
  });

  it('on a 500', async () => {
    fake.reply(() => ({ status: 500, content: 'overloaded' }));
    expect(await refineCopy(cfg, page, {})).toEqual(
      offline(`The AI model at ${host} answered HTTP 500; the offline answer was used`),
    );
  });

  it('on content that is not JSON', async () => {
    fake.reply(() => ({ content: 'Sure! The best candidate is #pricing.' }));
    expect(await pickElement(cfg, 'pricing', candidates)).toEqual(
      offline(`The AI model at ${host} answered with something other than JSON; the offline answer was used`),
    );
  });

  it('on a body that is not a chat completion', async () => {
    fake.reply(() => ({ raw: '<html>gateway</html>' }));
    expect(await pickElement(cfg, 'pricing', candidates)).toEqual(
      offline(
        `The AI model at ${host} answered with something other than a chat completion; the offline answer was used`,
      ),
    );
  });

  it('on the wrong shape', async () => {
    fake.reply(answer({ choice: '#pricing' }));
    expect(await pickElement(cfg, 'pricing', candidates)).toEqual(
      offline(
        `The AI model at ${host} answered in an unexpected shape (index is missing or not as expected); the offline answer was used`,
      ),
    );
    fake.reply(answer({ index: '1' }));
    expect(await pickElement(cfg, 'pricing', candidates)).toMatchObject({
      warning: expect.stringContaining('(index is not a number)'),
    });
  });

  it('when nothing listens, naming the host and never the key', async () => {
    const closed = await startFakeModel();
    await closed.close();
    const result = await refineCopy({ ...cfg, baseUrl: closed.baseUrl, apiKey: 'sk-secret' }, page, {});
    expect(result).toEqual(
      offline(
        `The AI model at ${new URL(closed.baseUrl).host} could not be reached (ECONNREFUSED); the offline answer was used`,
      ),
    );
    expect(JSON.stringify(result)).not.toContain('sk-secret');
  });

  it('reads a JSON answer wrapped in a Markdown fence', async () => {
    fake.reply(() => ({ content: '```json\n{"index": 0}\n```' }));
    expect(await pickElement(cfg, 'pricing', candidates)).toEqual({ ok: true, value: 0 });
  });
});
