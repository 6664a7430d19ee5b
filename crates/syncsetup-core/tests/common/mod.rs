//! What the tidy tests share: the core's source files, read as text with the items marked
//! `#[cfg(test)]` left out, so a rule about code is not broken (or kept) by a test.

#![allow(dead_code)] // each tidy test uses its own part

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The core crate's `src/`.
pub fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// `<module>.rs` and everything under `<module>/`, tests excluded.
pub fn files_of(module: &str) -> Vec<PathBuf> {
    let mut files = vec![src().join(format!("{module}.rs"))];
    files.extend(rust_files(&src().join(module)));
    files
}

/// The lines of `source` that are code: not comments, not inside an item marked `#[cfg(test)]`
/// (a `mod tests;` line, or a block up to its closing brace).
pub fn code_lines(source: &str) -> Vec<&str> {
    let mut code = Vec::new();
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
        code.push(line);
    }
    code
}

/// The top-level modules a source names through `crate::<module>` in its code.
pub fn named_modules(source: &str) -> BTreeSet<String> {
    let mut named = BTreeSet::new();
    for line in code_lines(source) {
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

/// Every `.rs` file under `dir`, `tests.rs` files left out.
pub fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
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
