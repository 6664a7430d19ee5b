// Helpers of the security suite (journeys/security*.test.mjs): a recorder of everything the
// browser said and sent, a scanner that looks for a secret (and its encodings) in every place a
// page can leave something behind, the fresh S2S journey to the hand-off sheet, and a few small
// readers (JWT claims, CDP navigation history, the emulator journal).
//
// The scanner is only as good as its reach, so `journeys/security_secret.test.mjs` first plants a
// canary in each place it searches and checks that every one is found.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { DEMO, control, screenshot } from './harness.mjs';

export const WAIT = { timeout: 30_000 };

// ---------------------------------------------------------------------------------------------
// Recording

/**
 * Records, from the moment it is attached: every console message and page error, every request
 * the browser sent (method, URL, all headers, body), every response (status, headers, and the
 * body of fetch/XHR/document responses), and every URL a frame navigated to. Attach it before
 * the first `goto`. `extraPages` are further tabs of the same context to record (pass them to
 * `record.attach(page)` later as well).
 */
export function recorder(page) {
  const log = { console: [], pageErrors: [], requests: [], responses: [], navigations: [], pending: [] };
  const attach = (p) => {
    p.on('console', (m) => log.console.push({ type: m.type(), text: m.text(), location: m.location()?.url ?? '' }));
    p.on('pageerror', (e) => log.pageErrors.push(`${e.name}: ${e.message}\n${e.stack ?? ''}`));
    p.on('framenavigated', (f) => log.navigations.push(f.url()));
    p.on('request', (r) => {
      const entry = {
        method: r.method(), url: r.url(), resourceType: r.resourceType(),
        headers: r.headers(), body: r.postData() ?? '', isNavigation: r.isNavigationRequest(),
      };
      log.requests.push(entry);
      // The full header list (cookies, Authorization as sent) needs a round trip.
      log.pending.push(r.allHeaders().then((h) => { entry.headers = h; }).catch(() => {}));
    });
    p.on('response', (r) => {
      const entry = { url: r.url(), status: r.status(), method: r.request().method(), headers: r.headers(), body: '' };
      log.responses.push(entry);
      const type = r.request().resourceType();
      if (['fetch', 'xhr', 'document'].includes(type) && r.status() !== 204 && !(r.status() >= 300 && r.status() < 400)) {
        log.pending.push(r.text().then((t) => { entry.body = t; }).catch(() => {}));
      }
    });
  };
  attach(page);
  return {
    log,
    attach,
    /** Waits for every header list and body read started so far. */
    async settle() {
      for (let i = 0; i < 3; i += 1) {
        const pending = log.pending.splice(0);
        await Promise.all(pending);
      }
    },
  };
}

/**
 * Collects `securitypolicyviolation` events of every document in `context` (all tabs, across
 * navigations) through a binding, so nothing is lost when a page navigates away.
 */
export async function collectCspViolations(context) {
  const violations = [];
  await context.exposeBinding('__syncsetupCspViolation', ({ frame }, v) => {
    violations.push({ page: frame?.url() ?? '', ...v });
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      // eslint-disable-next-line no-undef
      window.__syncsetupCspViolation({
        directive: e.effectiveDirective || e.violatedDirective,
        blockedURI: e.blockedURI,
        sourceFile: e.sourceFile,
        line: e.lineNumber,
        sample: e.sample,
        disposition: e.disposition,
      });
    });
  });
  return violations;
}

// ---------------------------------------------------------------------------------------------
// Encodings of a secret

/** Base64 (standard and URL-safe, padded or not) as it would appear for the text alone, or
 *  embedded at any byte offset inside a larger encoded blob (the stable inner part). */
function base64Forms(text) {
  const forms = new Set();
  const bytes = Buffer.from(text, 'utf8');
  for (let offset = 0; offset < 3; offset += 1) {
    const encoded = Buffer.concat([Buffer.alloc(offset, 0x20), bytes]).toString('base64');
    // With an offset, the first 4 characters mix the prefix in; the last 4 may mix in whatever
    // follows the secret. What lies between depends on the secret alone. At offset 0 the whole
    // encoding (the secret encoded on its own) is a form too.
    const candidates = offset === 0 ? [encoded, encoded.replace(/=+$/, ''), encoded.slice(0, -4)] : [encoded.slice(4, -4)];
    for (const form of candidates) {
      if (form.length >= 16) {
        forms.add(form);
        forms.add(form.replace(/\+/g, '-').replace(/\//g, '_'));
      }
    }
  }
  return [...forms];
}

/**
 * The forms a secret may take on its way somewhere: itself, URL-encoded (component and form
 * encoding), JSON-escaped, and base64 (standard and URL-safe, at any alignment).
 */
export function secretForms(secret) {
  const forms = [
    { form: 'text', needle: secret },
    { form: 'url-encoded', needle: encodeURIComponent(secret) },
    { form: 'form-encoded', needle: new URLSearchParams({ x: secret }).toString().slice(2) },
    { form: 'json', needle: JSON.stringify(secret).slice(1, -1) },
    ...base64Forms(secret).map((needle) => ({ form: 'base64', needle })),
  ];
  const seen = new Set();
  return forms.filter(({ needle }) => !seen.has(needle) && seen.add(needle));
}

/** Every place (of `haystacks`: `{ where, text }`) that holds a form of one of `secrets`. */
export function findSecrets(secrets, haystacks) {
  const hits = [];
  for (const { name, value } of secrets) {
    for (const { form, needle } of secretForms(value)) {
      for (const { where, text } of haystacks) {
        if (typeof text === 'string' && text.includes(needle)) hits.push({ secret: name, form, where });
      }
    }
  }
  return hits;
}

// ---------------------------------------------------------------------------------------------
// Where a page can leave something behind

/** The page's navigation history entries (every entry of this tab, not just the current one). */
export async function historyUrls(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { entries } = await cdp.send('Page.getNavigationHistory');
    return entries.map((e) => e.url);
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** Storage of the page's origin read from inside it: Web Storage, cookies, every IndexedDB
 *  database (every store's keys and values), every Cache Storage entry (request and body). */
async function originStorage(page) {
  return page.evaluate(async () => {
    const dump = (s) => Object.fromEntries(Array.from({ length: s.length }, (_, i) => [s.key(i), s.getItem(s.key(i))]));
    const result = {
      origin: location.origin, localStorage: dump(localStorage), sessionStorage: dump(sessionStorage),
      cookie: document.cookie, indexedDB: [], caches: [],
    };
    const stringify = (v) => {
      try {
        return JSON.stringify(v, (_, x) => (x instanceof ArrayBuffer || ArrayBuffer.isView(x)
          ? Array.from(new Uint8Array(x.buffer ?? x)).map((b) => String.fromCharCode(b)).join('')
          : x));
      } catch (e) {
        return String(v);
      }
    };
    for (const info of (await indexedDB.databases?.()) ?? []) {
      const db = await new Promise((resolve, reject) => {
        const open = indexedDB.open(info.name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const tx = db.transaction(store, 'readonly');
        const [keys, values] = await Promise.all(['getAllKeys', 'getAll'].map((m) => new Promise((resolve) => {
          const r = tx.objectStore(store)[m]();
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => resolve([]);
        })));
        result.indexedDB.push({ db: info.name, store, keys: stringify(keys), values: stringify(values) });
      }
      db.close();
    }
    if (self.caches) {
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) {
          const response = await cache.match(request);
          result.caches.push({ cache: name, url: request.url, body: response ? await response.text() : '' });
        }
      }
    }
    return result;
  });
}

/** The rendered DOM: serialized HTML, visible text, form values and the title. */
export async function domText(page) {
  return page.evaluate(() => [
    document.documentElement.outerHTML,
    document.body?.innerText ?? '',
    document.title,
    ...Array.from(document.querySelectorAll('input, textarea, select')).map((e) => e.value),
  ].join('\n'));
}

/**
 * Everything the browser holds or has emitted for the scanner, as `{ where, text }` haystacks:
 * the page origin's Web Storage, cookies (context-wide), IndexedDB and Cache Storage; Web Storage
 * and IndexedDB of every origin the context kept (storageState); the address bar and every
 * history entry; console messages and page errors; every request sent (URL, headers, body) from
 * the browser's log; and the emulator's journal of requests (URL, query, headers, body). With
 * `dom`, the DOM too.
 */
export async function haystacks(page, appUrl, rec, { dom = true } = {}) {
  await rec.settle();
  const context = page.context();
  const out = [];
  const own = await originStorage(page);
  out.push({ where: `localStorage (${own.origin})`, text: JSON.stringify(own.localStorage) });
  out.push({ where: `sessionStorage (${own.origin})`, text: JSON.stringify(own.sessionStorage) });
  out.push({ where: 'document.cookie', text: own.cookie });
  for (const i of own.indexedDB) out.push({ where: `IndexedDB ${i.db}/${i.store}`, text: `${i.keys}\n${i.values}` });
  for (const c of own.caches) out.push({ where: `Cache Storage ${c.cache} ${c.url}`, text: `${c.url}\n${c.body}` });
  out.push({ where: 'cookies (every origin)', text: JSON.stringify(await context.cookies()) });
  const state = await context.storageState({ indexedDB: true });
  for (const o of state.origins) {
    out.push({ where: `localStorage+IndexedDB (${o.origin}, storageState)`, text: JSON.stringify(o) });
  }
  out.push({ where: 'address bar', text: page.url() });
  for (const url of await historyUrls(page)) out.push({ where: `history entry ${url.slice(0, 80)}`, text: url });
  for (const url of rec.log.navigations) out.push({ where: `navigated URL ${url.slice(0, 80)}`, text: url });
  out.push({ where: 'console messages', text: rec.log.console.map((m) => `${m.type}: ${m.text}`).join('\n') });
  out.push({ where: 'page errors', text: rec.log.pageErrors.join('\n') });
  for (const r of rec.log.requests) {
    out.push({ where: `request ${r.method} ${r.url.slice(0, 100)} (browser log)`, text: `${r.url}\n${JSON.stringify(r.headers)}\n${r.body}` });
  }
  const journal = await control(page, appUrl, 'journal');
  for (const e of journal) {
    out.push({ where: `request #${e.seq} ${e.method} ${e.host}${e.path} (emulator journal)`, text: JSON.stringify(e) });
  }
  if (dom) out.push({ where: 'DOM', text: await domText(page) });
  return out;
}

/** Response bodies (fetch/XHR/documents) the browser received, as haystacks. */
export async function responseHaystacks(rec) {
  await rec.settle();
  return rec.log.responses.map((r) => ({ where: `response ${r.method} ${r.url} → ${r.status}`, text: `${JSON.stringify(r.headers)}\n${r.body}` }));
}

/**
 * Keeps a handle on the app's WebAssembly memory, whatever loader starts it: a test-only init
 * script wraps `WebAssembly.instantiateStreaming` / `instantiate` and remembers the exported
 * memory of the instance they return. Nothing is added to the page itself.
 */
export async function watchWasmMemory(context) {
  await context.addInitScript(() => {
    const remember = (result) => {
      const instance = result?.instance ?? result;
      if (instance?.exports?.memory) window.__syncsetupWasmMemory = instance.exports.memory;
      return result;
    };
    for (const name of ['instantiateStreaming', 'instantiate']) {
      const original = WebAssembly[name];
      WebAssembly[name] = function (...args) {
        return original.apply(this, args).then(remember);
      };
    }
  });
}

/** How many times `text` (UTF-8) occurs in the app's wasm linear memory (-1: instance unknown). */
export async function countInWasmMemory(page, text) {
  return page.evaluate((s) => {
    if (!window.__syncsetupWasmMemory) return -1;
    const memory = new Uint8Array(window.__syncsetupWasmMemory.buffer);
    const needle = new TextEncoder().encode(s);
    let count = 0;
    for (let i = memory.indexOf(needle[0]); i !== -1 && i <= memory.length - needle.length; i = memory.indexOf(needle[0], i + 1)) {
      let j = 1;
      while (j < needle.length && memory[i + j] === needle[j]) j += 1;
      if (j === needle.length) count += 1;
    }
    return count;
  }, text);
}

// ---------------------------------------------------------------------------------------------
// Tokens

/** The claims of a JWT (no signature check). */
export function jwtClaims(token) {
  const [, payload] = token.split('.');
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
}

/** Every token the token endpoint handed out, from the recorded responses: `{ name, value }`. */
export async function issuedTokens(rec) {
  await rec.settle();
  const tokens = [];
  for (const r of rec.log.responses) {
    if (!/\/oauth2\/v2\.0\/token$/.test(new URL(r.url).pathname) || r.status !== 200 || !r.body) continue;
    const body = JSON.parse(r.body);
    for (const kind of ['access_token', 'refresh_token', 'id_token']) {
      if (body[kind]) tokens.push({ name: `${kind} #${tokens.length + 1}`, kind, value: body[kind] });
    }
  }
  return tokens;
}

// ---------------------------------------------------------------------------------------------
// OAuth helpers

/**
 * Rewrites the claims of the id_token in every token-endpoint answer the page receives (from a
 * test-only init script wrapping `fetch`; the signature is left as it was). `patch` is an object
 * of claims to set; a `null` value deletes the claim; `{ "$add": n }` adds n to a numeric claim.
 */
export async function tamperIdTokens(context, patch) {
  await context.addInitScript((patch) => {
    const b64urlDecode = (s) => decodeURIComponent(escape(atob(s.replace(/-/g, '+').replace(/_/g, '/'))));
    const b64urlEncode = (s) => btoa(unescape(encodeURIComponent(s))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    const original = window.fetch;
    window.fetch = async function (input, init) {
      const response = await original.call(this, input, init);
      const url = typeof input === 'string' ? input : input.url;
      if (!/\/oauth2\/v2\.0\/token$/.test(new URL(url, location.href).pathname) || !response.ok) return response;
      const body = await response.json();
      if (body.id_token) {
        const [header, payload, signature] = body.id_token.split('.');
        const claims = JSON.parse(b64urlDecode(payload));
        for (const [k, v] of Object.entries(patch)) {
          if (v === null) delete claims[k];
          else if (typeof v === 'object' && '$add' in v) claims[k] += v.$add;
          else claims[k] = v;
        }
        body.id_token = [header, b64urlEncode(JSON.stringify(claims)), signature].join('.');
      }
      return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
    };
  }, patch);
}

/** SHA-256 then base64url: PKCE's S256 challenge of a verifier. */
export function s256(verifier) {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** Query parameters of a URL as an object. */
export function params(url) {
  return Object.fromEntries(new URL(url).searchParams);
}

/** The form fields of a request body. */
export function formFields(body) {
  return Object.fromEntries(new URLSearchParams(body));
}

/** Authorize navigations (GET …/oauth2/v2.0/authorize) the browser made. */
export function authorizeNavigations(rec) {
  return rec.log.requests.filter((r) => r.method === 'GET' && /\/oauth2\/v2\.0\/authorize/.test(r.url));
}

/** Token endpoint requests the browser sent. */
export function tokenRequests(rec) {
  return rec.log.requests.filter((r) => r.method === 'POST' && /\/oauth2\/v2\.0\/token$/.test(new URL(r.url).pathname));
}

/** Page errors and console errors, minus the browser's line for each 404 the engine's
 *  find-or-create reads expect and each 400 Entra answers while a new object replicates. */
export function realProblems(problems) {
  return problems.filter((p) => !/Failed to load resource: the server responded with a status of (404|400)/.test(p));
}

// ---------------------------------------------------------------------------------------------
// Journeys

/** Landing → Entra's sign-in page (one click) → signed in as `user` (second click). */
export async function signIn(page, appUrl, { button = '#sign-in', user = DEMO.admin } = {}) {
  await page.goto(appUrl);
  await page.locator(button).waitFor(WAIT);
  await page.locator(button).click();
  await page.waitForURL(/login\.localhost/, WAIT);
  await page.locator(`#${user.buttonId}`).click();
}

/**
 * The fresh S2S journey up to the revealed secret: sign in, pick the environment, Apply, reveal.
 * Returns the secret's text as the page shows it (and checks it equals the clipboard's after Copy).
 */
export async function runToRevealedSecret(page, appUrl, shots) {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(appUrl).origin });
  await signIn(page, appUrl);
  await page.locator('#environments').waitFor(WAIT);
  await page.locator('.choose-environment').first().click();
  await page.locator('#review').waitFor(WAIT);
  await page.locator('#apply').click();
  await page.locator('#secret').waitFor({ timeout: 120_000 });
  assert.match(await page.locator('#secret-value').textContent(), /^•+$/, 'masked by default');
  await page.locator('#reveal').click();
  await page.locator('#secret-value', { hasNotText: '•' }).waitFor(WAIT);
  const secret = (await page.locator('#secret-value').textContent()).trim();
  assert.ok(secret.length >= 16 && !secret.includes('•'), `revealed: ${secret.length} characters`);
  await page.locator('#copy-secret').click();
  await page.locator('#copy-secret', { hasText: 'Copied' }).waitFor(WAIT);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret, 'the copy button copies the shown secret');
  if (shots) await screenshot(page, `${shots}-revealed`);
  return secret;
}
