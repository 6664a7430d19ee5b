//! Step 6: the Dynamics 365 environment Marketo syncs with — chosen by the admin from Global
//! Discovery's list; its URL can never be changed in Marketo afterwards. Nothing is sent.

use crate::engine::plan::{chosen_environment, Plan, Planned, Planning, Status};

/// Plans the step.
pub(super) fn plan(p: &Planning<'_>, _earlier: &Plan) -> Planned {
    let status = match chosen_environment(p.facts, p.answers) {
        Err(status) => status,
        Ok(env) => Status::Done(format!("{} — {}", env.friendly_name, env.url)),
    };
    (status, vec![])
}
