/**
 * PDF on `/v1/raw` (§14): the page printed by Chromium with the `pdf` options, its page count and
 * paper in the response, stored and signed like an image (`/r/{id}.pdf`); refused on
 * `/v1/capture` and with bad options, with nothing charged.
 */
import { describe, expect, it } from 'vitest';
import { pageCount } from '../../lib/capture/pdf.ts';
import { balanceAndLedger, call, captureApp, createTestAccount, downloadRender } from '../helpers/stack.ts';

const env = captureApp();

/** A document tall enough for several A4 pages. */
const TALL = `<!doctype html><html><head><title>Report</title>
<style>body{font:16px sans-serif;margin:0} section{height:1400px;background:linear-gradient(#fde68a,#fca5a5)}</style>
</head><body><section>One</section><section>Two</section><section>Three</section></body></html>`;

describe('PDF on /v1/raw', () => {
  it('prints the page, reports pages and paper, and serves it from a signed .pdf link', async () => {
    const { apiKey, accountId } = await createTestAccount(env.deps, { credits: 10 });
    const res = await call(env.app, 'POST', '/v1/raw', {
      key: apiKey,
      body: { html: TALL, output: { format: 'pdf' }, pdf: { paper: 'A4', margin: '10mm' } },
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      format: 'pdf',
      width: 794,
      height: 1123,
      credits_used: 1,
      pdf: { paper: 'A4', landscape: false, pages: expect.any(Number) },
    });
    expect(res.json.pdf.pages).toBeGreaterThanOrEqual(4);
    expect(res.json.url).toMatch(/\/r\/cap_\w+\.pdf\?expires=/);
    const file = await downloadRender(env.app, res.json.url);
    expect(file.type).toBe('application/pdf');
    expect(file.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pageCount(file.bytes)).toBe(res.json.pdf.pages);
    expect((await balanceAndLedger(env.deps, accountId)).balance).toBe(9);
  });

  it('honours landscape Letter and page ranges', async () => {
    const { apiKey } = await createTestAccount(env.deps, { credits: 10 });
    const res = await call(env.app, 'POST', '/v1/raw', {
      key: apiKey,
      body: {
        html: TALL,
        output: { format: 'pdf' },
        pdf: { paper: 'Letter', landscape: true, page_ranges: '1-2' },
      },
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      width: 1056,
      height: 816,
      pdf: { paper: 'Letter', landscape: true, pages: 2 },
    });
  });
});

describe('PDF refused, with nothing charged', () => {
  const refused = async (path: string, body: Record<string, unknown>) => {
    const { apiKey, accountId } = await createTestAccount(env.deps, { credits: 10 });
    const res = await call(env.app, 'POST', path, { key: apiKey, body });
    expect(res.status).toBe(400);
    expect((await balanceAndLedger(env.deps, accountId)).balance).toBe(10);
    return res.json.error.details as { path: string; message: string }[];
  };

  it('an unknown paper size names pdf.paper and the sizes', async () => {
    const details = await refused('/v1/raw', {
      url: 'https://example.com',
      output: { format: 'pdf' },
      pdf: { paper: 'A5' },
    });
    expect(details).toEqual([{ path: 'pdf.paper', message: expect.stringMatching(/A4, Letter, Legal, A3/) }]);
  });

  it('pdf on /v1/capture names the field and where to send it', async () => {
    const details = await refused('/v1/capture', { url: 'https://example.com', pdf: { paper: 'A4' } });
    expect(details).toEqual([{ path: 'pdf', message: expect.stringMatching(/\/v1\/raw/) }]);
    const format = await refused('/v1/capture', { url: 'https://example.com', output: { format: 'pdf' } });
    expect(format).toEqual([{ path: 'output.format', message: expect.stringMatching(/\/v1\/raw/) }]);
  });

  it('pdf options without output.format "pdf", and a bad margin', async () => {
    expect(await refused('/v1/raw', { url: 'https://example.com', pdf: { landscape: true } })).toEqual([
      { path: 'pdf', message: expect.stringMatching(/output.format "pdf"/) },
    ]);
    const margin = await refused('/v1/raw', {
      url: 'https://example.com',
      output: { format: 'pdf' },
      pdf: { margin: '1 inch' },
    });
    expect(margin[0]!.path).toMatch(/^pdf\.margin/);
  });
});

describe('pageCount', () => {
  it('counts page objects, not the page tree', () => {
    const pdf = Buffer.from(
      '1 0 obj <</Type /Pages /Kids [2 0 R 3 0 R]>> 2 0 obj <</Type /Page>> 3 0 obj <</Type/Page /Parent 1 0 R>>',
    );
    expect(pageCount(pdf)).toBe(2);
  });
});
