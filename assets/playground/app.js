// The Frameshot playground: live controls → capture parameters → POST /v1/capture, plus the same
// request as curl, an SDK call and a signed <img> URL (§5, signed here with WebCrypto).
// Everything it puts into the page goes through textContent or attributes, never parsed as HTML.
// The key lives in sessionStorage and is sent only to this origin (the page's CSP allows no other).

const BASE = location.origin;
const KEY_STORAGE = 'frameshot.playground.key';

const DEVICES = [
  ['', 'None'],
  ['iphone-16-pro', 'iPhone 16 Pro'],
  ['macbook-pro-16', 'MacBook Pro 16'],
  ['ipad-pro-m4', 'iPad Pro M4'],
  ['browser-macos', 'Browser (macOS)'],
  ['browser-windows', 'Browser (Windows)'],
];
const SHADOWS = ['soft', 'none', 'hard', 'glow', 'float'];
const PERSPECTIVES = [
  'none',
  'tilt-left',
  'tilt-right',
  'tilt-up',
  'tilt-down',
  'tilt-left-strong',
  'tilt-right-strong',
  'iso-left',
  'iso-right',
];
const FORMATS = ['png', 'webp', 'jpg', 'avif', 'gif'];
/** `animation` (§14): a still, or the page scrolled and recorded (animated WebP unless gif is picked). */
const MOTIONS = {
  none: { label: 'Still image' },
  scroll: { label: 'Scroll the page, 5 s (+2 credits)', animation: { type: 'scroll', duration_ms: 5000, fps: 15 } },
  'scroll-short': { label: 'Scroll the page, 3 s, lighter (+2 credits)', animation: { type: 'scroll', duration_ms: 3000, fps: 10 } },
};
const WIDTHS = [
  ['', 'Auto'],
  ['800', '800 px'],
  ['1200', '1200 px'],
  ['1600', '1600 px'],
  ['2400', '2400 px'],
];
const ASPECTS = ['auto', '16:9', '4:3', '3:2', '1:1', '4:5', '9:16', '21:9'];
const PLAIN = [
  { label: 'White', params: { background_style: 'solid', background_color: '#ffffff' }, css: '#ffffff' },
  { label: 'Ink', params: { background_style: 'solid', background_color: '#0f172a' }, css: '#0f172a' },
  { label: 'None', params: { background_style: 'none' }, css: 'var(--checker)' },
  { label: 'Transparent', params: { background_style: 'transparent' }, css: 'var(--checker)' },
];

const $ = (id) => document.getElementById(id);

/** An element with attributes and children; text children become text nodes (escaped). */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (name === 'style') node.style.cssText = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

const state = {
  device: 'macbook-pro-16',
  background: { label: 'aurora', params: { background_preset: 'aurora' } },
  snippet: 'curl',
  projects: undefined,
  secrets: new Map(),
  lastParams: undefined,
};

// ---------- controls ----------

function fillSelect(select, options, selected) {
  select.replaceChildren(
    ...options.map((o) => {
      const [value, label] = Array.isArray(o) ? o : [o, o];
      return el('option', { value, selected: value === selected }, label);
    }),
  );
}

function renderDevices() {
  $('device').replaceChildren(
    ...DEVICES.map(([value, label]) =>
      el(
        'button',
        { type: 'button', role: 'radio', class: 'chip', 'data-device': value, 'aria-checked': String(value === state.device) },
        label,
      ),
    ),
  );
}

function swatch({ label, params, css, thumbnail, title }) {
  const selected = JSON.stringify(params) === JSON.stringify(state.background.params);
  const button = el('button', {
    type: 'button',
    class: thumbnail ? 'swatch thumb' : 'swatch',
    'aria-pressed': String(selected),
    'aria-label': title ?? label,
    title: title ?? label,
    'data-params': JSON.stringify(params),
  });
  if (thumbnail) button.append(el('img', { src: thumbnail, alt: '', loading: 'lazy', width: 480, height: 320 }));
  else button.style.background = css;
  button.append(el('span', { class: 'swatch-name' }, label));
  button.addEventListener('click', () => {
    state.background = { label: title ?? label, params };
    for (const b of document.querySelectorAll('.swatch')) b.setAttribute('aria-pressed', String(b === button));
    changed();
  });
  return button;
}

async function loadPresets() {
  const res = await fetch(`${BASE}/v1/backgrounds?group=presets`);
  if (!res.ok) return;
  const { presets } = await res.json();
  $('presets').replaceChildren(
    ...presets.map((p) => swatch({ label: p.name, params: { background_preset: p.name }, css: p.css })),
  );
}

let catalogueQuery;
async function loadCatalogue(q = '') {
  if (catalogueQuery === q) return;
  catalogueQuery = q;
  const status = $('catalogue-status');
  status.textContent = 'Loading…';
  const query = new URLSearchParams({ group: 'catalogue', limit: '100' });
  if (q) query.set('q', q);
  const res = await fetch(`${BASE}/v1/backgrounds?${query}`);
  if (catalogueQuery !== q) return;
  if (!res.ok) {
    status.textContent = 'The catalogue did not load.';
    return;
  }
  const body = await res.json();
  $('catalogue-grid').replaceChildren(
    ...body.backgrounds.map((b) =>
      swatch({ label: b.name, title: `${b.name} (${b.background})`, params: { background: b.background }, thumbnail: b.thumbnail_url }),
    ),
  );
  status.textContent = body.total ? `${body.total} backgrounds` : 'Nothing matches.';
}

function showPanel(name) {
  for (const tab of document.querySelectorAll('[data-panel]')) tab.setAttribute('aria-selected', String(tab.dataset.panel === name));
  for (const id of ['presets', 'catalogue', 'plain']) $(id).hidden = id !== name;
  if (name === 'catalogue') loadCatalogue($('catalogue-search').value.trim());
}

// ---------- parameters ----------

/** The capture parameters the controls describe, defaults left out. */
function currentParams() {
  const params = { url: $('url').value.trim() };
  if (state.device) params.device = state.device;
  Object.assign(params, state.background.params);
  if ($('shadow').value !== 'soft') params.shadow = $('shadow').value;
  if ($('perspective').value !== 'none') params.perspective = $('perspective').value;
  const title = $('title').value.trim();
  const subtitle = $('subtitle').value.trim();
  if (title) params.title = title;
  if (subtitle) params.subtitle = subtitle;
  if ($('aspect').value !== 'auto') params.aspect_ratio = $('aspect').value;
  const motion = MOTIONS[$('motion').value]?.animation;
  if (motion) params.animation = motion;
  const output = {};
  // An animation is a WebP unless gif is picked: a still format with one is refused.
  if ($('format').value !== 'png' && !(motion && $('format').value !== 'gif')) output.format = $('format').value;
  if ($('width').value) output.width = Number($('width').value);
  if (Object.keys(output).length) params.output = output;
  return params;
}

/** Nested fields as the GET routes take them: `output.format=webp`. */
function queryPairs(params, prefix = '') {
  return Object.entries(params).flatMap(([key, value]) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? queryPairs(value, `${prefix}${key}.`)
      : [[`${prefix}${key}`, Array.isArray(value) ? value.join(',') : String(value)]],
  );
}

const shellQuote = (s) => `'${s.replaceAll("'", `'\\''`)}'`;

function curlSnippet(params) {
  return [
    `curl -s -X POST ${shellQuote(`${BASE}/v1/capture`)} \\`,
    `  -H "Authorization: Bearer $FRAMESHOT_API_KEY" \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -d ${shellQuote(JSON.stringify(params))}`,
  ].join('\n');
}

function sdkSnippet(params) {
  return [
    `import { Frameshot } from '@frameshot/sdk';`,
    '',
    `const client = new Frameshot({ apiKey: process.env.FRAMESHOT_API_KEY, baseUrl: ${JSON.stringify(BASE)} });`,
    `const render = await client.capture(${unquoteKeys(JSON.stringify(params, null, 2))});`,
    'console.log(render.url);',
  ].join('\n');
}

/** `"key": value` → `key: value` for identifier keys, as a person would write the object. */
const unquoteKeys = (json) => json.replace(/^(\s*)"([A-Za-z_$][\w$]*)":/gm, '$1$2:');

const hex = (buffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');

/** §5: HMAC-SHA256 over "GET\n/v1/capture\n" + the sorted, encoded pairs; lowercase hex. */
async function signedUrl(params, projectId, secret, ttlSeconds) {
  const expires = Math.floor(Date.now() / 1000) + ttlSeconds;
  const pairs = [...queryPairs(params), ['project_id', projectId], ['expires', String(expires)]];
  const encoded = pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  const canonical = `GET\n/v1/capture\n${[...encoded].sort().join('&')}`;
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const signature = hex(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(canonical)));
  return `${BASE}/v1/capture?${encoded.join('&')}&signature=${signature}`;
}

// ---------- API ----------

function apiKey() {
  return $('api-key').value.trim();
}

/** A call to this API; an error answer becomes `{ error, requestId, status }`. */
async function api(method, path, body) {
  const headers = { Authorization: `Bearer ${apiKey()}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(`${BASE}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (cause) {
    return { ok: false, status: 0, error: { code: 'network_error', message: `The API did not answer: ${cause.message}` } };
  }
  const requestId = res.headers.get('X-Request-Id') ?? undefined;
  const json = await res.json().catch(() => undefined);
  if (res.ok) return { ok: true, status: res.status, json, requestId };
  const error = json?.error ?? { code: `http_${res.status}`, message: res.statusText || 'The API answered with an error' };
  return { ok: false, status: res.status, error, requestId };
}

// ---------- output ----------

function showError({ status, error, requestId }) {
  const box = $('error');
  const rows = [
    el('div', { class: 'error-title' }, el('span', { class: 'code' }, error.code), ` ${status || ''}`.trimEnd()),
    el('p', {}, error.message),
  ];
  if (error.reason) rows.push(el('p', { class: 'hint' }, `Reason: ${error.reason}${error.status ? ` (HTTP ${error.status})` : ''}`));
  if (Array.isArray(error.details) && error.details.length) {
    rows.push(el('ul', { class: 'details' }, ...error.details.map((d) => el('li', {}, el('code', {}, d.path ?? ''), ` ${d.message ?? ''}`))));
  }
  if (requestId) rows.push(el('p', { class: 'hint' }, 'Request id ', el('code', {}, requestId)));
  box.replaceChildren(...rows);
  box.hidden = false;
}

function showRender(render) {
  const img = $('render');
  img.hidden = false;
  img.src = render.url;
  $('empty').hidden = true;
  const meta = [
    ['Size', `${render.width} × ${render.height}`],
    ['Format', render.format],
    ['Duration', `${render.duration_ms} ms`],
    ['Credits', String(render.credits_used)],
    ['Cached', render.cached ? 'yes' : 'no'],
    ['Id', render.id],
  ];
  $('meta').replaceChildren(...meta.flatMap(([k, v]) => [el('div', {}, el('dt', {}, k), el('dd', {}, v))]));
  $('meta').hidden = false;
  const warnings = render.warnings ?? [];
  $('warnings').replaceChildren(...warnings.map((w) => el('li', {}, typeof w === 'string' ? w : (w.message ?? JSON.stringify(w)))));
  $('warnings').hidden = warnings.length === 0;
}

async function capture(event) {
  event.preventDefault();
  $('error').hidden = true;
  if (!apiKey()) {
    showError({ status: 0, error: { code: 'no_key', message: 'Paste an API key first (top left).' } });
    return;
  }
  const params = currentParams();
  const button = $('capture');
  button.disabled = true;
  button.classList.add('busy');
  $('preview').classList.add('busy');
  const answer = await api('POST', '/v1/capture', params);
  button.disabled = false;
  button.classList.remove('busy');
  $('preview').classList.remove('busy');
  if (!answer.ok) {
    showError(answer);
    return;
  }
  state.lastParams = JSON.stringify(params);
  showRender(answer.json);
  $('cost').textContent = '';
}

// ---------- snippets ----------

async function loadProjects() {
  const select = $('project');
  const note = $('snippet-note');
  if (!apiKey()) {
    state.projects = undefined;
    return 'Paste an API key to pick one of your projects.';
  }
  if (state.projects) return undefined;
  const answer = await api('GET', '/v1/projects');
  if (!answer.ok) {
    if (answer.error.code === 'forbidden_scope') {
      return 'This key lacks the projects scope. Signed URLs need a project’s signing secret: use a key with the projects scope.';
    }
    return `Projects did not load: ${answer.error.message}`;
  }
  state.projects = answer.json.data;
  const current = select.value;
  select.replaceChildren(
    el('option', { value: '' }, state.projects.length ? 'Pick a project…' : 'No projects yet'),
    ...state.projects.map((p) => el('option', { value: p.id }, `${p.name} (${p.id})`)),
  );
  if (state.projects.some((p) => p.id === current)) select.value = current;
  else if (state.projects.length) select.value = state.projects[0].id;
  $('create-project').hidden = state.projects.length > 0;
  note.textContent = '';
  return undefined;
}

async function secretOf(projectId) {
  if (state.secrets.has(projectId)) return { secret: state.secrets.get(projectId) };
  const answer = await api('GET', `/v1/projects/${encodeURIComponent(projectId)}/signing-secret`);
  if (!answer.ok) return { problem: answer.error.message };
  state.secrets.set(projectId, answer.json.signing_secret);
  return { secret: answer.json.signing_secret };
}

let snippetRun = 0;
async function renderSnippet() {
  const run = ++snippetRun;
  const params = currentParams();
  const pre = $('snippet');
  const note = $('snippet-note');
  $('signing').hidden = state.snippet !== 'signed';
  if (state.snippet === 'curl') {
    pre.textContent = curlSnippet(params);
    note.textContent = 'Set FRAMESHOT_API_KEY in your shell first. Same parameters, same cache entry: it answers cached.';
    return;
  }
  if (state.snippet === 'sdk') {
    pre.textContent = sdkSnippet(params);
    note.textContent = 'npm install @frameshot/sdk — the client throws the error envelope as FrameshotError.';
    return;
  }
  const problem = await loadProjects();
  if (run !== snippetRun) return;
  const projectId = $('project').value;
  if (problem || !projectId) {
    pre.textContent = '';
    note.textContent = problem ?? 'Pick a project: its signing secret signs the URL, and its account pays for the captures.';
    return;
  }
  const { secret, problem: secretProblem } = await secretOf(projectId);
  if (run !== snippetRun) return;
  if (!secret) {
    pre.textContent = '';
    note.textContent = `The signing secret did not load: ${secretProblem}`;
    return;
  }
  pre.textContent = await signedUrl(params, projectId, secret, Number($('expires').value));
  if (run !== snippetRun) return;
  note.textContent =
    'Answers 302 to the image: put it in an <img src>. Signed here in the browser (HMAC-SHA256); project defaults apply, and cached renders cost nothing.';
}

async function copySnippet() {
  await renderSnippet();
  const text = $('snippet').textContent;
  if (!text) return;
  try {
    await navigator.clipboard.writeText(text);
    toast('Copied');
  } catch {
    // Not a secure context, or no permission: select it so that Ctrl/Cmd-C copies it.
    const range = document.createRange();
    range.selectNodeContents($('snippet'));
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    toast('Selected: press Ctrl/Cmd-C to copy');
  }
}

let toastTimer;
function toast(text) {
  const node = $('toast');
  node.textContent = text;
  node.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    node.hidden = true;
  }, 1800);
}

// ---------- wiring ----------

function changed() {
  $('background-picked').textContent = state.background.label;
  const stale = state.lastParams && state.lastParams !== JSON.stringify(currentParams());
  $('cost').textContent = stale ? 'Changed: capture again to see it' : '';
  renderSnippet();
}

function start() {
  fillSelect($('shadow'), SHADOWS, 'soft');
  fillSelect($('perspective'), PERSPECTIVES, 'none');
  fillSelect($('format'), FORMATS, 'png');
  fillSelect(
    $('motion'),
    Object.entries(MOTIONS).map(([value, m]) => [value, m.label]),
    'none',
  );
  fillSelect($('width'), WIDTHS, '1600');
  fillSelect($('aspect'), ASPECTS, 'auto');
  renderDevices();
  $('plain').replaceChildren(...PLAIN.map((p) => swatch(p)));

  $('api-key').value = sessionStorage.getItem(KEY_STORAGE) ?? '';
  $('api-key').addEventListener('input', () => {
    sessionStorage.setItem(KEY_STORAGE, apiKey());
    state.projects = undefined;
    state.secrets.clear();
    changed();
  });
  $('forget-key').addEventListener('click', () => {
    sessionStorage.removeItem(KEY_STORAGE);
    $('api-key').value = '';
    state.projects = undefined;
    state.secrets.clear();
    changed();
  });
  $('device').addEventListener('click', (event) => {
    const chip = event.target.closest('[data-device]');
    if (!chip) return;
    state.device = chip.dataset.device;
    for (const c of $('device').children) c.setAttribute('aria-checked', String(c === chip));
    changed();
  });
  for (const tab of document.querySelectorAll('[data-panel]')) tab.addEventListener('click', () => showPanel(tab.dataset.panel));
  let searchTimer;
  $('catalogue-search').addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => loadCatalogue($('catalogue-search').value.trim()), 250);
  });
  for (const tab of document.querySelectorAll('[data-snippet]')) {
    tab.addEventListener('click', async () => {
      state.snippet = tab.dataset.snippet;
      for (const t of document.querySelectorAll('[data-snippet]')) t.setAttribute('aria-selected', String(t === tab));
      await copySnippet();
    });
  }
  $('copy').addEventListener('click', copySnippet);
  $('project').addEventListener('change', renderSnippet);
  $('expires').addEventListener('change', renderSnippet);
  $('create-project').addEventListener('click', async () => {
    const answer = await api('POST', '/v1/projects', { name: 'Playground' });
    if (!answer.ok) {
      $('snippet-note').textContent = `The project was not created: ${answer.error.message}`;
      return;
    }
    state.projects = undefined;
    renderSnippet();
  });
  $('controls').addEventListener('input', (event) => {
    if (event.target.id !== 'api-key' && event.target.id !== 'catalogue-search') changed();
  });
  $('controls').addEventListener('submit', capture);
  $('render').addEventListener('error', () => {
    if ($('render').src) showError({ status: 0, error: { code: 'image_failed', message: 'The render’s link did not load.' } });
  });

  changed();
  loadPresets();
}

start();
