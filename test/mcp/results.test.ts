import { describe, expect, it } from 'vitest';
import { MAX_INLINE_BYTES, renderResult } from '../../mcp/lib/results.js';
import { toJsonSchema } from '../../mcp/lib/schemas.js';

const render = {
  id: 'cap_1',
  url: 'http://frameshot.test/r/cap_1.png',
  width: 4000,
  height: 3000,
  format: 'png',
  credits_used: 3,
  cached: false,
  warnings: [],
  duration_ms: 1200,
  created_at: '2026-01-01T00:00:00Z',
} as Parameters<typeof renderResult>[0];

describe('render results', () => {
  it('links an image over the inline limit instead of inlining it, and says why', async () => {
    const big = new Uint8Array(MAX_INLINE_BYTES + 1);
    const result = await renderResult(
      render,
      async () => new Response(big, { headers: { 'content-type': 'image/png' } }),
    );
    expect(result.content.map((c) => c.type)).toEqual(['text']);
    const facts = JSON.parse((result.content[0] as { text: string }).text);
    expect(facts.url).toBe(render.url);
    expect(facts.image_not_inlined).toMatch(/4\.0 MB.*inline limit/);
  });
});

describe('OpenAPI schemas as JSON Schema', () => {
  it('allows null where OpenAPI says nullable and keeps examples', () => {
    expect(toJsonSchema({ type: 'string', nullable: true, example: 'x' })).toEqual({
      type: ['string', 'null'],
      examples: ['x'],
    });
    expect(toJsonSchema({ enum: ['a'], type: 'string', nullable: true })).toEqual({
      enum: ['a', null],
      type: ['string', 'null'],
    });
    expect(toJsonSchema({ anyOf: [{ type: 'integer' }], nullable: true })).toEqual({
      anyOf: [{ anyOf: [{ type: 'integer' }] }, { type: 'null' }],
    });
  });

  it('inlines $refs into the components, properties named like keywords included', () => {
    const schema = toJsonSchema({
      type: 'object',
      properties: { example: { $ref: '#/components/schemas/Preset' } },
    });
    expect(schema.properties.example.properties).toHaveProperty('name');
    expect(JSON.stringify(schema)).not.toContain('$ref');
  });
});
