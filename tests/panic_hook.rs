//! The panic hook itself, in a real browser: a panic anywhere in the app must replace the page
//! with a readable message (what happened, that nothing changed in the tenant, the panic's
//! detail, a reload that works under the page's Content-Security-Policy) instead of a frozen page.
//!
//! Run with `cargo test --target wasm32-unknown-unknown --test panic_hook`. It needs two lines
//! of wiring that are not in place yet: `wasm-bindgen-test = "0.3"` under the root Cargo.toml's
//! `[dev-dependencies]`, and `.cargo/config.toml` naming `wasm-bindgen-test-runner` as the
//! wasm32 runner. On the host this file compiles to nothing. On wasm32 a panic aborts: the hook runs,
//! then the instance traps. The test therefore panics inside a closure called from JavaScript,
//! which catches the trap (`RuntimeError: unreachable`) and hands back control, and then reads the
//! DOM the hook wrote. Nothing is added to the app for this: the test calls the real
//! `install_panic_hook` and panics for real. One test per binary — after the trap, panicking
//! again in this instance would abort at once.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
let saved = [];
export function save_body() { saved = Array.from(document.body.childNodes); }
export function restore_body() { document.body.replaceChildren(...saved); }
export function call_and_catch(f) {
    try { f(); return ''; } catch (e) { return `${e && e.name}: ${e && e.message}`; }
}
export function text_of(selector) {
    const e = document.querySelector(selector);
    return e ? e.textContent : null;
}
export function attribute_of(selector, name) {
    const e = document.querySelector(selector);
    return e ? e.getAttribute(name) : null;
}
export function inline_handlers() {
    return Array.from(document.body.querySelectorAll('*'))
        .flatMap((e) => Array.from(e.attributes).filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName}[${a.name}]`))
        .join(' ');
}
export function body_html() { return document.body.innerHTML; }
"#)]
extern "C" {
    fn save_body();
    fn restore_body();
    fn call_and_catch(f: &js_sys::Function) -> String;
    fn text_of(selector: &str) -> Option<String>;
    fn attribute_of(selector: &str, name: &str) -> Option<String>;
    fn inline_handlers() -> String;
    fn body_html() -> String;
}

/// Checks without panicking: once the hook is installed and the instance has trapped, a failed
/// `assert!` would run the hook again (and abort), hiding the runner's output; a returned `Err`
/// is reported normally.
fn expect(problems: &mut Vec<String>, ok: bool, what: impl std::fmt::Display) {
    if !ok {
        problems.push(what.to_string());
    }
}

#[wasm_bindgen_test]
fn a_panic_replaces_the_page_with_a_readable_message() -> Result<(), JsValue> {
    save_body();
    syncsetup::edge::env::install_panic_hook();
    let boom = Closure::<dyn FnMut()>::new(|| {
        let detail = "<b>not markup</b>";
        panic!("a test panic with {detail}");
    });
    let thrown = call_and_catch(boom.as_ref().unchecked_ref());
    // Read everything before restoring the runner's page.
    let title = text_of("#panic h2");
    let detail = text_of("#panic-detail").unwrap_or_default();
    let role = attribute_of("#panic", "role");
    let reload = attribute_of("#panic a", "href");
    let handlers = inline_handlers();
    let html = body_html();
    restore_body();

    let mut problems = Vec::new();
    let p = &mut problems;
    expect(
        p,
        thrown.contains("unreachable"),
        format!("the instance did not trap after the hook: {thrown:?}"),
    );
    expect(
        p,
        title.as_deref() == Some("Something went wrong inside this page."),
        format!("title {title:?} in {html}"),
    );
    expect(
        p,
        role.as_deref() == Some("alert"),
        format!("role {role:?}: announced to screen readers"),
    );
    expect(
        p,
        detail.contains("a test panic with <b>not markup</b>"),
        format!("the panic message is not shown: {detail:?}"),
    );
    expect(
        p,
        detail.contains("tests/panic_hook.rs"),
        format!("the panic's location is not shown: {detail:?}"),
    );
    expect(
        p,
        !html.contains("<b>not markup</b>"),
        "the detail became markup",
    );
    expect(
        p,
        html.contains("Nothing was changed in your tenant"),
        "no word on the tenant",
    );
    expect(
        p,
        reload.as_deref() == Some(""),
        format!("no plain reload link (the wasm is dead): {reload:?}"),
    );
    expect(
        p,
        handlers.is_empty(),
        format!("inline event handlers, which the page's CSP blocks: {handlers}"),
    );
    if problems.is_empty() {
        Ok(())
    } else {
        Err(JsValue::from_str(&problems.join("\n")))
    }
}
