// Starts the app without an inline script (the CSP allows none). Trunk preloads the wasm-bindgen
// module and the wasm with integrity hashes: the module is imported from its verified preload,
// and the wasm is fetched with its hash, so the browser refuses a tampered file. The wasm's fetch
// starts before the module import is awaited, so neither waits for the other.
const link = (selector) => document.querySelector(selector);
const glue = link('link[rel="modulepreload"]');
// index.html also preloads config.json as a fetch: pick the wasm by its type.
const wasm = link('link[rel="preload"][as="fetch"][type="application/wasm"]');
const response = fetch(wasm.href, { integrity: wasm.integrity, credentials: 'same-origin' });
const { default: init } = await import(glue.href);
await init({ module_or_path: response });
