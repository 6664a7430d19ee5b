//! The clock and the random number generator, handed to the core as plain values.

use syncsetup_core::auth::authorize::SignInEntropy;

/// Seconds since the Unix epoch, from the browser's clock.
pub fn now() -> u64 {
    (js_sys::Date::now() / 1000.0) as u64
}

/// Milliseconds since the Unix epoch, for progress timing and the engine's runtime.
pub fn now_millis() -> u64 {
    js_sys::Date::now() as u64
}

/// A random number from `crypto.getRandomValues` (backoff jitter).
pub fn random_u32() -> u32 {
    u32::from_le_bytes(random_bytes())
}

/// Fresh random bytes from `crypto.getRandomValues`.
fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .expect("this browser has no Web Crypto; it cannot sign in safely")
        .get_random_values_with_u8_array(&mut bytes)
        .expect("crypto.getRandomValues failed");
    bytes
}

/// Randomness for one sign-in: PKCE verifier, state and nonce.
pub fn sign_in_entropy() -> SignInEntropy {
    SignInEntropy {
        verifier: random_bytes(),
        state: random_bytes(),
        nonce: random_bytes(),
    }
}

/// Replaces the page with a readable message if the app panics, instead of a frozen page. The
/// reload is a plain link (to the page itself): the wasm is dead after a panic, and the page's
/// Content-Security-Policy forbids inline event handlers. Installed through Yew
/// (`yew::set_custom_panic_hook`): `Renderer::render` replaces a hook set with
/// `std::panic::set_hook` by its console-only default unless Yew was told one is set
/// (yew 0.23 `renderer.rs`, `set_default_panic_hook`) — security review M3.
pub fn install_panic_hook() {
    yew::set_custom_panic_hook(Box::new(|info| {
        let detail = info.to_string();
        web_sys::console::error_1(&detail.as_str().into());
        if let Some(body) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        {
            body.set_inner_html(
                "<main class=\"page\"><section class=\"panel error\" id=\"panic\" role=\"alert\">\
                 <h2>Something went wrong inside this page.</h2>\
                 <p>The page stopped because of an internal error. Nothing was changed in your tenant by this error.</p>\
                 <p>Reload the page to start again. If it happens again, report the detail below.</p>\
                 <pre id=\"panic-detail\"></pre>\
                 <a class=\"button\" href=\"\">Reload</a></section></main>",
            );
            if let Some(pre) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("panic-detail"))
            {
                pre.set_text_content(Some(&detail));
            }
        }
    }));
}
