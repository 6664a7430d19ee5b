//! Tidy test: the core's manifest names no IO, browser, runtime or randomness crate.
//!
//! This is the architecture invariant "the core does no IO and reads no clock or RNG" made
//! executable, in the way rust-analyzer keeps its tidy checks as tests.

#[test]
fn core_manifest_names_no_io_clock_or_rng_crate() {
    let manifest = include_str!("../Cargo.toml");
    let forbidden = [
        "yew",
        "web-sys",
        "js-sys",
        "gloo",
        "wasm-bindgen",
        "tokio",
        "reqwest",
        "getrandom",
        "rand",
        "chrono",
    ];
    for line in manifest.lines() {
        let name = line.split('=').next().unwrap_or_default().trim();
        for bad in forbidden {
            assert!(
                !(name == bad || name.starts_with(&format!("{bad}-"))),
                "crates/syncsetup-core/Cargo.toml names `{name}`: the core must stay free of IO, clocks and RNGs"
            );
        }
    }
}

#[test]
fn core_sources_read_no_clock() {
    let sources = [
        include_str!("../src/session.rs"),
        include_str!("../src/auth/flow.rs"),
        include_str!("../src/auth/authorize.rs"),
    ];
    for source in sources {
        assert!(
            !source.contains("SystemTime::now") && !source.contains("Instant::now"),
            "the core takes time as an argument"
        );
    }
}
