//! Tidy test: a unit of behaviour has one home (issue 17). A check is a row of
//! `checks::CHECKS` with its judge beside it: no other module of the core or the page names a
//! check by its id — the page asks the finding for its slug and title, the wizard asks the checks
//! module for the one finding it shows early. A view that matched on check ids would be a second
//! place to change when a check is added.
//!
//! A step's home is `engine/steps.rs` (its row and dispatch) and its file under `engine/steps/`;
//! the checks' table names the step that fixes each check. Nothing else names a step by id: the
//! plan loops over the table, apply batches by the table's `runs`, teardown follows
//! `steps::TEARDOWN_ORDER`, and the wizard asks the step files what a change or an event means
//! (`steps::created_app`, `steps::creates_the_secret`, `steps::focus_after_migration`).

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use common::{code_lines, rust_files, src};

/// Where `CheckId::` may be named in code: the checks module itself.
fn check_home(path: &Path) -> bool {
    let checks = src().join("checks");
    path == src().join("checks.rs") || path.starts_with(&checks)
}

#[test]
fn check_ids_are_named_only_in_the_checks_module() {
    let page = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../src");
    let mut outside = Vec::new();
    for file in rust_files(&src()).into_iter().chain(rust_files(&page)) {
        if check_home(&file) {
            continue;
        }
        let source = fs::read_to_string(&file).unwrap();
        for line in code_lines(&source) {
            if line.contains("CheckId::") {
                outside.push(format!("{}: {line}", file.display()));
            }
        }
    }
    assert!(
        rust_files(&page).len() > 10,
        "the page's sources were found"
    );
    assert!(outside.is_empty(), "{outside:#?}");
}

fn step_home(path: &Path) -> bool {
    let engine = src().join("engine");
    path == engine.join("steps.rs")
        || path.starts_with(engine.join("steps"))
        || path == src().join("checks.rs")
}

/// Whether a code line names a step by id (`StepId::ApplicationUser`; not `StepId::ALL`).
fn names_a_step(line: &str) -> bool {
    line.match_indices("StepId::").any(|(at, _)| {
        let rest = &line[at + "StepId::".len()..];
        let mut chars = rest.chars();
        chars.next().is_some_and(|c| c.is_ascii_uppercase())
            && chars.next().is_some_and(|c| c.is_ascii_lowercase())
    })
}

#[test]
fn step_ids_are_named_only_in_the_step_files_the_step_table_and_the_check_table() {
    let root: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let root = root.canonicalize().unwrap();
    let page = root.join("src");
    let mut naming = BTreeSet::new();
    for file in rust_files(&src()).into_iter().chain(rust_files(&page)) {
        if step_home(&file) {
            continue;
        }
        let file = file.canonicalize().unwrap();
        let source = fs::read_to_string(&file).unwrap();
        if code_lines(&source).iter().any(|line| names_a_step(line)) {
            naming.insert(
                file.strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
        }
    }
    assert!(
        naming.is_empty(),
        "these name a StepId outside engine/steps/: move the logic into the step's file {naming:#?}"
    );
    assert!(names_a_step("Some(StepId::Publish)") && !names_a_step("StepId::ALL"));
}

/// The page's views and components render what they are given: only the shell (`app.rs`,
/// `landing_app.rs`, `session.rs`, `jobs.rs`) and `src/edge/` touch storage, the address bar,
/// fetch, the clock or randomness (issue 17: "views decide nothing and touch no edge").
#[test]
fn views_and_components_touch_no_edge() {
    let page = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../src");
    let mut touching = Vec::new();
    for dir in ["views", "components"] {
        let files = rust_files(&page.join(dir));
        assert!(!files.is_empty(), "src/{dir} was found");
        for file in files {
            let source = fs::read_to_string(&file).unwrap();
            for line in code_lines(&source) {
                if line.contains("crate::edge") || line.contains("edge::") {
                    touching.push(format!("{}: {line}", file.display()));
                }
            }
        }
    }
    assert!(touching.is_empty(), "{touching:#?}");
}

/// The screens render their own types (`wizard::screens`: `ReviewScreen`, `ChecksScreen`…), built
/// by the wizard with every decision made; a view that took the whole `Wizard` could decide again
/// what the wizard already decided (issue 17: "the shell sees a view model").
#[test]
fn views_and_components_render_screen_types_not_the_wizard() {
    let page = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../src");
    let mut naming = Vec::new();
    for dir in ["views", "components"] {
        for file in rust_files(&page.join(dir)) {
            let source = fs::read_to_string(&file).unwrap();
            for line in code_lines(&source) {
                if line
                    .split(|c: char| !c.is_alphanumeric() && c != '_')
                    .any(|word| word == "Wizard")
                {
                    naming.push(format!("{}: {line}", file.display()));
                }
            }
        }
    }
    assert!(naming.is_empty(), "{naming:#?}");
}
