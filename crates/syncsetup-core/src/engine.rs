//! The setup engine: observe the tenant, plan what is missing, apply it idempotently.
//!
//! * [`facts`] — what the engine knows about a tenant: a snapshot read from Graph, Global
//!   Discovery and one Dataverse environment. Facts are plain data, so plans and checks are pure
//!   functions of them and tests build them by hand.
//! * [`plan`] — `plan(answers, facts) -> Plan`: the ordered steps of Marketo's two procedures, each
//!   done / to do / blocked (with the fix), and the exact requests a step will send.
//! * [`retry`] — the retry policy (Retry-After, exponential backoff with caller-supplied jitter,
//!   replication waits), as pure decisions.
//! * [`runtime`] — the capabilities a runner needs beyond HTTP (sleep, clock, jitter), injected by
//!   the shell so the core never reads a clock itself.
//!
//! Observation and application are runners over [`crate::http::HttpClient`]; they re-derive
//! progress from the tenant every time, which is what makes a run resumable after a reload.

pub mod apply;
mod apply_dataverse;
pub mod facts;
pub mod maintenance;
pub mod observe;
pub mod plan;
pub mod retry;
pub mod runtime;
pub mod send;
pub mod tokens;
