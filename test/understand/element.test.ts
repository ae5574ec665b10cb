import { describe, expect, it } from 'vitest';
import { type Candidate, collectCandidates } from '../../lib/understand/candidates.ts';
import { ELEMENT_THRESHOLD, resolveDescription } from '../../lib/understand/element.ts';
import { lemma, parseDescription, splitWords, terms, wordKey } from '../../lib/understand/words.ts';
import { openCorpus } from './corpus.ts';

describe('words', () => {
  it('lemmatises plurals, -ing, -ed and irregulars', () => {
    expect(
      ['plans', 'pricing', 'listed', 'queries', 'boxes', 'running', 'billing', 'children'].map(lemma),
    ).toEqual(['plan', 'price', 'list', 'query', 'box', 'run', 'bill', 'child']);
    expect(wordKey('features')).toBe(wordKey('featuring'));
  });

  it('splits identifiers written in camelCase, kebab-case and snake_case', () => {
    expect(splitWords('pricingTable site-header main_nav HTMLCanvas')).toEqual([
      'pricing',
      'table',
      'site',
      'header',
      'main',
      'nav',
      'html',
      'canvas',
    ]);
  });

  it('reads "table of contents" as one concept, never as a table', () => {
    expect(terms('table of contents')).toEqual(['@toc']);
    expect(terms('the pricing table')).toEqual(['@pricing', '@table']);
    expect(terms('Sign up for our newsletter')).toEqual(['@signup', '@signup']);
  });

  it('reads concepts in other languages, inside runs of CJK text and behind Arabic and Hebrew articles', () => {
    expect(terms('商品评价(2万+)')).toContain('@testimonial');
    expect(terms('お届け先情報')).toContain('@address');
    expect(terms('配送日時のご指定')).not.toContain('@address');
    expect(terms('로그인으로 계속')).toContain('@login');
    expect(terms('المراجعات')).toContain('@testimonial');
    expect(terms('הביקורות')).toContain('@testimonial');
    expect(terms('Preguntas frecuentes')).toContain('@faq');
    // A form is never found inside an unrelated Arabic word (صور "pictures" in the name المنصوري).
    expect(terms('خالد المنصوري')).not.toContain('@visual');
  });

  it('takes ordinals and shape words out of the topic', () => {
    expect(parseDescription('the second plan')).toMatchObject({
      terms: ['@pricing'],
      ordinal: 2,
      singular: true,
    });
    expect(parseDescription('last FAQ item')).toMatchObject({ terms: ['@faq'], ordinal: -1, shape: 'item' });
    expect(parseDescription('3rd testimonial').ordinal).toBe(3);
    expect(parseDescription('testimonials').singular).toBe(false);
    expect(parseDescription('navigation bar')).toMatchObject({ terms: ['@nav'], shape: 'bar' });
    expect(parseDescription('search bar')).toMatchObject({ terms: ['@search'], shape: undefined });
    expect(parseDescription('top of the page').ordinal).toBeUndefined();
  });
});

/** A candidate with defaults; `box` as [x, y, width, height]. */
function cand(
  index: number,
  parent: number,
  box: [number, number, number, number],
  over: Partial<Candidate> = {},
) {
  const [x, y, width, height] = box;
  return {
    index,
    parent,
    depth: parent < 0 ? 2 : 3,
    tag: 'div',
    role: '',
    selector: `#c${index}`,
    names: '',
    label: '',
    heading: '',
    heading_above: '',
    text: '',
    text_length: 400,
    fields: '',
    kinds: [],
    framed: false,
    box: { x, y, width, height },
    links: 0,
    ...over,
  } satisfies Candidate;
}

/** A landing page: header with nav, hero, three plans, three quotes, a signup form, a footer. */
function landing(): Candidate[] {
  return [
    cand(0, -1, [0, 0, 1440, 70], { tag: 'header', role: 'banner', names: 'site header', kinds: ['topbar'] }),
    cand(1, 0, [300, 20, 400, 30], {
      tag: 'nav',
      role: 'navigation',
      kinds: ['links'],
      links: 5,
      text_length: 40,
    }),
    cand(2, -1, [0, 70, 1440, 600], {
      tag: 'section',
      role: 'region',
      names: 'hero',
      heading: 'Ship faster',
    }),
    cand(3, -1, [0, 670, 1440, 700], {
      tag: 'section',
      role: 'region',
      names: 'pricing',
      heading: 'Simple pricing',
    }),
    cand(4, 3, [130, 780, 1180, 500], {
      names: 'plans',
      kinds: ['cards', 'plans', 'prices'],
      text_length: 300,
    }),
    ...[0, 1, 2].map((i) =>
      cand(5 + i, 4, [130 + i * 400, 780, 380, 500], {
        names: 'plan',
        heading: ['Starter', 'Team', 'Enterprise'][i],
        kinds: ['prices'],
        framed: true,
        text_length: 100,
        group: { id: 5, position: i, size: 3 },
      }),
    ),
    cand(8, -1, [0, 1370, 1440, 500], { tag: 'section', role: 'region', heading: 'Loved by teams' }),
    cand(9, 8, [130, 1480, 1180, 300], { names: 'quotes', kinds: ['cards', 'quotes'], text_length: 300 }),
    ...[0, 1, 2].map((i) =>
      cand(10 + i, 9, [130 + i * 400, 1480, 380, 300], {
        tag: 'figure',
        kinds: ['quote'],
        framed: true,
        text: '“Great product”',
        text_length: 100,
        group: { id: 10, position: i, size: 3 },
      }),
    ),
    cand(13, -1, [130, 1900, 1180, 250], {
      tag: 'section',
      role: 'region',
      label: 'Newsletter',
      kinds: ['inputs'],
    }),
    cand(14, 13, [700, 1990, 500, 60], {
      tag: 'form',
      role: 'form',
      kinds: ['form', 'inputs'],
      fields: 'email you@company.com Subscribe',
      text_length: 9,
    }),
    cand(15, -1, [0, 2200, 1440, 300], {
      tag: 'footer',
      role: 'contentinfo',
      kinds: ['bottombar', 'copyright'],
    }),
  ];
}

describe('resolveDescription', () => {
  const page = landing();
  const best = (d: string) => resolveDescription(d, page).best?.selector;

  it('takes the block holding all plans for "the pricing table", not one plan', () => {
    expect(best('the pricing table')).toBe('#c4');
  });

  it('picks one plan among similar siblings by ordinal, "last" included', () => {
    expect(best('the second plan')).toBe('#c6');
    expect(best('the last plan')).toBe('#c7');
    expect(best('first testimonial')).toBe('#c10');
  });

  it('takes the whole top bar for "navigation bar" and the landmark for "footer"', () => {
    expect(best('navigation bar')).toBe('#c0');
    expect(best('footer')).toBe('#c15');
    expect(best('hero section')).toBe('#c2');
  });

  it('finds a form by what it asks for, and the labelled section around it by its name', () => {
    expect(best('the email form')).toBe('#c14');
    expect(best('newsletter signup')).toBe('#c13');
  });

  it('scores in 0–1, reports up to three alternatives, and is deterministic', () => {
    const r = resolveDescription('testimonials', page);
    expect(r.confident).toBe(true);
    expect(r.best!.score).toBeGreaterThanOrEqual(ELEMENT_THRESHOLD);
    expect(r.best!.score).toBeLessThanOrEqual(1);
    expect(r.alternatives.length).toBeLessThanOrEqual(3);
    for (const a of r.alternatives) expect(a.score).toBeLessThanOrEqual(r.best!.score);
    expect(resolveDescription('testimonials', [...page])).toEqual(r);
  });

  it('breaks equal scores by document order', () => {
    const twins = [
      cand(0, -1, [0, 0, 500, 300], { names: 'chart' }),
      cand(1, -1, [0, 400, 500, 300], { names: 'chart' }),
    ];
    expect(resolveDescription('the chart', twins).best?.selector).toBe('#c0');
  });

  it('is not confident about something the page does not have', () => {
    const r = resolveDescription('the purple elephant', page);
    expect(r.confident).toBe(false);
  });

  it('answers nothing for an empty description or page', () => {
    expect(resolveDescription('', page)).toEqual({ alternatives: [], confident: false });
    expect(resolveDescription('footer', [])).toEqual({ alternatives: [], confident: false });
  });
});

describe('resolveDescription on structure alone', () => {
  it('takes an email box with its button for a signup, without a <form> or a name', () => {
    const page = [
      cand(0, -1, [0, 0, 1440, 600], { heading: 'Loved by on-call teams', kinds: ['quotes', 'cards'] }),
      cand(1, -1, [0, 600, 1440, 90], {
        kinds: ['inputs', 'subscribe'],
        fields: 'text you@company.com Get updates',
        text: 'Get updates',
        text_length: 11,
      }),
      cand(2, 1, [48, 620, 1100, 44], { tag: 'input', kinds: ['control'], label: 'you@company.com' }),
    ];
    const r = resolveDescription('newsletter signup', page);
    expect(r.best?.selector).toBe('#c1');
    expect(r.confident).toBe(true);
  });

  it('takes the brand at the start of the top bar for "the logo"', () => {
    const page = [
      cand(0, -1, [0, 0, 1440, 70], {
        kinds: ['links', 'topbar'],
        links: 5,
        text: '◎ Orbit Product Pricing',
      }),
      cand(1, 0, [48, 24, 70, 20], { tag: 'b', kinds: ['logo'], text: '◎ Orbit', text_length: 7 }),
    ];
    const r = resolveDescription('the logo', page);
    expect(r.best?.selector).toBe('#c1');
    expect(r.confident).toBe(true);
  });

  it('prefers the call over the code titled "Response" for "the code example"', () => {
    const page = [
      cand(0, -1, [860, 80, 550, 160], {
        kinds: ['hascode', 'endpoint'],
        heading: 'POST /v1/charges',
        framed: true,
        text_length: 190,
      }),
      cand(1, 0, [860, 110, 550, 130], { tag: 'pre', kinds: ['code', 'request'], text_length: 170 }),
      cand(2, -1, [860, 260, 550, 190], {
        kinds: ['hascode'],
        heading: 'Response',
        framed: true,
        text_length: 140,
      }),
      cand(3, 2, [860, 290, 550, 160], { tag: 'pre', kinds: ['code'], text_length: 130 }),
    ];
    expect(resolveDescription('the code example', page).best?.selector).toBe('#c0');
    expect(resolveDescription('the response', page).best?.selector).toBe('#c2');
  });

  it('takes the panel, not its button, for "the booking widget"', () => {
    const page = [
      cand(0, -1, [900, 300, 380, 420], {
        kinds: ['inputs', 'prices'],
        framed: true,
        fields: 'date Check-in date Checkout Reserve',
        text: "€182 night Reserve You won't be charged yet Total before taxes €1,107",
        text_length: 200,
      }),
      cand(1, 0, [924, 480, 332, 48], {
        tag: 'button',
        kinds: ['control'],
        label: 'Reserve',
        text_length: 7,
      }),
    ];
    expect(resolveDescription('the booking widget', page).best?.selector).toBe('#c0');
  });
});

describe('collectCandidates on pages without names', () => {
  const corpus = openCorpus();
  const kindsOf = (html: string) =>
    corpus.withPage('basic.html', async (page) => {
      await page.setContent(html);
      const found = await page.evaluate(collectCandidates, { max: 400 });
      return (selector: string) => {
        const c = found.find((c) => c.selector === selector);
        return c ? c.kinds : undefined;
      };
    });

  it('reads logos, signups, filters, pagers, announcements, bylines and products from structure', async () => {
    const face = 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///ywAAAAAAQABAAACAUwAOw==';
    const kinds = await kindsOf(`<!doctype html><body style="margin:0;font:16px sans-serif">
      <div id="strip" style="background:#234;color:#fff;padding:10px">Free shipping on orders over $75</div>
      <div id="bar" style="display:flex;justify-content:space-between;padding:18px 48px">
        <b>◎ Orbit</b><div><a href="#a">Product</a> <a href="#b">Pricing</a> <a href="#c">Docs</a></div></div>
      <div id="by"><img src="${face}" style="width:40px;height:40px"> Priya Raman · Mar 4, 2025 · 7 min read</div>
      <div id="shop" style="display:grid;grid-template-columns:repeat(3,200px)">
        ${[1, 2, 3].map((i) => `<a class="p" href="/p/${i}"><img src="${face}" style="width:200px;height:200px">Shirt ${i} $9${i}.00</a>`).join('')}</div>
      <div id="pager"><a href="?p=1">1</a> <a href="?p=2">2</a> <a href="?p=3">3</a> <a href="?p=2">Next →</a></div>
      <form id="facets"><label><input type="checkbox"> S</label><label><input type="checkbox"> M</label><label><input type="checkbox"> L</label></form>
      <div id="news" style="display:flex;gap:12px;padding:40px"><input placeholder="you@company.com"><a class="btn" style="padding:10px">Get updates</a></div>
    </body>`);
    expect(kinds('#bar > b')).toContain('logo');
    expect(kinds('#news')).toContain('subscribe');
    expect(kinds('#facets')).toContain('filters');
    expect(kinds('#pager')).toContain('pages');
    expect(kinds('#strip')).toContain('announce');
    expect(kinds('#by')).toContain('byline');
    expect(kinds('#shop')).toContain('products');
    expect(kinds('#shop > a:nth-of-type(2)')).toContain('product');
  });

  it('takes the short link home at the top as the logo', async () => {
    const kinds = await kindsOf(`<!doctype html><body style="margin:0">
      <div id="top" style="display:flex;gap:24px;padding:12px 24px"><a href="/" style="font-size:18px">Ledger</a>
      <a href="/write">Write</a><a href="/signin">Sign in</a></div><p>Body</p></body>`);
    expect(kinds('#top > a:nth-of-type(1)')).toContain('logo');
    expect(kinds('#top > a:nth-of-type(2)') ?? []).not.toContain('logo');
  });
});
