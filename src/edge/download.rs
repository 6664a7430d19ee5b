//! Saving a file the page made (the run report, the calendar reminder): a link with `download`,
//! clicked once. The page is static, so there is no server to download from; the content is
//! already in the `data:` URL.

use wasm_bindgen::JsCast;

/// Offers `url` (a `data:` URL) to the browser as `file_name`.
pub fn save(file_name: &str, url: &str) {
    let Some(link) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
    else {
        return;
    };
    let _ = link.set_attribute("href", url);
    let _ = link.set_attribute("download", file_name);
    if let Ok(link) = link.dyn_into::<web_sys::HtmlElement>() {
        link.click();
    }
}
