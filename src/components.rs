//! Widgets shared by the screens. They are plain functions rather than components: a component
//! adds its own lifecycle code to the wasm (about 400 bytes brotli each), and these have no state.

pub mod badge;
pub mod copy_button;
pub mod explanation_panel;
pub mod notice_banner;
pub mod shared_origin;
pub mod spinner;
pub mod top_bar;
