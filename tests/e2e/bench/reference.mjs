// The site the load benchmarks serve: a copy of the built app at / and, at /ref/, the reference
// page of issue 8 — a page that only loads @azure/msal-browser's minified bundle (npm) and
// creates a PublicClientApplication, then shows an enabled #sign-in button — and what both load
// benchmarks (load.mjs, load_trace.mjs) count as "interactive", so they measure the same thing
// against the same page.
import { cpSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import path from 'node:path';

// The package's exports map hides lib/; read the file where npm put it.
const msalFile = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', '@azure', 'msal-browser', 'lib', 'msal-browser.min.js');

/** A new temporary folder holding `dist` at its root and the reference page under ref/. */
export function siteWithReference(dist) {
  const site = mkdtempSync(path.join(os.tmpdir(), 'syncsetup-load-'));
  cpSync(dist, site, { recursive: true });
  mkdirSync(path.join(site, 'ref'));
  cpSync(msalFile, path.join(site, 'ref', 'msal-browser.min.js'));
  writeFileSync(path.join(site, 'ref', 'index.html'), `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>MSAL reference</title><link rel="icon" href="data:,">
<script src="msal-browser.min.js"></script></head>
<body><script src="start.js"></script></body></html>`);
  writeFileSync(path.join(site, 'ref', 'start.js'), `
const app = new msal.PublicClientApplication({ auth: { clientId: '5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', authority: location.origin.replace('app.', 'login.') + '/organizations' } });
app.initialize().then(() => { const b = document.createElement('button'); b.id = 'sign-in'; b.textContent = 'Sign in'; document.body.append(b); });
`);
  return site;
}

/**
 * An init script: records `performance.now()` as `window.__interactive`, and a user-timing mark
 * `syncsetup-interactive` (which traces show), when an enabled #sign-in button first exists.
 */
export const MARK_INTERACTIVE = () => {
  const seen = () => { const b = document.getElementById('sign-in'); return b && !b.disabled; };
  new MutationObserver(() => {
    if (!window.__interactive && seen()) { window.__interactive = performance.now(); performance.mark('syncsetup-interactive'); }
  }).observe(document, { childList: true, subtree: true, attributes: true });
};
