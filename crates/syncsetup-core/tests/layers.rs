//! Tidy test: the core's modules are layered, and the lower layers never name an upper one.
//!
//! From the bottom: plain values and the catalogs (`secret`, `http`, `config`, `i18n`, …); the sign-in, the facts and the
//! sending with retries; the API modules (Graph, Global Discovery, Dataverse), which build requests
//! and parse answers into facts; the engine; the checks, the typed input and the
//! report; the wizard on top. An API module that imported the engine would make the engine's
//! decisions part of the wire format (issue 17: "layers point down only"). Modules of one layer
//! may name each other; every module must be placed in [`LAYERS`], so a new one is a deliberate
//! choice.

mod common;

use std::fs;

use common::{files_of, named_modules, src};

/// Each top-level module of `src/` and its layer, lowest first.
const LAYERS: &[(&str, u8)] = &[
    ("secret", 0),
    ("small_sort", 0),
    ("time", 0),
    ("explain", 0),
    // The catalogs: keys, languages and the way values are written; everything above names them.
    ("i18n", 0),
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
    ("checks", 4),
    ("input", 4),
    ("report", 4),
    ("wizard", 5),
];

fn layer(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, l)| *l)
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
    for (module, own) in LAYERS {
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
