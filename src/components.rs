//! Widgets shared by the screens.

pub mod badge;
pub mod copy_button;
pub mod explanation_panel;
pub mod notice_banner;
pub mod spinner;
