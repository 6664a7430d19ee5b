//! One file per screen. Screens render the wizard's state and emit its events; they make no
//! decisions and build no URLs.

pub mod applying;
pub mod checks;
pub mod config_problem;
pub mod environments;
pub mod hand_off;
pub mod landing;
pub mod review;
pub mod role_banner;
pub mod secret;
pub mod sign_in_failed;
pub mod starting;
