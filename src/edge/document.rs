//! The document itself: the language attribute, focus after a screen change, and the browser's
//! preferred language.

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// `navigator.language` (`nl-NL`, `en-US`…), or empty when the browser does not say.
pub fn browser_language() -> String {
    web_sys::window()
        .and_then(|w| w.navigator().language())
        .unwrap_or_default()
}

/// Sets `<html lang>`, so screen readers pronounce the page in the chosen language.
pub fn set_language(tag: &str) {
    if let Some(root) = document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", tag);
    }
}

/// Moves keyboard focus to the element with this id (a screen's heading, after the screen
/// changed), so keyboard and screen-reader users start reading at the new screen.
pub fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(element) = document()
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}
