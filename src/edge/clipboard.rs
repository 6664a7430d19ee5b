//! The clipboard (`navigator.clipboard.writeText`), for the copy buttons.

/// Copies `text`; false when the browser refused (no permission, not a secure context).
pub async fn copy(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let promise = window.navigator().clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}
