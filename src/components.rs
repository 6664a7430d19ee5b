//! Widgets shared by the screens.

pub mod explanation_panel;
pub mod spinner;
