//! The wizard's notice above a screen (resumed after a reload, cancelled, a run that stopped…).

use syncsetup_core::i18n::{self, Msg};
use syncsetup_core::wizard::Notice;
use yew::prelude::*;

use crate::components::explanation_panel::ExplanationPanel;
use crate::text::{tr, trf, use_lang};

#[derive(Properties, PartialEq)]
pub struct NoticeBannerProps {
    pub notice: Option<Notice>,
}

#[function_component(NoticeBanner)]
pub fn notice_banner(props: &NoticeBannerProps) -> Html {
    let lang = use_lang();
    let message = match &props.notice {
        None => return html! {},
        Some(Notice::RunFailed(step, explanation)) => {
            let heading = trf(
                lang,
                Msg::RunFailedAt,
                &[("step", i18n::step_title(lang, *step))],
            );
            return html! { <ExplanationPanel explanation={explanation.clone()} heading={Some(AttrValue::from(heading))} /> };
        }
        Some(Notice::Resumed) => Msg::NoticeResumed,
        Some(Notice::ResumedWithPermission) => Msg::NoticeResumedWithPermission,
        Some(Notice::Cancelled) => Msg::NoticeCancelled,
        Some(Notice::SecretLostOnReload) => Msg::NoticeSecretLost,
        Some(Notice::EnvironmentGone) => Msg::NoticeEnvironmentGone,
        Some(Notice::AppNotVisibleYet) => Msg::NoticeAppNotVisibleYet,
    };
    html! { <p id="notice" class="banner" role="status">{ tr(lang, message) }</p> }
}
