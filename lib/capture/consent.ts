/**
 * @module capture/consent
 * `block: ["cookie_banners"]`, first line: @duckduckgo/autoconsent, which recognises hundreds of
 * consent managers from its bundled rules (offline) and clicks "reject" (or, for banners that
 * only offer "accept"/"OK", dismisses them). Its content script runs in every frame from the
 * first line of the document, talking to a small in-page bridge instead of an extension
 * background; `settleConsent` waits until it is done before the shot. The cosmetic rules in
 * `filters/cookie_banners/` are the second line (applied by `inject.ts`).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type CompactCMPRuleset, filterCompactRules, type IndexedCMPRuleset } from '@duckduckgo/autoconsent';
import type { Page } from 'puppeteer-core';

const { resolve } = createRequire(import.meta.url);
let assets: { script: string; rules: IndexedCMPRuleset } | null = null;

/** The autoconsent content script and its compact rules, read once per process. */
export function consentAssets() {
  if (!assets) {
    // Found from the package's exported rules file, so a bundle (dist/functions) that carries
    // only these two files of the package (serverless.yml) finds them too.
    const rulesFile = resolve('@duckduckgo/autoconsent/rules/compact-rules.json');
    assets = {
      script: readFileSync(join(dirname(rulesFile), '..', 'dist', 'autoconsent.playwright.js'), 'utf8'),
      rules: JSON.parse(readFileSync(rulesFile, 'utf8')) as IndexedCMPRuleset,
    };
  }
  return assets;
}

const CONFIG = {
  enabled: true,
  autoAction: 'optOut',
  disabledCmps: [],
  enablePrehide: true,
  prehideTimeout: 2000,
  enableCosmeticRules: true,
  enableGeneratedRules: true,
  enableHeuristicDetection: true,
  // A banner with no reject button is dismissed with the button it has: the goal is a clean shot.
  heuristicMode: 'tier2',
  detectRetries: 20,
  isMainWorld: true,
  visualTest: false,
  logs: {
    lifecycle: false,
    rulesteps: false,
    detectionsteps: false,
    evals: false,
    errors: false,
    messages: false,
    waits: false,
  },
};

/**
 * Main-frame rules are narrowed to the target's URL here (generic + matching site rules);
 * sub-frames get the whole frame-rule range (they are few, and their URL patterns are checked
 * in the page), mirroring `filterCompactRules` without knowing each frame's URL in advance.
 */
function rulesFor(url: string): { main: CompactCMPRuleset; frame: CompactCMPRuleset } {
  const { rules } = consentAssets();
  const [from, to] = rules.index.frameRuleRange;
  return {
    main: filterCompactRules(rules, { url, mainFrame: true }),
    frame: { v: rules.v, s: rules.s.slice(0, rules.index.frameStringEnd), r: rules.r.slice(from, to) },
  };
}

/** Installs autoconsent in every document the page loads. Call before navigation. */
export async function installConsent(page: Page, url: string): Promise<void> {
  const { script } = consentAssets();
  const { main, frame } = rulesFor(url);
  const bridge = `(() => {
  if (window.__frameshotConsent) return;
  const state = { lifecycle: 'loading', cmp: null, done: false, startedAt: 0 };
  window.__frameshotConsent = state;
  const rules = JSON.parse(${JSON.stringify(JSON.stringify(main))});
  const frameRules = JSON.parse(${JSON.stringify(JSON.stringify(frame))});
  window.autoconsentSendMessage = async (msg) => {
    if (msg.type === 'init') {
      const top = window.top === window;
      setTimeout(() => window.autoconsentReceiveMessage({ type: 'initResp', config: ${JSON.stringify(CONFIG)},
        rules: { autoconsent: [], compact: top ? rules : frameRules } }), 0);
    } else if (msg.type === 'report') {
      state.lifecycle = msg.state.lifecycle;
      if (!state.startedAt && state.lifecycle === 'started') state.startedAt = performance.now();
    }
    else if (msg.type === 'popupFound') state.cmp = msg.cmp;
    else if (msg.type === 'autoconsentDone' || msg.type === 'optOutResult') state.done = true;
  };
})();`;
  await page.evaluateOnNewDocument(`${bridge}\n${script}`);
}

const SEARCHING = new Set(['loading', 'initialized', 'waitingForInitResponse', 'started']);
const WORKING = new Set(['cmpDetected', 'openPopupDetected', 'runningOptOut', 'runningOptIn']);

/** Autoconsent's first two detection rounds (the second one heuristic) take about this long. */
const SEARCH_MS = 1100;

interface ConsentState {
  lifecycle: string;
  cmp: string | null;
  done: boolean;
  /** ms since autoconsent started detecting in this document. */
  searching: number;
}

/**
 * Waits until autoconsent in the main frame has finished: nothing found in its first two
 * detection rounds, or a banner found and handled (up to `maxMs`). Returns the consent manager
 * it handled, if any.
 */
export async function settleConsent(page: Page, maxMs: number): Promise<string | null> {
  const until = Date.now() + maxMs;
  for (;;) {
    const state = await page
      .evaluate((): ConsentState | null => {
        const s = (
          window as unknown as {
            __frameshotConsent?: Omit<ConsentState, 'searching'> & { startedAt: number };
          }
        ).__frameshotConsent;
        if (!s) return null;
        return { ...s, searching: s.startedAt ? performance.now() - s.startedAt : 0 };
      })
      .catch(() => null);
    if (!state || state.done || Date.now() >= until) return state?.cmp ?? null;
    if (!SEARCHING.has(state.lifecycle) && !WORKING.has(state.lifecycle)) return state.cmp;
    if (SEARCHING.has(state.lifecycle) && state.searching >= SEARCH_MS) return null;
    await new Promise((r) => setTimeout(r, 100));
  }
}
