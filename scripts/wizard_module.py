#!/usr/bin/env python3
"""Trunk post-build hook: publishes the wizard module beside the landing module.

Trunk preloads one wasm module per page (with integrity hashes); the page's first load is the
small landing module, so the wizard module (everything after sign-in) is built as a Trunk
"worker", which Trunk neither preloads nor names by content. This hook, run in Trunk's staging
folder before it becomes dist/:
  - renames syncsetup.js / syncsetup_bg.wasm to syncsetup-<hash>.js / syncsetup-<hash>_bg.wasm
    (cache busting, as Trunk does for the landing module);
  - writes their names and sha384 integrity values into index.html as
    <meta name="syncsetup-wizard" data-js=… data-js-integrity=… data-wasm=… data-wasm-integrity=…>,
    which boot.js reads to load the module with Subresource Integrity.
"""
import base64
import hashlib
import os
import sys
from pathlib import Path


def integrity(data: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def main() -> int:
    if "TRUNK_STAGING_DIR" not in os.environ:
        print("wizard_module.py: run by Trunk as a post-build hook (TRUNK_STAGING_DIR is not set)", file=sys.stderr)
        return 1
    staging = Path(os.environ["TRUNK_STAGING_DIR"])
    js, wasm = staging / "syncsetup.js", staging / "syncsetup_bg.wasm"
    index = staging / "index.html"
    for f in (js, wasm, index):
        if not f.is_file():
            print(f"wizard_module.py: {f} is missing", file=sys.stderr)
            return 1
    js_bytes, wasm_bytes = js.read_bytes(), wasm.read_bytes()
    digest = hashlib.sha256(js_bytes + wasm_bytes).hexdigest()[:16]
    js_name, wasm_name = f"syncsetup-{digest}.js", f"syncsetup-{digest}_bg.wasm"
    js.rename(staging / js_name)
    wasm.rename(staging / wasm_name)
    meta = (
        f'<meta name="syncsetup-wizard" content="the wizard module" data-js="{js_name}" '
        f'data-js-integrity="{integrity(js_bytes)}" data-wasm="{wasm_name}" '
        f'data-wasm-integrity="{integrity(wasm_bytes)}">'
    )
    html = index.read_text(encoding="utf-8")
    if "</head>" not in html or 'name="syncsetup-wizard"' in html:
        print("wizard_module.py: index.html has no </head>, or a wizard entry already", file=sys.stderr)
        return 1
    index.write_text(html.replace("</head>", meta + "</head>", 1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
