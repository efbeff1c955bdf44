//! Secrets in the OS keyring (Secret Service, Keychain, Credential Manager),
//! under service `roomstart` and a name that says what each is for.
//!
//! Windows caps a credential at 2,560 bytes of UTF-16, and a Google service
//! account key is larger, so long values are split into numbered parts on
//! every platform (one code path, tested on Secret Service and, under Wine,
//! on the Credential Manager: tests/keyring.rs and tests/keyring_windows.rs).

use crate::secret::Secret;

const SERVICE: &str = "roomstart";

/// The names of the secrets roomstart uses, spelled once.
pub mod names {
    pub const ZOOM_CLIENT_SECRET: &str = "zoom.client_secret";
    pub const GOOGLE_SERVICE_ACCOUNT: &str = "google.service_account";
    pub const GRAPH_CLIENT_SECRET: &str = "graph.client_secret";

    /// The secret address of the ICS source called `source`.
    pub fn ics_url(source: &str) -> String {
        format!("ics.{source}.url")
    }
}
/// UTF-16 units per stored part: 1,200 units (2,400 bytes) stay under
/// Windows' 2,560. Counted in UTF-16, not in `char`s: a character outside the
/// Basic Multilingual Plane takes two units.
const PART_UNITS: usize = 1200;
const PARTS_MARKER: &str = "roomstart-parts:";

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the keyring is locked; unlock it for the account that runs roomstart")]
    Locked,
    #[error("the keyring did not answer within 10 s; it may be locked and waiting for someone to unlock it")]
    NoAnswer,
    #[error("no keyring is available: {0}")]
    Unavailable(String),
    #[error("the keyring refused secret {name}: {reason}")]
    Refused { name: String, reason: String },
}

pub async fn persist(name: &str, value: &Secret) -> Result<(), Error> {
    let (name, value) = (name.to_string(), value.clone());
    blocking(move || {
        remove(&name)?;
        let parts = parts(value.expose(), PART_UNITS);
        if parts.len() == 1 {
            return set(&name, value.expose());
        }
        for (i, part) in parts.iter().enumerate() {
            set(&part_name(&name, i + 1), part)?;
        }
        set(&name, &format!("{PARTS_MARKER}{}", parts.len()))
    })
    .await
}

/// `Ok(None)` when the secret was never set.
pub async fn retrieve(name: &str) -> Result<Option<Secret>, Error> {
    match retrieve_once(name).await {
        // The Secret Service restarted (a new login, an unlock after a crash):
        // the session the store held is gone. Connect afresh, once.
        Err(Error::Unavailable(why)) if why.contains("NoSession") || why.contains("daemon") => {
            tracing::info!("the keyring's session is gone; connecting again");
            blocking(reconnect).await?;
            retrieve_once(name).await
        }
        other => other,
    }
}

async fn retrieve_once(name: &str) -> Result<Option<Secret>, Error> {
    let name = name.to_string();
    blocking(move || {
        let Some(head) = get(&name)? else {
            return Ok(None);
        };
        let Some(count) = part_count(&head) else {
            return Ok(Some(Secret::new(head)));
        };
        let mut value = String::new();
        for i in 1..=count {
            match get(&part_name(&name, i))? {
                Some(part) => value.push_str(&part),
                None => {
                    return Err(Error::Refused {
                        name: name.clone(),
                        reason: format!("part {i} of {count} is missing; set the secret again"),
                    })
                }
            }
        }
        Ok(Some(Secret::new(value)))
    })
    .await
}

pub async fn delete(name: &str) -> Result<(), Error> {
    let name = name.to_string();
    blocking(move || remove(&name)).await
}

fn remove(name: &str) -> Result<(), Error> {
    if let Some(count) = get(name)?.as_deref().and_then(part_count) {
        for i in 1..=count {
            delete_one(&part_name(name, i))?;
        }
    }
    delete_one(name)
}

/// `value` cut into pieces of at most `units` UTF-16 units each, never
/// inside a character; one piece when it fits.
fn parts(value: &str, units: usize) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut start, mut used) = (0, 0);
    for (at, c) in value.char_indices() {
        if used + c.len_utf16() > units {
            parts.push(&value[start..at]);
            (start, used) = (at, 0);
        }
        used += c.len_utf16();
    }
    parts.push(&value[start..]);
    parts
}

fn part_count(head: &str) -> Option<usize> {
    head.strip_prefix(PARTS_MARKER)?.parse().ok()
}

fn part_name(name: &str, i: usize) -> String {
    format!("{name}#part{i}")
}

fn set(name: &str, value: &str) -> Result<(), Error> {
    entry(name)?.set_password(value).map_err(|e| map(name, e))
}

fn get(name: &str) -> Result<Option<String>, Error> {
    if behind_lock(name)? {
        return Err(Error::Locked);
    }
    match entry(name)?.get_password() {
        Ok(v) => Ok(Some(v)),
        Err(keyring_core::Error::NoEntry) => Ok(None),
        Err(e) => Err(map(name, e)),
    }
}

fn delete_one(name: &str) -> Result<(), Error> {
    match entry(name)?.delete_credential() {
        Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
        Err(e) => Err(map(name, e)),
    }
}

/// Whether the keyring holds `name` only behind a lock. Found by a search,
/// which never prompts: reading a locked item asks the desktop for an unlock
/// dialog, which would sit on the room screen where no one can answer it.
#[cfg(all(unix, not(target_os = "macos")))]
fn behind_lock(name: &str) -> Result<bool, Error> {
    use secret_service::{blocking::SecretService, EncryptionType};
    let unavailable = |e: secret_service::Error| Error::Unavailable(e.to_string());
    let service = SecretService::connect(EncryptionType::Plain).map_err(unavailable)?;
    let found = service
        .search_items(std::collections::HashMap::from([
            ("service", SERVICE),
            ("username", name),
        ]))
        .map_err(unavailable)?;
    Ok(found.unlocked.is_empty() && !found.locked.is_empty())
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
fn behind_lock(_name: &str) -> Result<bool, Error> {
    Ok(false)
}

/// A new connection to the Secret Service, as the default store.
#[cfg(all(unix, not(target_os = "macos")))]
fn reconnect() -> Result<(), Error> {
    let store = zbus_secret_service_keyring_store::Store::new()
        .map_err(|e| Error::Unavailable(e.to_string()))?;
    keyring_core::set_default_store(store);
    Ok(())
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
fn reconnect() -> Result<(), Error> {
    Ok(())
}

/// On Secret Service platforms the store is ours to (re)make, so a keyring
/// that was not running when Roomstart started is found once it is.
#[cfg(all(unix, not(target_os = "macos")))]
fn entry(name: &str) -> Result<keyring_core::Entry, Error> {
    if keyring_core::get_default_store().is_none() {
        reconnect()?;
    }
    keyring_core::Entry::new(SERVICE, name).map_err(|e| map(name, e))
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
fn entry(name: &str) -> Result<keyring::Entry, Error> {
    keyring::Entry::new(SERVICE, name).map_err(|e| map(name, e))
}

fn map(name: &str, e: keyring_core::Error) -> Error {
    match e {
        keyring_core::Error::NoStorageAccess(inner)
        | keyring_core::Error::PlatformFailure(inner) => {
            // The keyring crate has no typed "locked": a locked Secret Service
            // collection shows as an unlock prompt that was dismissed.
            let text = inner.to_string();
            let lower = text.to_ascii_lowercase();
            if lower.contains("lock") || lower.contains("prompt") {
                Error::Locked
            } else {
                Error::Unavailable(text)
            }
        }
        other => Error::Refused {
            name: name.to_string(),
            reason: other.to_string(),
        },
    }
}

/// How long the keyring may take. A locked one can sit waiting on an unlock
/// prompt that no one at a room screen will answer.
const KEYRING_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// The keyring crate blocks (and may run its own runtime), so keep it off
/// ours, and give up after `KEYRING_WAIT` rather than hang the room.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, Error> + Send + 'static,
) -> Result<T, Error> {
    match tokio::time::timeout(KEYRING_WAIT, tokio::task::spawn_blocking(f)).await {
        Ok(done) => {
            done.unwrap_or_else(|e| Err(Error::Unavailable(format!("keyring task failed: {e}"))))
        }
        Err(_) => Err(Error::NoAnswer),
    }
}

/// How to set `name` from this system's shell, for the fixes the doctor and
/// `secrets list` print; `value` names the variable holding the value.
/// Windows' shells have no `printf`: there the value is typed at the hidden
/// prompt, or a key file redirected in.
pub fn set_command(name: &str, value: &str) -> String {
    if !cfg!(windows) {
        format!("printf '%s' \"${value}\" | roomstart secrets set {name}")
    } else if name == names::GOOGLE_SERVICE_ACCOUNT {
        format!("roomstart secrets set {name} < key.json (in cmd)")
    } else {
        format!("roomstart secrets set {name}, then type the value at its hidden prompt")
    }
}

/// `ics.<source>.url`: a calendar feed's address, which must be https.
pub fn is_feed(name: &str) -> bool {
    name.starts_with("ics.") && name.ends_with(".url")
}

/// Secret names say what each secret is for; anything else is a typo.
pub fn check_name(name: &str) -> Result<(), String> {
    const FIXED: [&str; 3] = [
        names::ZOOM_CLIENT_SECRET,
        names::GOOGLE_SERVICE_ACCOUNT,
        names::GRAPH_CLIENT_SECRET,
    ];
    let ics_source = name
        .strip_prefix("ics.")
        .and_then(|rest| rest.strip_suffix(".url"))
        .is_some_and(|source| {
            !source.is_empty()
                && source
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        });
    if FIXED.contains(&name) || ics_source {
        Ok(())
    } else {
        Err(format!(
            "{name:?} is not a secret roomstart uses; the names are {} and ics.<source name>.url",
            FIXED.join(", ")
        ))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn parts_fit_the_windows_credential_limit_in_utf16_units() {
        let units = |parts: &[&str]| -> Vec<usize> {
            parts.iter().map(|p| p.encode_utf16().count()).collect()
        };
        assert_eq!(super::parts("", 1200), [""]);
        assert_eq!(super::parts("short", 1200), ["short"]);
        let ascii = "k".repeat(2500);
        assert_eq!(units(&super::parts(&ascii, 1200)), [1200, 1200, 100]);
        // 1,000 characters, 2,000 units: in 1,200-char parts this was one
        // part of 4,000 bytes, which the Credential Manager refuses.
        let astral = "\u{1F4C5}".repeat(1000);
        let parts = super::parts(&astral, 1200);
        assert_eq!(units(&parts), [1200, 800]);
        assert_eq!(parts.concat(), astral);
        // A pair never split: 1,199 units free, then a two-unit character.
        let edge = format!("{}\u{1F4C5}", "a".repeat(1199));
        assert_eq!(units(&super::parts(&edge, 1200)), [1199, 2]);
    }

    #[test]
    fn secret_names() {
        for ok in [
            "zoom.client_secret",
            "google.service_account",
            "graph.client_secret",
            "ics.room.url",
            "ics.room-2_b.url",
        ] {
            assert!(super::check_name(ok).is_ok(), "{ok}");
        }
        for bad in [
            "zoom.secret",
            "ics..url",
            "ics.a b.url",
            "ics.room",
            "",
            "ZOOM.CLIENT_SECRET",
        ] {
            assert!(super::check_name(bad).is_err(), "{bad}");
        }
    }
}
