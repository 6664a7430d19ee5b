//! The wizard's notice above a screen (resumed after a reload or a new sign-in, cancelled, a run
//! that stopped, a stray sign-in answer refused…).

use syncsetup_core::i18n::{Lang, Msg};
use syncsetup_core::wizard::Notice;
use yew::prelude::*;

use crate::components::explanation_panel::explanation_panel;
use crate::text::{tr, trf};

/// The notice, if there is one.
pub fn notice_banner(lang: Lang, notice: Option<&Notice>) -> Html {
    let message = match notice {
        None => return Html::default(),
        Some(Notice::RunFailed(step, explanation)) => {
            let heading = trf(lang, Msg::RunFailedAt, &[step.title_in(lang)]);
            return explanation_panel(
                lang,
                explanation,
                "panel error",
                Some(heading),
                Html::default(),
            );
        }
        Some(Notice::AnswerRefused(explanation)) => {
            return explanation_panel(lang, explanation, "panel notice", None, Html::default());
        }
        Some(Notice::Resumed) => Msg::NoticeResumed,
        Some(Notice::MaintenanceResumed) => Msg::NoticeMaintenanceResumed,
        Some(Notice::ResumedWithPermission) => Msg::NoticeResumedWithPermission,
        Some(Notice::Cancelled) => Msg::NoticeCancelled,
        Some(Notice::SecretLostOnReload) => Msg::NoticeSecretLost,
        Some(Notice::EnvironmentGone) => Msg::NoticeEnvironmentGone,
        Some(Notice::AppNotVisibleYet) => Msg::NoticeAppNotVisibleYet,
        Some(Notice::SignedInAgain) => Msg::NoticeSignedInAgain,
        Some(Notice::OtherAccount) => Msg::NoticeOtherAccount,
        Some(Notice::RunInAnotherTab) => Msg::NoticeRunInAnotherTab,
        Some(Notice::DuplicatedTab) => Msg::NoticeDuplicatedTab,
    };
    html! { <p id="notice" class="banner" role="status">{ tr(lang, message) }</p> }
}
