//! Mounts the landing module (the page's first load); everything lives in the library.

fn main() {
    syncsetup::start_landing();
}
