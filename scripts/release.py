#!/usr/bin/env python3
"""Packs the release an IT admin deploys without Rust: `make release` runs it after `make build`.

target/release-archive/sync-setup-<version>.zip holds one folder, sync-setup-<version>/, with
  site/                  the built dist/ as it is published (index.html, boot.js, css, wasm, js);
  config.json.example    every config.json field, documented in comment keys (deploy/);
  DEPLOY.md              the deployment guide (deploy/DEPLOY.md);
  hosting/               the recipes DEPLOY.md names: nginx, IIS, Azure Static Web Apps, Apache;
  sbom.cdx.json          the CycloneDX bill of materials of the wasm crates (cargo-cyclonedx);
  SHA256SUMS             a SHA-256 line per file above, for `sha256sum -c SHA256SUMS`.
Beside the zip: the same SBOM and `sync-setup-<version>.zip.sha256`.

The zip is reproducible: entries sorted, every timestamp SOURCE_DATE_EPOCH (default: the last
commit's time), mode 0644, so two builds of one commit give the same bytes when the wasm
does. Only the standard library: the machines that run it have Python, not zip(1).
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
import tomllib
import uuid
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "target" / "release-archive"
# deploy/<folder> → hosting/<folder> in the archive: what each static host needs.
RECIPES = ["nginx", "iis", "azure-static-web-apps", "apache"]


def fail(message: str) -> None:
    print(f"release: {message}", file=sys.stderr)
    sys.exit(1)


def version() -> str:
    with open(ROOT / "Cargo.toml", "rb") as f:
        return tomllib.load(f)["package"]["version"]


def source_date_epoch() -> int:
    if "SOURCE_DATE_EPOCH" in os.environ:
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, check=True,
                             capture_output=True, text=True).stdout.strip()
        return int(out)
    except (subprocess.CalledProcessError, ValueError, FileNotFoundError):
        return 315532800  # 1980-01-01, the earliest time a zip entry can carry


def sbom(dest: Path, epoch: int) -> None:
    """The wasm app's dependency tree for its real target (not the host's), without build-time
    dependencies, written by cargo-cyclonedx beside each workspace manifest, then moved here.
    Its two varying fields are made reproducible: the timestamp is the release's epoch, and the
    serial number (CycloneDX: "every unique version of a BOM ... should have a unique serial
    number") is a UUIDv5 of the SBOM's own content, so a new dependency set gets a new one."""
    name = "sync-setup-sbom-tmp"
    subprocess.run(["cargo", "cyclonedx", "-q", "--format", "json", "--spec-version", "1.5",
                    "--target", "wasm32-unknown-unknown", "--no-build-deps",
                    "--override-filename", name], cwd=ROOT, check=True)
    produced = ROOT / f"{name}.json"
    if not produced.is_file():
        fail(f"cargo cyclonedx wrote no {produced}")
    bom = json.loads(produced.read_text())
    if bom.get("metadata", {}).get("component", {}).get("name") != "syncsetup":
        fail("the SBOM does not describe the syncsetup crate")
    produced.unlink()
    bom["metadata"]["timestamp"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))
    bom.pop("serialNumber", None)
    content = json.dumps(bom, sort_keys=True)
    bom["serialNumber"] = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'sync-setup-sbom:' + content)}"
    dest.write_text(json.dumps(bom, indent=2) + "\n")
    # It also writes one per other workspace member (core, emulator): the app's SBOM already
    # lists the core crate, and the emulator is not shipped.
    for stray in ROOT.glob(f"crates/*/{name}.json"):
        stray.unlink()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> None:
    dist = ROOT / "dist"
    if not (dist / "index.html").is_file():
        fail("dist/index.html is missing: run `make build` first")
    if (dist / "config.json").exists():
        fail("dist/ holds a config.json: a release ships config.json.example only")

    v = version()
    top = f"sync-setup-{v}"
    stage = OUT / top
    if stage.exists():
        shutil.rmtree(stage)
    stage.mkdir(parents=True)

    shutil.copytree(dist, stage / "site")
    shutil.copy(ROOT / "deploy" / "config.json.example", stage / "config.json.example")
    shutil.copy(ROOT / "deploy" / "DEPLOY.md", stage / "DEPLOY.md")
    for recipe in RECIPES:
        source = ROOT / "deploy" / recipe
        if not source.is_dir():
            fail(f"deploy/{recipe}/ is missing")
        shutil.copytree(source, stage / "hosting" / recipe)
    epoch = max(source_date_epoch(), 315532800)
    sbom(stage / "sbom.cdx.json", epoch)

    files = sorted(p for p in stage.rglob("*") if p.is_file())
    sums = "".join(f"{sha256(p)}  {p.relative_to(stage).as_posix()}\n" for p in files)
    (stage / "SHA256SUMS").write_text(sums)
    files.append(stage / "SHA256SUMS")

    archive = OUT / f"{top}.zip"
    when = time.gmtime(epoch)[:6]
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for path in sorted(files):
            info = zipfile.ZipInfo(f"{top}/{path.relative_to(stage).as_posix()}", date_time=when)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, path.read_bytes())
    (OUT / f"{top}.zip.sha256").write_text(f"{sha256(archive)}  {archive.name}\n")
    shutil.copy(stage / "sbom.cdx.json", OUT / f"{top}.sbom.cdx.json")
    print(f"release: {archive.relative_to(ROOT)} ({archive.stat().st_size} bytes, {len(files)} files)")


if __name__ == "__main__":
    main()
