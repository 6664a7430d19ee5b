// Starts the page without an inline script (the CSP allows none), choosing one of two wasm
// modules built from the same crate:
//  - the landing module (the way in: landing page, registration guide, config.json problems,
//    leaving for Entra ID) — the first load. Trunk preloads its wasm-bindgen module and wasm with
//    integrity hashes;
//  - the wizard module (everything after sign-in, and the way in again) — when Entra's answer is in
//    the address, or this tab holds a session (the active account's key in sessionStorage; see
//    src/edge/storage.rs). Its names and hashes are in <meta name="syncsetup-wizard">
//    (scripts/wizard_module.py).
// Either way the wasm is fetched with its hash and the module is imported only from a verified
// preload, so the browser refuses a tampered file. The hash needs the whole wasm, so compilation
// starts once it is in, but before the module import is awaited: the two overlap. The landing module, once up, prefetches the wizard
// module's files so the page that Entra's answer opens finds them in the cache.
const link = (selector) => document.querySelector(selector);
// Written by scripts/wizard_module.py at build time; without it only the landing module can run.
const wizard = link('meta[name="syncsetup-wizard"]')?.dataset ?? {};

function hasSession() {
  try {
    return sessionStorage.getItem('syncsetup.account') !== null;
  } catch (blocked) {
    return false; // storage blocked: no session can have been kept
  }
}
// An OAuth answer: a code or an error, in the fragment (what the page asks for) or the query
// (see syncsetup_core::auth::callback::parse).
const answer = [location.hash, location.search].some((part) => {
  const params = new URLSearchParams(part.slice(1));
  return params.has('code') || params.has('error');
});

/// The wasm at `href`, checked against `integrity`, then compiled — started before the
/// wasm-bindgen module is imported, so compiling and importing overlap (the module's init takes a
/// compiled module as well as a response). A host that serves the wasm with another type than
/// application/wasm (which `compileStreaming` insists on) gets the whole-file path.
function compile(href, integrity) {
  return fetch(href, { integrity, credentials: 'same-origin' }).then((response) => {
    if (!response.ok) throw new Error(href + ': HTTP ' + response.status);
    return (response.headers.get('Content-Type') || '').startsWith('application/wasm')
      ? WebAssembly.compileStreaming(response)
      : response.arrayBuffer().then((bytes) => WebAssembly.compile(bytes));
  });
}

/// Resolves once `href` sits in the module map, checked against `integrity`.
function preloadModule(href, integrity) {
  return new Promise((resolve, reject) => {
    const preload = Object.assign(document.createElement('link'), { rel: 'modulepreload', href, integrity, crossOrigin: 'anonymous' });
    preload.onload = resolve;
    preload.onerror = () => reject(new Error(href + ' was refused or did not load'));
    document.head.append(preload);
  });
}

async function start() {
  if (answer || hasSession()) {
    if (!wizard.js) throw new Error('index.html names no wizard module');
    const compiled = compile(wizard.wasm, wizard.wasmIntegrity);
    await preloadModule(wizard.js, wizard.jsIntegrity);
    const glue = await import(new URL(wizard.js, document.baseURI).href);
    await glue['default']({ module_or_path: compiled });
  } else {
    const glue = link('link[rel="modulepreload"]');
    // index.html also preloads config.json as a fetch: pick the wasm by its type.
    const wasm = link('link[rel="preload"][as="fetch"][type="application/wasm"]');
    const compiled = compile(wasm.href, wasm.integrity);
    const module = await import(glue.href);
    await module['default']({ module_or_path: compiled });
    // Once the page is idle (the landing page drawn), so the prefetch never delays it. Safari has
    // no requestIdleCallback: a timeout stands in.
    const whenIdle = window.requestIdleCallback || ((callback) => setTimeout(callback, 200));
    if (wizard.js) whenIdle(() => {
      for (const href of [wizard.js, wizard.wasm]) {
        document.head.append(Object.assign(document.createElement('link'), { rel: 'prefetch', href, crossOrigin: 'anonymous' }));
      }
    });
  }
}

// An OAuth answer in the address must leave it even when the page cannot start (only the wasm
// would have taken it out). The parameter list is syncsetup_core::auth::callback's.
const OAUTH_PARAMS = ['code', 'state', 'session_state', 'error', 'error_description', 'error_uri', 'error_codes', 'client_info'];
function withoutAnswer(part) {
  const params = new URLSearchParams(part.slice(1));
  OAUTH_PARAMS.forEach((name) => params.delete(name));
  const rest = params.toString();
  return rest ? part[0] + rest : '';
}

// A module that does not load (network, or a file that fails its integrity check) must not leave
// the spinner turning forever: say so, and offer a reload. The page's language is not known yet,
// so this one message is English, like the panic message of src/edge/env.rs — which it leaves in
// place when the app itself stopped while starting.
// Never inside a frame (clickjacking, RFC 9700 §4.16: Apply, teardown and removing old secrets
// are one click each; security review L2). A <meta> policy cannot say frame-ancestors, so the
// hosting recipes (README, "Hosting") also send frame-ancestors 'none' and X-Frame-Options: DENY;
// this covers a host that does not. Reading window.top of a cross-origin parent can throw: framed.
function framed() {
  try {
    return window.top !== window.self;
  } catch (crossOrigin) {
    return true;
  }
}

if (framed()) {
  const main = Object.assign(document.createElement('main'), { className: 'page' });
  main.innerHTML = '<section class="panel error" id="framed" role="alert">'
    + '<h2>This page does not run inside another page.</h2>'
    + '<p>It changes your tenant with single clicks, so it only runs in a tab of its own.</p>'
    + '<a class="button" target="_blank" rel="noopener" href="">Open it in its own tab</a></section>';
  if (answer) history.replaceState(null, '', location.pathname + withoutAnswer(location.search) + withoutAnswer(location.hash));
  main.querySelector('a').href = location.href;
  document.body.replaceChildren(main);
} else start().catch((error) => {
  console.error(error);
  if (answer) history.replaceState(null, '', location.pathname + withoutAnswer(location.search) + withoutAnswer(location.hash));
  if (document.getElementById('panic')) return;
  const main = Object.assign(document.createElement('main'), { className: 'page' });
  main.innerHTML = '<section class="panel error" id="load-failed" role="alert">'
    + '<h2>This page could not start.</h2>'
    + '<p>One of its files did not load, or did not match its integrity hash, so the browser refused it. Nothing was changed in your tenant.</p>'
    + '<p>Reload the page to try again. If it keeps failing, the site\'s files may be incomplete or altered: tell whoever hosts this page.</p>'
    + '<a class="button" href="">Reload</a></section>';
  document.body.replaceChildren(main);
});
