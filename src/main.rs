//! Mounts the app; everything else lives in the library so tests can reach it.

fn main() {
    syncsetup::start();
}
