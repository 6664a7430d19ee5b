//! Short-hands for reading the core's message catalog in the page's language (which the root
//! component holds and hands to every screen).

use syncsetup_core::i18n::{self, Lang, Msg};

/// The text of `msg`.
pub fn tr(lang: Lang, msg: Msg) -> &'static str {
    i18n::text(lang, msg)
}

/// The text of `msg` with its `{0}`, `{1}`… filled with `values`, in order.
pub fn trf(lang: Lang, msg: Msg, values: &[&str]) -> String {
    i18n::fill(i18n::text(lang, msg), values)
}
