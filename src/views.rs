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
pub mod sync_user_picker;

use std::ops::Deref;
use std::rc::Rc;

use syncsetup_core::wizard::Wizard;

/// The wizard as the screens receive it: shared, and compared by identity. The reducer makes a
/// new one on every event, so identity already says "changed" — without comparing facts and
/// plans field by field (which would also put that comparison code in the wasm).
#[derive(Clone)]
pub struct WizardRef(pub Rc<Wizard>);

impl PartialEq for WizardRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Deref for WizardRef {
    type Target = Wizard;

    fn deref(&self) -> &Wizard {
        &self.0
    }
}
