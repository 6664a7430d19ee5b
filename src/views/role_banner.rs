//! A blocked admin learns at once which Entra ID role they lack (the failing roles check).

use syncsetup_core::i18n::Msg;
use yew::prelude::*;

use crate::views::WizardRef;

use crate::text::{tr, use_lang};

#[derive(Properties, PartialEq)]
pub struct RoleBannerProps {
    pub wizard: WizardRef,
}

#[function_component(RoleBanner)]
pub fn role_banner(props: &RoleBannerProps) -> Html {
    let lang = use_lang();
    let Some(problem) = props.wizard.role_problem() else {
        return html! {};
    };
    html! {
        <section class="panel error" role="alert" id="role-problem">
            <h2>{ tr(lang, Msg::RoleNeeded) }</h2>
            <p>{ problem.found.clone() }</p>
            <p><strong>{ tr(lang, Msg::Fix) }</strong>{ problem.fix.clone() }</p>
            <p class="muted">{ problem.why }</p>
        </section>
    }
}
