//! Tidy test: a unit of behaviour has one home (issue 17). A check is a row of
//! `checks::CHECKS` with its judge beside it: no other module of the core or the page names a
//! check by its id — the page asks the finding for its slug and title, the wizard asks the checks
//! module for the one finding it shows early. A view that matched on check ids would be a second
//! place to change when a check is added.
//!
//! A step's home is `engine/steps.rs` (its row and dispatch) and its file under `engine/steps/`;
//! the checks' table names the step that fixes each check. The modules that still name steps by
//! id are listed in [`STEPS_NOT_YET_HOME`]: the list may only shrink — a new module naming a step
//! fails, and so does a listed one that no longer does (then strike it).

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

/// Modules that still name a step by id (paths from the repository root): the Dataverse steps'
/// shared wait (`plan`), the batching of independent steps (`apply`), the changes rotation and
/// teardown record (`maintenance`), the wizard's reactions to particular steps (`wizard.rs` and
/// its event methods in `wizard/events.rs`).
const STEPS_NOT_YET_HOME: &[&str] = &[
    "crates/syncsetup-core/src/engine/apply.rs",
    "crates/syncsetup-core/src/engine/maintenance.rs",
    "crates/syncsetup-core/src/engine/plan.rs",
    "crates/syncsetup-core/src/wizard.rs",
    "crates/syncsetup-core/src/wizard/events.rs",
];

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
fn step_ids_are_named_only_in_their_homes_and_the_shrinking_list() {
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
    let listed: BTreeSet<String> = STEPS_NOT_YET_HOME.iter().map(|s| s.to_string()).collect();
    let new: Vec<_> = naming.difference(&listed).collect();
    let moved: Vec<_> = listed.difference(&naming).collect();
    assert!(
        new.is_empty(),
        "these name a StepId outside engine/steps/: move the logic into the step's file {new:#?}"
    );
    assert!(
        moved.is_empty(),
        "these no longer name a StepId: strike them from STEPS_NOT_YET_HOME {moved:#?}"
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
