//! Tidy test: the application state (`state::AppState`) sits above the data it holds. The
//! directory, the Dataverse store and seeds, the scenarios, the journal, the fault rules, the
//! errors and the clock never name it; only the routers of the services, the control API and the
//! two request layers (`middleware`) take it. A data module that named the state would close a
//! circle (the state holds the journal and the fault rules), which is what issue 17 found: eight
//! files around `AppState`.

use std::fs;
use std::path::{Path, PathBuf};

/// The modules that take the application state: routers and layers (paths below `src/`).
const TAKE_THE_STATE: &[&str] = &[
    "lib.rs",
    "state.rs",
    "control.rs",
    "dataverse.rs",
    "dataverse/batch.rs",
    "discovery.rs",
    "entra.rs",
    "entra/authorize.rs",
    "entra/grants.rs",
    "entra/token.rs",
    "graph.rs",
    "middleware.rs",
    "static_files.rs",
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The file's code before its test module, without comments.
fn code(source: &str) -> String {
    source
        .split("\n#[cfg(test)]")
        .next()
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn names_the_state(code: &str) -> bool {
    code.contains("crate::state") || code.contains("super::state") || code.contains("AppState")
}

#[test]
fn only_routers_and_layers_name_the_application_state() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut naming = Vec::new();
    for file in &files {
        let relative = file
            .strip_prefix(src())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        // The emulator's own tests (`src/tests/`) drive whole routers.
        if relative.starts_with("tests") || TAKE_THE_STATE.contains(&relative.as_str()) {
            continue;
        }
        if names_the_state(&code(&fs::read_to_string(file).unwrap())) {
            naming.push(relative);
        }
    }
    assert!(files.len() > 40, "the sources were found");
    assert!(
        naming.is_empty(),
        "data modules naming the state: {naming:#?}"
    );
}

#[test]
fn the_scan_sees_the_state_in_code_only() {
    assert!(names_the_state(&code(
        "use crate::state::AppState;\nfn f() {}"
    )));
    assert!(!names_the_state(&code(
        "// AppState\nfn f() {}\n#[cfg(test)]\nmod t { use crate::state::AppState; }"
    )));
}
