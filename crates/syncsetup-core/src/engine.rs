//! The setup engine: observe the tenant, plan what is missing, apply it idempotently.
//!
//! * [`observe`] — reads the tenant into [`crate::facts`] in as few rounds as the APIs allow.
//! * [`steps`] — Marketo's steps, one row each: slug, titles, documentation page, order.
//! * [`plan`] — `plan(answers, facts) -> Plan`: the ordered steps of Marketo's two procedures, each
//!   done / to do / blocked (with the fix), and the exact requests a step will send.
//! * [`apply`] and [`maintenance`] — send what the plan (or a rotation, a teardown) needs.
//! * [`tokens`] — where the runners get access tokens.
//!
//! The engine sits above the API modules (`crate::graph`, `crate::discovery_service`,
//! `crate::dataverse`): it drives them; they know nothing of it. The vocabulary both share — the
//! facts and the sending with retries ([`crate::transport`]) — lives below both.
//!
//! Observation and application are runners over [`crate::http::HttpClient`]; they re-derive
//! progress from the tenant every time, which is what makes a run resumable after a reload.

pub mod apply;
mod apply_dataverse;
pub mod maintenance;
pub mod observe;
pub mod plan;
mod run;
pub mod steps;
pub mod tokens;
