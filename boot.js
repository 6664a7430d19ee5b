// Starts the app without an inline script (the CSP allows none). Trunk preloads the wasm-bindgen
// module and the wasm with integrity hashes: the module is imported from its verified preload,
// and the wasm is fetched with its hash, so the browser refuses a tampered file.
const link = (selector) => document.querySelector(selector);
const glue = link('link[rel="modulepreload"]');
const wasm = link('link[rel="preload"][as="fetch"]');
const { default: init } = await import(glue.href);
await init({ module_or_path: fetch(wasm.href, { integrity: wasm.integrity, credentials: 'same-origin' }) });
