//! The warning a page served from a path of a shared origin shows (security review H1): its
//! tokens are readable by every other page of that origin, so it names the origin, the path, and
//! where to host it instead. What counts as shared is the core's rule
//! (`wizard::bootstrap::shared_origin`).

use syncsetup_core::i18n::{Lang, Msg};
use syncsetup_core::wizard::bootstrap::SharedOrigin;
use yew::prelude::*;

use crate::text::{tr, trf};

/// The warning panel, when `shared` says the page shares its origin.
pub fn shared_origin_warning(lang: Lang, shared: Option<&SharedOrigin>) -> Html {
    let Some(s) = shared else {
        return Html::default();
    };
    html! {
        <section class="panel notice" id="shared-origin" role="alert">
            <h2>{ tr(lang, Msg::SharedOriginTitle) }</h2>
            <p>{ trf(lang, Msg::SharedOriginWhy, &[&s.path, &s.origin]) }</p>
            <p>{ trf(lang, Msg::SharedOriginFix, &[&s.suggestion]) }</p>
        </section>
    }
}
