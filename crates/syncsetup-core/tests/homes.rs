//! Tidy test: a unit of behaviour has one home (issue 17). A check is a row of
//! `checks::CHECKS` with its judge beside it: no other module of the core or the page names a
//! check by its id — the page asks the finding for its slug and title, the wizard asks the checks
//! module for the one finding it shows early. A view that matched on check ids would be a second
//! place to change when a check is added.

mod common;

use std::fs;
use std::path::Path;

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
