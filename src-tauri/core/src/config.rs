//! The room's configuration: TOML, never a secret. Secrets are named here and
//! live in the keyring (`zoom.client_secret`, `ics.<name>.url`).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::agenda::StartWindow;
use crate::calendar::CalendarSource;
use crate::keystore;
use crate::launch::TrustedOrigins;
use crate::room::{RoomSetup, ZoomAccount};
use crate::zoom::{ZoomClient, ZoomCredentials, ZoomEndpoints};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub room: RoomConfig,
    pub zoom: Option<ZoomConfig>,
    #[serde(default)]
    pub ics: Vec<IcsConfig>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoomConfig {
    pub name: String,
    /// IANA zone; the system's when absent.
    pub timezone: Option<String>,
    #[serde(default = "default_start_early")]
    pub start_early_minutes: u32,
}

fn default_start_early() -> u32 {
    15
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum Cloud {
    #[default]
    Zoom,
    Zoomgov,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZoomConfig {
    pub account_id: String,
    pub client_id: String,
    #[serde(default)]
    pub cloud: Cloud,
    /// Overrides the API base (`https://api.zoom.us/v2`), e.g. for a test fake.
    pub api_base: Option<String>,
    /// Overrides the OAuth base (`https://zoom.us`).
    pub oauth_base: Option<String>,
    #[serde(default = "default_hosts")]
    pub host_users: Vec<String>,
}

fn default_hosts() -> Vec<String> {
    vec!["me".into()]
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IcsConfig {
    pub name: String,
    /// A local file; without it the feed's https address is the keyring secret `ics.<name>.url`.
    pub file: Option<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(
        "no configuration at {path}; write one (see config.sample.toml) or run `roomstart demo`"
    )]
    Missing { path: String },
    #[error("{path} could not be read: {reason}")]
    Unreadable { path: String, reason: String },
    #[error("{path}:{line}: {message}")]
    Invalid {
        path: String,
        line: usize,
        message: String,
    },
    #[error("secret {name} is not set; set it with: roomstart secrets set {name}")]
    MissingSecret { name: String },
    #[error(transparent)]
    Keyring(#[from] keystore::Error),
}

/// `--config`, then `ROOMSTART_CONFIG`, then the platform's managed location.
pub fn resolve_path(explicit: Option<&Path>) -> PathBuf {
    if let Some(p) = explicit {
        return p.to_path_buf();
    }
    if let Some(p) = std::env::var_os("ROOMSTART_CONFIG") {
        return PathBuf::from(p);
    }
    if cfg!(windows) {
        PathBuf::from(std::env::var_os("ProgramData").unwrap_or_else(|| "C:\\ProgramData".into()))
            .join("Roomstart\\config.toml")
    } else if cfg!(target_os = "macos") {
        PathBuf::from("/Library/Application Support/Roomstart/config.toml")
    } else {
        PathBuf::from("/etc/roomstart/config.toml")
    }
}

pub fn load(path: &Path) -> Result<Config, Error> {
    let shown = path.display().to_string();
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::Missing { path: shown })
        }
        Err(e) => {
            return Err(Error::Unreadable {
                path: shown,
                reason: e.to_string(),
            })
        }
    };
    parse(&text, &shown)
}

pub fn parse(text: &str, path: &str) -> Result<Config, Error> {
    let config: Config = toml::from_str(text).map_err(|e| Error::Invalid {
        path: path.into(),
        line: e
            .span()
            .map_or(1, |s| text[..s.start].matches('\n').count() + 1),
        message: e.message().trim().to_string(),
    })?;
    if let Some(tz) = &config.room.timezone {
        if crate::ics::zone_named(tz).is_none() {
            let line = line_of(text, "timezone");
            return Err(Error::Invalid {
                path: path.into(),
                line,
                message: format!(
                    "unknown time zone {tz:?}; write an IANA name such as \"Europe/Berlin\""
                ),
            });
        }
    }
    Ok(config)
}

fn line_of(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| l.trim_start().starts_with(key))
        .map_or(0, |i| i + 1)
}

impl Config {
    /// Resolves every secret the config names from the keyring.
    pub async fn room_setup(&self) -> Result<RoomSetup, Error> {
        let zone = match &self.room.timezone {
            Some(name) => crate::ics::zone_named(name).expect("checked when parsed"),
            None => system_zone(),
        };
        let zoom = match &self.zoom {
            Some(z) => Some(zoom_account(z).await?),
            None => None,
        };
        let mut sources = Vec::new();
        for ics in &self.ics {
            sources.push(match &ics.file {
                Some(path) => CalendarSource::IcsFile {
                    name: ics.name.clone(),
                    path: path.clone(),
                },
                None => CalendarSource::IcsUrl {
                    name: ics.name.clone(),
                    url: required_secret(&format!("ics.{}.url", ics.name)).await?,
                },
            });
        }
        Ok(RoomSetup {
            name: self.room.name.clone(),
            zone,
            zoom,
            sources,
            trusted: TrustedOrigins::zoom_only(),
            window: StartWindow {
                before_start: chrono::Duration::minutes(self.room.start_early_minutes.into()),
                ..StartWindow::default()
            },
            demo_join_origin: None,
        })
    }
}

async fn zoom_account(z: &ZoomConfig) -> Result<ZoomAccount, Error> {
    let mut endpoints = match z.cloud {
        Cloud::Zoom => ZoomEndpoints::zoom(),
        Cloud::Zoomgov => ZoomEndpoints::zoomgov(),
    };
    if z.api_base.is_some() || z.oauth_base.is_some() {
        endpoints = ZoomEndpoints::from_bases(
            z.api_base.as_deref().unwrap_or(endpoints.api_base.as_str()),
            z.oauth_base.as_deref().unwrap_or_else(|| {
                endpoints
                    .token_url
                    .as_str()
                    .trim_end_matches("/oauth/token")
            }),
        );
    }
    let credentials = ZoomCredentials {
        account_id: z.account_id.clone(),
        client_id: z.client_id.clone(),
        client_secret: required_secret("zoom.client_secret").await?,
    };
    Ok(ZoomAccount {
        client: ZoomClient::new(endpoints, credentials),
        host_users: z.host_users.clone(),
    })
}

async fn required_secret(name: &str) -> Result<crate::Secret, Error> {
    keystore::retrieve(name)
        .await?
        .ok_or_else(|| Error::MissingSecret { name: name.into() })
}

/// The computer's own zone, or UTC when it cannot be told.
pub fn system_zone() -> chrono_tz::Tz {
    std::env::var("TZ")
        .ok()
        .and_then(|tz| crate::ics::zone_named(tz.trim_start_matches(':')))
        .or_else(|| {
            iana_time_zone::get_timezone()
                .ok()
                .and_then(|n| crate::ics::zone_named(&n))
        })
        .unwrap_or(chrono_tz::UTC)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_files_name_the_line_and_the_fix() {
        let check = |text: &str, expected: &str| {
            let err = parse(text, "room.toml").unwrap_err().to_string();
            assert!(err.starts_with("room.toml:"), "{err}");
            assert!(err.contains(expected), "{err} should contain {expected}");
        };
        check(
            "[room]\nname = \"A\"\ncolour = \"red\"\n",
            "room.toml:3: unknown field `colour`",
        );
        check("[room]\nname = 5\n", "room.toml:2: invalid type");
        check(
            "[room]\nname = \"A\"\ntimezone = \"Mars/Base\"\n",
            "room.toml:3: unknown time zone",
        );
        check("[room\n", "room.toml:1");
        check("", "missing field `room`");
    }

    #[test]
    fn a_good_file_reads() {
        let c = parse(
            "[room]\nname = \"Aurora\"\ntimezone = \"Europe/Berlin\"\n[zoom]\naccount_id = \"a\"\nclient_id = \"c\"\n[[ics]]\nname = \"room\"\nfile = \"/tmp/room.ics\"\n",
            "room.toml",
        )
        .unwrap();
        assert_eq!(c.room.name, "Aurora");
        assert_eq!(c.zoom.unwrap().host_users, ["me"]);
        assert_eq!(c.ics.len(), 1);
    }
}
