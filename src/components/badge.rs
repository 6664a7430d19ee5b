//! Status marks: a plan step's status and a check's verdict, as a symbol plus words (never colour
//! alone).

use syncsetup_core::checks::Verdict;
use syncsetup_core::engine::plan::Status;
use syncsetup_core::i18n::{Lang, Msg};
use yew::prelude::*;

use crate::text::tr;

/// ✓ Done, → To do, ? Needs your answer, ✗ Blocked, – Not needed.
pub fn status_badge(lang: Lang, status: &Status) -> Html {
    let (class, symbol, msg) = match status {
        Status::Done(_) => ("badge done", "✓", Msg::StatusDone),
        Status::ToDo(_) => ("badge todo", "→", Msg::StatusToDo),
        Status::NeedsAnswer(_) => ("badge ask", "?", Msg::StatusNeedsAnswer),
        Status::Blocked(_) => ("badge blocked", "✗", Msg::StatusBlocked),
        Status::NotApplicable(_) => ("badge na", "–", Msg::StatusNotApplicable),
    };
    html! {
        <span {class}><span aria-hidden="true">{ symbol }</span>{ " " }{ tr(lang, msg) }</span>
    }
}

/// ✓ / ! / ✗ / ? / – with the verdict in words for screen readers.
pub fn verdict_mark(lang: Lang, verdict: Verdict) -> Html {
    let (class, symbol, msg) = match verdict {
        Verdict::Pass => ("mark pass", "✓", Msg::VerdictPass),
        Verdict::Warn => ("mark warn", "!", Msg::VerdictWarn),
        Verdict::Fail => ("mark fail", "✗", Msg::VerdictFail),
        Verdict::Unknown => ("mark unknown", "?", Msg::VerdictUnknown),
        Verdict::NotApplicable => ("mark na", "–", Msg::VerdictNotApplicable),
    };
    html! {
        <span {class} role="img" aria-label={tr(lang, msg)} title={tr(lang, msg)}>{ symbol }</span>
    }
}

/// The verdict as `data-verdict` spells it (the checks rows and the environment picker).
pub fn verdict_word(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Pass => "pass",
        Verdict::Warn => "warn",
        Verdict::Fail => "fail",
        Verdict::Unknown => "unknown",
        Verdict::NotApplicable => "na",
    }
}
