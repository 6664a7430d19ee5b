//! Mounts the wizard module (the whole app); everything lives in the library so tests can reach it.

fn main() {
    syncsetup::start();
}
