//! Step 6: the Dynamics 365 environment Marketo syncs with — chosen by the admin from Global
//! Discovery's list; its URL can never be changed in Marketo afterwards. Nothing is sent.

use crate::engine::plan::{chosen_environment, wait_for, Plan, Planned, Planning, Status, StepId};
use crate::explain::Explanation;
use crate::i18n::core_texts::{Arg, Text, TextKey as K};

/// Plans the step.
pub(super) fn plan(p: &Planning<'_>, _earlier: &Plan) -> Planned {
    let status = match chosen_environment(p.facts, p.answers) {
        Err(status) => status,
        Ok(env) => Status::Done(Text::with(
            K::StEnvDone,
            [Arg::from(&env.friendly_name), Arg::from(&env.url)],
        )),
    };
    (status, vec![])
}

/// Why a Dataverse step cannot be planned yet: the environment is not chosen or not read.
pub(crate) fn waiting_for_environment() -> Explanation {
    wait_for(StepId::Environment)
}
