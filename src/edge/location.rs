//! The address bar: reading it, cleaning it, watching its fragment, and leaving for Entra ID.

use url::Url;
use wasm_bindgen::JsCast;

fn window() -> web_sys::Window {
    web_sys::window().expect("a browser window")
}

/// The page's current URL.
pub fn current() -> Url {
    let href = window().location().href().expect("location.href");
    Url::parse(&href).expect("the browser's own URL parses")
}

/// Replaces the current history entry's URL without reloading (removes `code` and `state`).
pub fn replace(url: &Url) {
    let _ = window().history().and_then(|h| {
        h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url.as_str()))
    });
}

/// Navigates the whole page to `url` (the sign-in redirect).
pub fn assign(url: &Url) {
    let _ = window().location().assign(url.as_str());
}

/// Loads the page anew at its current address.
pub fn reload() {
    let _ = window().location().reload();
}

/// The URL of a file next to `index.html` (works under any sub-path).
pub fn sibling(name: &str) -> Url {
    current().join(name).expect("a relative file name joins")
}

/// Calls `handler` after every change of the address's fragment that does not load the page
/// (`hashchange`: a link to `#…`, typing in the address bar, back/forward between such entries).
/// A change of path or query loads the page anew and goes through start-up instead, so this one
/// event covers what `popstate` would add. The listener lives as long as the page.
pub fn on_fragment_change(handler: impl Fn() + 'static) {
    let listener = wasm_bindgen::closure::Closure::<dyn Fn()>::new(handler);
    let _ =
        window().add_event_listener_with_callback("hashchange", listener.as_ref().unchecked_ref());
    listener.forget();
}

/// Calls `handler` when the page is shown again from the back/forward cache (`pageshow` with
/// `persisted`): its script state is as it was left — for instance "leaving for Entra ID" after
/// the admin pressed Back on the sign-in page. The listener lives as long as the page.
pub fn on_restored_from_cache(handler: impl Fn() + 'static) {
    let listener = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::Event)>::new(
        move |event: web_sys::Event| {
            let persisted = js_sys::Reflect::get(&event, &"persisted".into())
                .ok()
                .and_then(|v| v.as_bool())
                .unwrap_or(false);
            if persisted {
                handler();
            }
        },
    );
    let _ =
        window().add_event_listener_with_callback("pageshow", listener.as_ref().unchecked_ref());
    listener.forget();
}
