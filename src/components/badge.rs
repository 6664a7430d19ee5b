//! Status marks: a plan step's status and a check's verdict, as a symbol plus words (never colour
//! alone).

use syncsetup_core::checks::Verdict;
use syncsetup_core::engine::plan::Status;
use syncsetup_core::i18n::Msg;
use yew::prelude::*;

use crate::text::{tr, use_lang};

#[derive(Properties, PartialEq)]
pub struct StatusBadgeProps {
    pub status: Status,
}

/// ✓ Done, → To do, ? Needs your answer, ⛔ Blocked, – Not needed.
#[function_component(StatusBadge)]
pub fn status_badge(props: &StatusBadgeProps) -> Html {
    let lang = use_lang();
    let (class, symbol, msg) = match props.status {
        Status::Done(_) => ("done", "✓", Msg::StatusDone),
        Status::ToDo(_) => ("todo", "→", Msg::StatusToDo),
        Status::NeedsAnswer(_) => ("ask", "?", Msg::StatusNeedsAnswer),
        Status::Blocked(_) => ("blocked", "✗", Msg::StatusBlocked),
        Status::NotApplicable(_) => ("na", "–", Msg::StatusNotApplicable),
    };
    html! {
        <span class={classes!("badge", class)}><span aria-hidden="true">{ symbol }</span>{ " " }{ tr(lang, msg) }</span>
    }
}

#[derive(Properties, PartialEq)]
pub struct VerdictMarkProps {
    pub verdict: Verdict,
}

/// ✓ / ! / ✗ / – with the verdict in words for screen readers.
#[function_component(VerdictMark)]
pub fn verdict_mark(props: &VerdictMarkProps) -> Html {
    let lang = use_lang();
    let (class, symbol, msg) = match props.verdict {
        Verdict::Pass => ("pass", "✓", Msg::VerdictPass),
        Verdict::Warn => ("warn", "!", Msg::VerdictWarn),
        Verdict::Fail => ("fail", "✗", Msg::VerdictFail),
        Verdict::NotApplicable => ("na", "–", Msg::VerdictNotApplicable),
    };
    html! {
        <span class={classes!("mark", class)} role="img" aria-label={tr(lang, msg)} title={tr(lang, msg)}>{ symbol }</span>
    }
}
