//! The checks: Marketo's seven Validate Sync Setup items in Marketo's order, then the rest, each
//! ✓ / ! / ✗ with what was found, and a fix button that goes back to the plan at the step that
//! fixes it.

use syncsetup_core::checks::{Finding, Verdict};
use syncsetup_core::i18n::{Lang, Msg};
use syncsetup_core::wizard::{ChecksScreen, Event, Prominence};
use yew::prelude::*;

use crate::views::action;

use crate::components::badge::{verdict_mark, verdict_word};
use crate::components::notice_banner::notice_banner;
use crate::text::{tr, trf};

/// The checks screen.
pub fn checks(lang: Lang, s: &ChecksScreen, on: &Callback<Event>) -> Html {
    let t = |m| tr(lang, m);
    let summary = s.summary;
    let mut line = trf(
        lang,
        Msg::SummaryLine,
        &[
            &summary.passed.to_string(),
            &summary.warnings.to_string(),
            &summary.failed.to_string(),
        ],
    );
    if summary.unknown > 0 {
        line.push_str(&trf(
            lang,
            Msg::SummaryUnknown,
            &[&summary.unknown.to_string()],
        ));
    }
    html! {<>
        { notice_banner(lang, s.notice) }
        <section class="panel" aria-labelledby="screen-title" id="checks">
            <h1 id="screen-title" tabindex="-1">{ t(s.title) }</h1>
            <p>{ t(Msg::ChecksIntro) }</p>
            <p id="checks-summary" class="summary" role="status">{ line }</p>
            <h2>{ t(Msg::MarketoChecks) }</h2>
            <ul class="checks" id="marketo-checks">{ for s.marketo.iter().map(|f| row(lang, f, on)) }</ul>
            <h2>{ t(Msg::OtherChecks) }</h2>
            <ul class="checks" id="other-checks">{ for s.others.iter().map(|f| row(lang, f, on)) }</ul>
        </section>
        <div class="actions">
            { action(on, "check-again", "", false, t(Msg::CheckAgain), || Event::CheckAgain) }
            if let Some(prominence) = s.hand_off {
                { action(on, "to-hand-off", if prominence == Prominence::Primary { "primary" } else { "" }, false, t(Msg::ToHandOff), || Event::ShowHandOff) }
            } else {
                <p id="hand-off-after-fixes" class="muted">{ t(Msg::HandOffAfterFixes) }</p>
            }
            { action(on, "back-to-plan", "", false, t(Msg::BackToPlan), || Event::BackToPlan) }
        </div>
    </>}
}

fn row(lang: Lang, finding: &Finding, on: &Callback<Event>) -> Html {
    let title = finding.title_in(lang);
    let title = match finding.marketo_item {
        Some(n) => format!("{n}. {title}"),
        None => title.to_owned(),
    };
    let fix = finding.fix_offered().map(|step| {
        let on = on.clone();
        html! {
            <button type="button" class="fix" id={format!("fix-{}", finding.id.slug())}
                onclick={Callback::from(move |_: MouseEvent| on.emit(Event::FixClicked(step)))}>
                { tr(lang, Msg::FixInPlan) }
            </button>
        }
    });
    let verdict = verdict_word(finding.verdict);
    let row_class = format!("check-row {verdict}");
    html! {
        <li class={row_class} id={format!("check-{}", finding.id.slug())} data-check={finding.id.slug()} data-verdict={verdict}>
            { verdict_mark(lang, finding.verdict) }
            <div class="check-text">
                <strong>{ title }</strong>
                <p>{ finding.found.render(lang) }</p>
                if let Some(fix) = finding.fix.as_ref().filter(|_| finding.verdict != Verdict::Pass) {
                    <p class="fix-text"><strong>{ tr(lang, Msg::Fix) }</strong>{ fix.render(lang) }</p>
                }
                { for fix }
            </div>
        </li>
    }
}
