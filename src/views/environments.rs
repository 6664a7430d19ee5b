//! Choosing the Dataverse environment from Global Discovery's list: friendly name, URL, kind
//! (production, sandbox, trial with its end date… with the warning the checks give, before the
//! irreversible choice), region, state, and whether the admin is System Administrator there.

use syncsetup_core::checks::Verdict;
use syncsetup_core::i18n::{Lang, Msg};
use syncsetup_core::wizard::{EnvironmentsScreen, Event};
use yew::prelude::*;

use crate::components::badge::{verdict_mark, verdict_word};
use crate::components::explanation_panel::problem;
use crate::components::notice_banner::notice_banner;
use crate::text::{tr, trf};
use crate::views::role_banner::role_banner;

/// The environment picker.
pub fn environments(lang: Lang, s: &EnvironmentsScreen, on: &Callback<Event>) -> Html {
    let t = |m| tr(lang, m);
    let (notice, role_problem, list) = match s {
        EnvironmentsScreen::NotRead => return html! {},
        EnvironmentsScreen::Problem(why) => {
            return html! {<>
                { problem(lang, why) }
                { read_again(lang, on) }
            </>}
        }
        EnvironmentsScreen::List {
            notice,
            role_problem,
            rows,
        } => (*notice, role_problem.as_ref(), rows),
    };
    let rows = list.iter().map(|row| {
        let env = row.environment;
        let on = on.clone();
        let url = env.url.clone();
        let choose = Callback::from(move |_: MouseEvent| on.emit(Event::EnvironmentChosen(url.clone())));
        let state = if row.ready { Msg::Ready } else { Msg::NotReady };
        let kind = &row.kind;
        let kind_class = match kind.verdict {
            Verdict::Pass => "kind",
            _ => "kind warning",
        };
        html! {
            <tr data-url={env.url.clone()} data-verdict={verdict_word(kind.verdict)}>
                <th scope="row">{ env.friendly_name.clone() }</th>
                <td class="url" data-label={t(Msg::ColUrl)}>{ env.url.clone() }</td>
                <td class={kind_class} data-label={t(Msg::ColKind)}>
                    { verdict_mark(lang, kind.verdict) }{ " " }{ env.kind_label(lang) }
                </td>
                <td data-label={t(Msg::ColRegion)}>{ env.region.clone() }</td>
                <td data-label={t(Msg::ColState)}>{ t(state) }</td>
                <td data-label={t(Msg::ColSysAdmin)}>{ t(if env.is_user_sys_admin { Msg::Yes } else { Msg::No }) }</td>
                <td>
                    <button class="primary choose-environment" data-url={env.url.clone()} onclick={choose}
                        aria-label={trf(lang, Msg::ChooseNamed, &[&env.friendly_name])}>
                        { t(Msg::Choose) }
                    </button>
                </td>
            </tr>
        }
    });
    // What a kind that is not a plain production environment means, and what to do, per
    // environment: the same finding the checks give once it is chosen.
    let notes = list
        .iter()
        .filter(|row| row.kind_needs_a_note())
        .map(|row| {
            html! {
                <p class="warning kind-note" data-url={row.environment.url.clone()}>
                    <strong>{ row.environment.friendly_name.clone() }{ ": " }</strong>
                    { row.kind.found.render(lang) }
                    if let Some(fix) = row.kind.fix.as_ref() {
                        { " " }{ fix.render(lang) }
                    }
                </p>
            }
        });
    html! {<>
        { notice_banner(lang, notice) }
        { role_banner(lang, role_problem) }
        <section class="panel" aria-labelledby="screen-title" id="environments">
            <h1 id="screen-title" tabindex="-1">{ t(Msg::PickTitle) }</h1>
            <p class="warning">{ t(Msg::PickIntro) }</p>
            <div class="table-scroll">
                <table class="cards">
                    <thead><tr>
                        <th scope="col">{ t(Msg::ColName) }</th>
                        <th scope="col">{ t(Msg::ColUrl) }</th>
                        <th scope="col">{ t(Msg::ColKind) }</th>
                        <th scope="col">{ t(Msg::ColRegion) }</th>
                        <th scope="col">{ t(Msg::ColState) }</th>
                        <th scope="col">{ t(Msg::ColSysAdmin) }</th>
                        <th scope="col"><span class="visually-hidden">{ t(Msg::Choose) }</span></th>
                    </tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
            { for notes }
        </section>
    </>}
}

fn read_again(lang: syncsetup_core::i18n::Lang, on: &Callback<Event>) -> Html {
    let on = on.clone();
    html! {
        <div class="actions">
            <button id="refresh" onclick={Callback::from(move |_: MouseEvent| on.emit(Event::RefreshClicked))}>{ tr(lang, Msg::ReadAgain) }</button>
        </div>
    }
}
