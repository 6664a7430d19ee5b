// Starts the app without an inline script, so the page's Content-Security-Policy can allow
// same-origin scripts only. Trunk preloads the hashed wasm-bindgen module and the wasm with
// Subresource Integrity hashes; the module is imported from its (verified) preload, and the
// wasm is fetched with its integrity hash, so the browser refuses a tampered file.
const preload = (selector) => document.querySelector(selector);
const glue = preload('link[rel="modulepreload"]');
const wasm = preload('link[rel="preload"][as="fetch"]');
const { default: init } = await import(glue.href);
await init({
  module_or_path: fetch(wasm.href, { integrity: wasm.integrity, credentials: 'same-origin' }),
});
