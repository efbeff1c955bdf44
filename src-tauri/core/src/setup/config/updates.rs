//! `[updates]`: Windows and macOS update themselves, through
//! tauri-plugin-updater, from a feed IT hosts, each download checked against
//! IT's minisign key; Linux updates through the signed apt repository. Off
//! unless the managed file turns it on, and only the managed file may name the
//! feed or the key: together they decide what code the room runs.

use serde::{Deserialize, Serialize};
use url::Url;

#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct UpdatesConfig {
    #[serde(default)]
    pub enabled: bool,
    /// The feed's https address (the `latest.json` a release publishes).
    pub feed: Option<String>,
    /// The public key `tauri signer generate` printed (base64).
    pub public_key: Option<String>,
}

/// Where updates come from and the key their downloads must be signed with.
#[derive(Debug, Clone)]
pub struct UpdatePolicy {
    pub feed: Url,
    pub public_key: String,
}

impl UpdatesConfig {
    /// The policy when updates are on; `Err` says what the table lacks.
    pub fn policy(&self) -> Result<Option<UpdatePolicy>, String> {
        if !self.enabled {
            return Ok(None);
        }
        let feed = self
            .feed
            .as_deref()
            .ok_or("updates.enabled needs updates.feed, the https address of the feed")?;
        let feed = Url::parse(feed).map_err(|e| format!("updates.feed: {e}"))?;
        if feed.scheme() != "https" {
            return Err("updates.feed must be an https address".into());
        }
        let public_key = self
            .public_key
            .as_deref()
            .map(str::trim)
            .filter(|k| looks_like_minisign_key(k))
            .ok_or(
                "updates.enabled needs updates.public_key, the key `tauri signer generate` printed",
            )?;
        Ok(Some(UpdatePolicy {
            feed,
            public_key: public_key.to_string(),
        }))
    }
}

/// `tauri signer` prints the minisign public key file in base64; a typo or a
/// pasted private key fails here, at load, not at the first update.
fn looks_like_minisign_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() < 1024
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(enabled: bool, feed: Option<&str>, key: Option<&str>) -> UpdatesConfig {
        UpdatesConfig {
            enabled,
            feed: feed.map(Into::into),
            public_key: key.map(Into::into),
        }
    }

    #[test]
    fn updates_are_off_unless_a_complete_table_turns_them_on() {
        let key = "dW50cnVzdGVkIGNvbW1lbnQ6IG1pbmlzaWduIHB1YmxpYyBrZXkK";
        assert!(table(false, None, None).policy().unwrap().is_none());
        let on = table(
            true,
            Some("https://updates.example.com/latest.json"),
            Some(key),
        );
        assert_eq!(
            on.policy().unwrap().unwrap().feed.as_str(),
            "https://updates.example.com/latest.json"
        );
        for (feed, key, why) in [
            (None, Some(key), "needs updates.feed"),
            (
                Some("http://updates.example.com/x.json"),
                Some(key),
                "https",
            ),
            (Some("not a url"), Some(key), "updates.feed:"),
            (
                Some("https://u.example.com/x.json"),
                None,
                "needs updates.public_key",
            ),
            (
                Some("https://u.example.com/x.json"),
                Some("untrusted comment: x"),
                "public_key",
            ),
        ] {
            let err = table(true, feed, key).policy().unwrap_err();
            assert!(err.contains(why), "{err}");
        }
    }
}
