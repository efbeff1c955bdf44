//! Secrets in the OS keyring (Secret Service, Keychain, Credential Manager),
//! under service `roomstart` and a name that says what each is for.

use crate::secret::Secret;

const SERVICE: &str = "roomstart";

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the keyring is locked; unlock it for the account that runs roomstart")]
    Locked,
    #[error("no keyring is available: {0}")]
    Unavailable(String),
    #[error("the keyring refused secret {name}: {reason}")]
    Refused { name: String, reason: String },
}

pub async fn persist(name: &str, value: &Secret) -> Result<(), Error> {
    let (name, value) = (name.to_string(), value.clone());
    blocking(move || {
        entry(&name)?
            .set_password(value.expose())
            .map_err(|e| map(&name, e))
    })
    .await
}

/// `Ok(None)` when the secret was never set.
pub async fn retrieve(name: &str) -> Result<Option<Secret>, Error> {
    let name = name.to_string();
    blocking(move || match entry(&name)?.get_password() {
        Ok(v) => Ok(Some(Secret::new(v))),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(map(&name, e)),
    })
    .await
}

pub async fn delete(name: &str) -> Result<(), Error> {
    let name = name.to_string();
    blocking(move || match entry(&name)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(map(&name, e)),
    })
    .await
}

fn entry(name: &str) -> Result<keyring::Entry, Error> {
    keyring::Entry::new(SERVICE, name).map_err(|e| map(name, e))
}

fn map(name: &str, e: keyring::Error) -> Error {
    match e {
        keyring::Error::NoStorageAccess(inner) => {
            let text = inner.to_string();
            if text.to_ascii_lowercase().contains("lock") {
                Error::Locked
            } else {
                Error::Unavailable(text)
            }
        }
        keyring::Error::PlatformFailure(inner) => Error::Unavailable(inner.to_string()),
        other => Error::Refused {
            name: name.to_string(),
            reason: other.to_string(),
        },
    }
}

/// The keyring crate blocks (and may run its own runtime), so keep it off ours.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, Error> + Send + 'static,
) -> Result<T, Error> {
    tokio::task::spawn_blocking(f)
        .await
        .unwrap_or_else(|e| Err(Error::Unavailable(format!("keyring task failed: {e}"))))
}
