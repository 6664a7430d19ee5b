//! Tidy test: the core's modules are layered, and the lower layers never name an upper one.
//!
//! From the bottom: plain values (`secret`, `http`, `config`, …); the sign-in, the facts and the
//! sending with retries; the API modules (Graph, Global Discovery, Dataverse), which build requests
//! and parse answers into facts; and the engine with the checks, texts and wizard above them. An
//! API module that imported the engine would make the engine's decisions part of the wire format
//! (issue 17: "layers point down only"). Every module must be placed in [`LAYERS`], so a new one
//! is a deliberate choice. The upper layer still has cycles of its own (checks, i18n, wizard);
//! they are not checked here yet.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// Each top-level module of `src/` and its layer, lowest first.
const LAYERS: &[(&str, u8)] = &[
    ("secret", 0),
    ("small_sort", 0),
    ("time", 0),
    ("explain", 0),
    ("odata", 0),
    ("http", 0),
    ("config", 0),
    ("session", 1),
    ("auth", 1),
    ("facts", 1),
    ("transport", 1),
    ("graph", 2),
    ("dataverse", 2),
    ("discovery_service", 2),
    ("engine", 3),
    ("checks", 3),
    ("i18n", 3),
    ("input", 3),
    ("report", 3),
    ("wizard", 3),
];

/// The layer whose modules may name each other freely (for now).
const TOP: u8 = 3;

fn layer(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, l)| *l)
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// `<module>.rs` and everything under `<module>/`, tests excluded.
fn files_of(module: &str) -> Vec<PathBuf> {
    let mut files = vec![src().join(format!("{module}.rs"))];
    let mut dirs = vec![src().join(module)];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs")
                && path.file_name().is_some_and(|n| n != "tests.rs")
            {
                files.push(path);
            }
        }
    }
    files
}

/// The top-level modules a source names through `crate::<module>`, outside comments and outside
/// items marked `#[cfg(test)]` (a `mod tests;` line, or a block up to its closing brace).
fn named_modules(source: &str) -> BTreeSet<String> {
    let mut named = BTreeSet::new();
    let mut skipping_test_item = false;
    let mut depth: i64 = 0;
    for line in source.lines() {
        let line = line.trim_start();
        if line.starts_with("//") {
            continue;
        }
        if line.starts_with("#[cfg(test)]") {
            skipping_test_item = true;
            depth = 0;
            continue;
        }
        if skipping_test_item {
            depth += line.matches('{').count() as i64 - line.matches('}').count() as i64;
            if depth <= 0 && (line.ends_with(';') || line.ends_with('}')) {
                skipping_test_item = false;
            }
            continue;
        }
        for (at, _) in line.match_indices("crate::") {
            let rest = &line[at + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                named.insert(name);
            }
        }
    }
    named
}

#[test]
fn every_module_has_a_layer() {
    let mut unplaced = Vec::new();
    for entry in fs::read_dir(src()).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(module) = name.strip_suffix(".rs") {
            if module != "lib" && layer(module).is_none() {
                unplaced.push(module.to_owned());
            }
        }
    }
    assert!(
        unplaced.is_empty(),
        "place these modules in LAYERS (tests/layers.rs): {unplaced:?}"
    );
}

#[test]
fn lower_layers_never_name_an_upper_one() {
    let mut upward = Vec::new();
    for (module, own) in LAYERS.iter().filter(|(_, l)| *l < TOP) {
        for file in files_of(module) {
            let Ok(source) = fs::read_to_string(&file) else {
                continue;
            };
            for named in named_modules(&source) {
                if let Some(theirs) = layer(&named) {
                    if theirs > *own {
                        upward.push(format!(
                            "{} names crate::{named} (layer {theirs} above {module}'s {own})",
                            file.strip_prefix(src()).unwrap().display()
                        ));
                    }
                }
            }
        }
    }
    assert!(upward.is_empty(), "{upward:#?}");
}

#[test]
fn the_scan_sees_an_upward_import() {
    // The mechanism itself: a use of the engine in code is seen, one in a comment or a test is not.
    let source = "use crate::engine::plan::StepId;\n// crate::wizard\nfn f() {}\n#[cfg(test)]\nmod tests {\n    use crate::checks;\n    fn g() {\n    }\n}\n#[cfg(test)]\nmod more;\npub use crate::report::Report;\n";
    let named = named_modules(source);
    assert!(named.contains("engine"));
    assert!(
        named.contains("report"),
        "an item after a test module is still code"
    );
    assert!(!named.contains("wizard") && !named.contains("checks"));
    assert!(
        files_of("dataverse").len() > 3,
        "a module's directory is scanned too"
    );
}
