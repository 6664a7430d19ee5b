//! One file per screen. Screens render props; they make no decisions and build no URLs.

pub mod config_problem;
pub mod landing;
pub mod sign_in_failed;
pub mod signed_in;
pub mod starting;
