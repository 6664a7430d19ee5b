//! Web Locks: one tab at a time may write to a tenant. A duplicated or restored tab copies this
//! tab's `sessionStorage`, progress included, so without a lock it would resume an Apply that is
//! still running here, racing it to create a second app registration and secret (security review
//! M2). `navigator.locks.request(name, {ifAvailable: true}, callback)` grants the lock or answers
//! `null` at once; it is held until the promise the callback returned settles, which is when the
//! [`RunLock`] is dropped. A browser without Web Locks (before 2022) has no lock to take: the job
//! runs, as it did before.

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// What asking for the lock gave.
pub enum Acquired {
    /// This tab holds it until the guard is dropped.
    Held(RunLock),
    /// Another tab holds it.
    Busy,
    /// This browser has no Web Locks.
    Unsupported,
}

/// A held lock; dropping it releases the lock.
pub struct RunLock {
    release: Function,
}

impl Drop for RunLock {
    fn drop(&mut self) {
        let _ = self.release.call0(&JsValue::UNDEFINED);
    }
}

/// Asks for `name` without waiting for another holder.
pub async fn acquire(name: &str) -> Acquired {
    let Some(locks) = web_sys::window()
        .and_then(|w| Reflect::get(&w.navigator(), &"locks".into()).ok())
        .filter(|l| !l.is_undefined() && !l.is_null())
    else {
        return Acquired::Unsupported;
    };
    let Ok(request) =
        Reflect::get(&locks, &"request".into()).and_then(|f| f.dyn_into::<Function>())
    else {
        return Acquired::Unsupported;
    };
    // Settles when the guard is dropped: the lock is held until then.
    let mut release: Option<Function> = None;
    let held = Promise::new(&mut |resolve, _| release = Some(resolve));
    let Some(release) = release else {
        return Acquired::Unsupported;
    };
    // Settles with whether the callback got the lock.
    let mut granted: Option<Function> = None;
    let answer = Promise::new(&mut |resolve, _| granted = Some(resolve));
    let Some(granted) = granted else {
        return Acquired::Unsupported;
    };
    let callback = Closure::once_into_js(move |lock: JsValue| -> JsValue {
        let got = !lock.is_null();
        let _ = granted.call1(&JsValue::UNDEFINED, &JsValue::from_bool(got));
        if got {
            held.into()
        } else {
            JsValue::UNDEFINED
        }
    });
    let options = Object::new();
    let _ = Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE);
    if request
        .call3(&locks, &name.into(), &options, &callback)
        .is_err()
    {
        return Acquired::Unsupported;
    }
    match JsFuture::from(answer).await.ok().and_then(|v| v.as_bool()) {
        Some(true) => Acquired::Held(RunLock { release }),
        Some(false) => Acquired::Busy,
        None => Acquired::Unsupported,
    }
}
