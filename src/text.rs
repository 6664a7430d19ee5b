//! The page's language, shared with every component through a Yew context, and short-hands for
//! reading the core's message catalog.

use syncsetup_core::i18n::{self, Lang, Msg};
use yew::prelude::*;

/// The language chosen for the page.
#[hook]
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// The text of `msg`.
pub fn tr(lang: Lang, msg: Msg) -> &'static str {
    i18n::text(lang, msg)
}

/// The text of `msg` with its `{name}` placeholders filled.
pub fn trf(lang: Lang, msg: Msg, values: &[(&str, &str)]) -> String {
    i18n::fill(i18n::text(lang, msg), values)
}
