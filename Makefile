# Sync Setup — every workflow in one place. Each target installs what it is missing, idempotently,
# from the package registries only (crates.io, npm, PyPI, Debian): no tool may download binaries.
#   make demo   build the app and serve it against the emulator's demo tenant
#   make test   every test: core, emulator routes, MSAL fidelity, browser journeys, size budget
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

ROOT := $(CURDIR)
TRUNK_VERSION := 0.21.14
CARGO_DENY_VERSION := 0.20.2
GECKODRIVER_VERSION := 0.37.1
CARGO_CYCLONEDX_VERSION := 0.5.7
# The wasm-bindgen CLI must equal the wasm-bindgen crate in Cargo.lock (pinned with = in Cargo.toml).
WASM_BINDGEN_VERSION := $(shell sed -n '/^name = "wasm-bindgen"$$/{n;s/^version = "\(.*\)"$$/\1/p;}' Cargo.lock 2>/dev/null)
DEMO_PORT ?= 8400
SCENARIO ?= demo
export PATH := $(ROOT)/tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export CARGO_TERM_COLOR := never

APT_PACKAGES := chromium chromium-driver firefox-esr brotli
STAMP := target/.stamps

.PHONY: help tools release demo test deny advisories test-host test-wasm test-fidelity test-e2e dist-panic build size budget fmt clippy faults bench

help:
	@echo "make demo   build the app and serve it against the emulator (http://app.localhost:$(DEMO_PORT)/; SCENARIO=name)"
	@echo "make test   run every test"
	@echo "make release  the deployable archive: target/release-archive/sync-setup-<version>.zip (DEPLOY.md inside)"
	@echo "make size   raw / gzip / brotli bytes of dist/"
	@echo "make faults the fault matrix as a table"
	@echo "make bench  sizes, setup time vs the critical path, validation rounds, scaling"

# ---------------------------------------------------------------------------------------------
# Tools
tools: $(STAMP)/apt $(STAMP)/rust-target $(STAMP)/trunk $(STAMP)/wasm-bindgen-$(WASM_BINDGEN_VERSION) \
       $(STAMP)/npm-tools $(STAMP)/npm-e2e $(STAMP)/venv $(STAMP)/cargo-deny-$(CARGO_DENY_VERSION) \
       $(STAMP)/geckodriver-$(GECKODRIVER_VERSION) $(STAMP)/nginx $(STAMP)/cargo-cyclonedx-$(CARGO_CYCLONEDX_VERSION)

$(STAMP)/apt: Makefile
	@mkdir -p $(STAMP)
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || ! command -v firefox-esr >/dev/null || ! command -v brotli >/dev/null; then \
	  echo "installing $(APT_PACKAGES) from Debian"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $(APT_PACKAGES); \
	fi
	@touch $@

$(STAMP)/rust-target:
	@mkdir -p $(STAMP)
	rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@touch $@

$(STAMP)/trunk:
	@mkdir -p $(STAMP)
	@if [ "$$(trunk --version 2>/dev/null)" != "trunk $(TRUNK_VERSION)" ]; then \
	  echo "installing trunk $(TRUNK_VERSION) (about 8-11 minutes on 2 cores)"; \
	  cargo install --locked trunk@$(TRUNK_VERSION); \
	fi
	@touch $@

# Not --locked: its lockfile asks for a webpki-roots version the registry does not serve.
$(STAMP)/wasm-bindgen-$(WASM_BINDGEN_VERSION): Cargo.lock
	@mkdir -p $(STAMP)
	@test -n "$(WASM_BINDGEN_VERSION)" || { echo "Cargo.lock names no wasm-bindgen"; exit 1; }
	@if [ "$$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then \
	  echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (about 2.5 minutes)"; \
	  cargo install wasm-bindgen-cli@$(WASM_BINDGEN_VERSION); \
	fi
	@touch $@

$(STAMP)/cargo-deny-$(CARGO_DENY_VERSION):
	@mkdir -p $(STAMP)
	@if [ "$$(cargo deny --version 2>/dev/null)" != "cargo-deny $(CARGO_DENY_VERSION)" ]; then \
	  echo "installing cargo-deny $(CARGO_DENY_VERSION) (about 4 minutes)"; \
	  cargo install --locked cargo-deny@$(CARGO_DENY_VERSION); \
	fi
	@touch $@

# Firefox's WebDriver server, for the Firefox journeys (tests/e2e/journeys/firefox.test.mjs).
$(STAMP)/geckodriver-$(GECKODRIVER_VERSION):
	@mkdir -p $(STAMP)
	@if [ "$$(geckodriver --version 2>/dev/null | head -n1)" != "geckodriver $(GECKODRIVER_VERSION)" ]; then \
	  echo "installing geckodriver $(GECKODRIVER_VERSION) (about 2 minutes)"; \
	  cargo install --locked geckodriver@$(GECKODRIVER_VERSION); \
	fi
	@touch $@

$(STAMP)/npm-tools: tools/package.json
	@mkdir -p $(STAMP)
	cd tools && npm install --no-audit --no-fund --loglevel=error
	@wasm-opt --version | grep -q 'version 132' || { echo "wasm-opt on PATH is not binaryen 132: $$(command -v wasm-opt)"; exit 1; }
	@touch $@

$(STAMP)/npm-e2e: tests/e2e/package.json
	@mkdir -p $(STAMP)
	cd tests/e2e && npm install --no-audit --no-fund --loglevel=error
	@touch $@

$(STAMP)/venv: crates/syncsetup-emulator/tests/fidelity/requirements.txt
	@mkdir -p $(STAMP)
	test -x .venv/bin/python || python3 -m venv .venv
	.venv/bin/pip install --quiet --disable-pip-version-check -r crates/syncsetup-emulator/tests/fidelity/requirements.txt
	@touch $@

# Debian's nginx serves the unpacked release in the hosting journey (on loopback, started by the
# test). Installing it must not start Debian's default site on 0.0.0.0:80: a policy-rc.d that
# answers 101 ("action forbidden", invoke-rc.d(8)) holds the service back for the install.
$(STAMP)/nginx:
	@mkdir -p $(STAMP)
	@if ! command -v nginx >/dev/null; then \
	  echo "installing nginx from Debian (not started)"; \
	  made_policy=; if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; made_policy=1; fi; \
	  status=0; { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nginx; } || status=$$?; \
	  if [ -n "$$made_policy" ]; then rm -f /usr/sbin/policy-rc.d; fi; exit $$status; \
	fi
	@touch $@

$(STAMP)/cargo-cyclonedx-$(CARGO_CYCLONEDX_VERSION):
	@mkdir -p $(STAMP)
	@if [ "$$(cargo cyclonedx --version 2>/dev/null)" != "cargo-cyclonedx $(CARGO_CYCLONEDX_VERSION)" ]; then \
	  echo "installing cargo-cyclonedx $(CARGO_CYCLONEDX_VERSION) (the release's SBOM)"; \
	  cargo install --locked cargo-cyclonedx@$(CARGO_CYCLONEDX_VERSION); \
	fi
	@touch $@

# ---------------------------------------------------------------------------------------------
# Build and run
build: tools
	trunk build --release

# The archive an IT admin deploys without Rust: target/release-archive/sync-setup-<version>.zip
# with site/ (the built dist/), config.json.example, DEPLOY.md, the hosting recipes of deploy/,
# the CycloneDX SBOM of the wasm crates and SHA256SUMS (scripts/release.py says what and why).
release: build $(STAMP)/cargo-cyclonedx-$(CARGO_CYCLONEDX_VERSION)
	python3 scripts/release.py

demo: build
	cargo build --quiet -p syncsetup-emulator
	@echo
	@echo "Sync Setup demo: open http://app.localhost:$(DEMO_PORT)/ in Chromium, Chrome, Edge or Firefox"
	@echo "Sign in as Adele Vance (adele@contoso.onmicrosoft.com), Global Administrator of Contoso. Ctrl+C stops."
	@echo
	target/debug/syncsetup-emulator --port $(DEMO_PORT) --scenario $(SCENARIO) --static dist

# ---------------------------------------------------------------------------------------------
# Tests
test: tools deny test-host test-wasm test-fidelity build test-e2e budget
	@echo "make test: all suites passed"

# The dependency graph: licenses, bans and sources (deny.toml says what and why; advisories
# need the RustSec git database, which these machines cannot reach).
deny:
	cargo deny check bans licenses sources

# The RustSec advisories, where the advisory database (a git repository) can be fetched; not part
# of `make test`, whose machines reach the package registries only (deny.toml says why).
advisories: $(STAMP)/cargo-deny-$(CARGO_DENY_VERSION)
	cargo deny check advisories

test-host:
	cargo test --workspace --exclude syncsetup

# Browser tests of the wasm shell itself (the panic hook), in headless Chromium via chromedriver.
test-wasm:
	CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown -p syncsetup --test panic_hook

test-fidelity:
	cargo build --quiet -p syncsetup-emulator
	EMULATOR_BIN=$(ROOT)/target/debug/syncsetup-emulator .venv/bin/python -m pytest -q crates/syncsetup-emulator/tests/fidelity

# The panic-screen journey's build: the app with its test-only panic button (feature test-panic),
# a debug build into its own folder; the shipped dist/ never has the button.
dist-panic: tools
	trunk build --features test-panic --dist target/dist-panic

test-e2e: dist-panic release $(STAMP)/nginx
	cargo build --quiet -p syncsetup-emulator
	cd tests/e2e && EMULATOR_BIN=$(ROOT)/target/debug/syncsetup-emulator DIST=$(ROOT)/dist DIST_PANIC=$(ROOT)/target/dist-panic \
	  RELEASE_DIR=$(ROOT)/target/release-archive GECKODRIVER=$(HOME)/.cargo/bin/geckodriver \
	  SCREENSHOTS=$(ROOT)/target/e2e node --test --test-concurrency=1 journeys/

# The fault matrix (every write step x 429/503/dropped connections/replication lag/token expiry/
# reload), printed as a table; `make test` runs the same test and fails on any red cell.
faults:
	cargo test -p syncsetup-emulator --test faults -- --nocapture

# Benchmarks with figures for BENCHMARKS.md: bundle sizes, then the engine against the emulator
# with 200 ms latency per request (release build), then the browser load comparison. The load
# pages are served by a release build of the emulator: it stands in for a static host, which
# should not be what is measured (a debug build serving files slows the page with more bytes).
bench: build
	@scripts/size.sh dist
	cargo bench -p syncsetup-emulator --bench setup
	cargo build --release --quiet -p syncsetup-emulator
	cd tests/e2e && DIST=$(ROOT)/dist EMULATOR_BIN=$(ROOT)/target/release/syncsetup-emulator node bench/load.mjs

size:
	@scripts/size.sh dist

budget:
	@scripts/size.sh dist --budget size-budget.txt

fmt:
	cargo fmt --all

clippy:
	cargo clippy --workspace --all-targets -- -D warnings
