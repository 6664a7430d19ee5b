//! A blocked admin learns at once which Entra ID role they lack (the failing roles check).

use syncsetup_core::checks::Finding;
use syncsetup_core::i18n::core_texts::template;
use syncsetup_core::i18n::{Lang, Msg};
use yew::prelude::*;

use crate::text::tr;

/// The missing role, if one is missing.
pub fn role_banner(lang: Lang, problem: Option<&Finding>) -> Html {
    let Some(problem) = problem else {
        return Html::default();
    };
    html! {
        <section class="panel error" role="alert" id="role-problem">
            <h2>{ tr(lang, Msg::RoleNeeded) }</h2>
            <p>{ problem.found.render(lang) }</p>
            if let Some(fix) = &problem.fix {
                <p><strong>{ tr(lang, Msg::Fix) }</strong>{ fix.render(lang) }</p>
            }
            <p class="muted">{ template(lang, problem.why) }</p>
        </section>
    }
}
