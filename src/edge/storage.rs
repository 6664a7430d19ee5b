//! sessionStorage: the pending sign-in, the token cache, the wizard's non-secret progress and the
//! chosen language. The keys are declared here, once.
//!
//! sessionStorage is per tab and dies with it, which is the MSAL.js default for the same reason:
//! tokens must not outlive the tab or be shared with another admin's tab. The Marketo client
//! secret is never stored anywhere: `Progress` has no field for it.

use syncsetup_core::auth::authorize::PendingSignIn;
use syncsetup_core::i18n::Lang;
use syncsetup_core::session::TokenCache;
use syncsetup_core::wizard::Progress;
use web_sys::Storage;

const PREFIX: &str = "syncsetup.";
const PENDING: &str = "syncsetup.pending";
const ACTIVE_ACCOUNT: &str = "syncsetup.account";
const TOKENS_PREFIX: &str = "syncsetup.tokens.";
const PROGRESS: &str = "syncsetup.progress";
const LANGUAGE: &str = "syncsetup.lang";
const TAB: &str = "syncsetup.tab";

fn session() -> Option<Storage> {
    web_sys::window()?.session_storage().ok()?
}

fn read<T: serde::de::DeserializeOwned>(key: &str) -> Option<T> {
    let text = session()?.get_item(key).ok()??;
    serde_json::from_str(&text).ok()
}

fn write<T: serde::Serialize>(key: &str, value: &T) {
    if let (Some(storage), Ok(text)) = (session(), serde_json::to_string(value)) {
        let _ = storage.set_item(key, &text);
    }
}

fn remove(key: &str) {
    if let Some(storage) = session() {
        let _ = storage.remove_item(key);
    }
}

/// Remembers the sign-in under way.
pub fn save_pending(pending: &PendingSignIn) {
    write(PENDING, pending);
}

/// Reads the pending sign-in without consuming it.
pub fn peek_pending() -> Option<PendingSignIn> {
    read(PENDING)
}

/// Reads and forgets the pending sign-in: its state and verifier are single-use.
pub fn take_pending() -> Option<PendingSignIn> {
    let pending = read(PENDING);
    remove(PENDING);
    pending
}

/// Saves the signed-in account's tokens and marks it active.
pub fn save_tokens(cache: &TokenCache) {
    let key = format!("{TOKENS_PREFIX}{}", cache.account.cache_key());
    write(&key, cache);
    write(ACTIVE_ACCOUNT, &key);
}

/// The active account's tokens, if any.
pub fn load_tokens() -> Option<TokenCache> {
    let key: String = read(ACTIVE_ACCOUNT)?;
    read(&key)
}

/// Remembers the wizard's progress (environment, answers, whether Apply was running).
pub fn save_progress(progress: &Progress) {
    write(PROGRESS, progress);
}

/// The remembered progress, if any.
pub fn load_progress() -> Option<Progress> {
    Progress::from_json(&session()?.get_item(PROGRESS).ok()??)
}

/// Remembers the language chosen on the page (it must survive the sign-in redirect).
pub fn save_language(lang: Lang) {
    write(LANGUAGE, &lang.tag());
}

/// The language chosen on the page, if any.
pub fn load_language() -> Option<Lang> {
    read::<String>(LANGUAGE).map(|tag| Lang::from_tag(&tag))
}

/// Removes every key of ours that `forget` picks.
fn remove_where(forget: impl Fn(&str) -> bool) {
    let Some(storage) = session() else { return };
    let length = storage.length().unwrap_or(0);
    let keys: Vec<String> = (0..length)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(PREFIX) && forget(k))
        .collect();
    for key in keys {
        let _ = storage.remove_item(&key);
    }
}

/// Forgets everything this app stored (sign-out).
pub fn clear_all() {
    remove_where(|_| true);
}

/// Forgets a session that has ended — its tokens and any pending sign-in — but keeps the
/// wizard's progress and the language, so the next sign-in carries on where the admin was.
pub fn forget_session() {
    remove_where(|key| key == PENDING || key == ACTIVE_ACCOUNT || key.starts_with(TOKENS_PREFIX));
}

/// This tab's id, if it has one (a duplicated tab has its original's).
pub fn load_tab_id() -> Option<String> {
    read(TAB)
}

/// Gives this tab the id `id`.
pub fn save_tab_id(id: &str) {
    write(TAB, &id);
}
