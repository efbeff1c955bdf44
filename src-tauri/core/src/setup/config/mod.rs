//! The room's configuration: TOML, never a secret. Secrets are named here and
//! live in the keyring (`zoom.client_secret`, `ics.<name>.url`).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::setup::endpoints::{self, Vendor};

mod booking;
mod files;
pub mod metrics;
mod screen;
mod updates;
pub use booking::BookingConfig;
pub use files::{load, ConfigFiles, Loaded, Origin};
pub use metrics::MetricsConfig;
pub use screen::{OfficeHours, ScreenConfig};
pub use updates::{UpdatePolicy, UpdatesConfig};

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub room: RoomConfig,
    pub zoom: Option<ZoomConfig>,
    #[serde(default)]
    pub ics: Vec<IcsConfig>,
    #[serde(default)]
    pub graph: Vec<GraphConfig>,
    #[serde(default)]
    pub google: Vec<GoogleConfig>,
    #[serde(default)]
    pub screen: ScreenConfig,
    #[serde(default)]
    pub log: LogConfig,
    #[serde(default)]
    pub updates: UpdatesConfig,
    #[serde(default)]
    pub metrics: MetricsConfig,
    #[serde(default)]
    pub booking: BookingConfig,
    #[serde(default)]
    pub admin: AdminConfig,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LogConfig {
    /// `error`, `warn`, `info`, `debug` or `trace`.
    #[serde(default = "default_level")]
    pub level: LogLevel,
}

impl Default for LogConfig {
    fn default() -> Self {
        LogConfig {
            level: default_level(),
        }
    }
}

#[derive(Debug, Deserialize, Serialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum LogLevel {
    Error,
    Warn,
    Info,
    Debug,
    Trace,
}

impl LogLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            LogLevel::Error => "error",
            LogLevel::Warn => "warn",
            LogLevel::Info => "info",
            LogLevel::Debug => "debug",
            LogLevel::Trace => "trace",
        }
    }
}

fn default_level() -> LogLevel {
    LogLevel::Info
}

/// Read only from the managed file.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AdminConfig {
    /// Dotted keys the per-user file may set, e.g. `["room.timezone", "log.level"]`.
    #[serde(default)]
    pub user_may_override: Vec<String>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RoomConfig {
    pub name: String,
    /// IANA zone; the system's when absent.
    pub timezone: Option<String>,
    #[serde(default = "default_start_early")]
    pub start_early_minutes: u32,
    /// How often sources are read again. Default 60.
    #[serde(default = "default_refresh")]
    pub refresh_seconds: u32,
}

fn default_refresh() -> u32 {
    60
}

fn default_start_early() -> u32 {
    15
}

#[derive(Debug, Deserialize, Serialize, Clone, Copy, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum Cloud {
    #[default]
    Zoom,
    Zoomgov,
}

#[derive(Debug, Deserialize, Serialize)]
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
    /// Users whose upcoming meetings this room may start: ids, emails, `me`, or `*` for every user.
    #[serde(default = "default_hosts")]
    pub host_users: Vec<String>,
    /// `https` (default): open the fresh start_url. `zoommtg`: build the client URL with a fresh ZAK.
    #[serde(default)]
    pub start_with: StartWith,
    /// Also show the hosts' upcoming meetings that are not on this room's calendar.
    #[serde(default)]
    pub show_unlisted: bool,
    /// How often the account's meetings are read: default 300, at least 60.
    pub poll_seconds: Option<u32>,
    /// The Zoom user Meet now creates meetings for, e.g. `room-aurora@example.com`.
    pub room_user: Option<String>,
}

#[derive(Debug, Deserialize, Serialize, Clone, Copy, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum StartWith {
    #[default]
    Https,
    Zoommtg,
}

fn default_hosts() -> Vec<String> {
    vec!["me".into()]
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct IcsConfig {
    pub name: String,
    /// A local file; without it the feed's https address is the keyring secret `ics.<name>.url`.
    pub file: Option<PathBuf>,
    /// How often it is read: default `room.refresh_seconds`, at least 15.
    pub poll_seconds: Option<u32>,
}

/// A Google Workspace calendar read with a service account. Secret:
/// `google.service_account` (the JSON key file).
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GoogleConfig {
    pub name: String,
    /// The room's calendar, e.g. `c_…@resource.calendar.google.com`.
    pub calendar_id: String,
    /// Domain-wide delegation: the user to act as. Without it the room
    /// calendar must be shared with the service account.
    pub subject: Option<String>,
    /// For testing against a fake only.
    pub api_base: Option<String>,
    /// How often it is read: default `room.refresh_seconds`, at least 15.
    pub poll_seconds: Option<u32>,
}

/// A Microsoft 365 room mailbox. Secret: `graph.client_secret`.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GraphConfig {
    pub name: String,
    pub tenant_id: String,
    pub client_id: String,
    /// The room mailbox, e.g. `aurora@contoso.com`.
    pub mailbox: String,
    /// For testing against a fake only.
    pub graph_base: Option<String>,
    /// For testing against a fake only.
    pub login_base: Option<String>,
    /// How often it is read: default `room.refresh_seconds`, at least 15.
    pub poll_seconds: Option<u32>,
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
    #[error("{path}:{line}: {key} may not be set in the per-user file; the managed file allows only: {allowed}")]
    NotOverridable {
        path: String,
        line: usize,
        key: String,
        allowed: String,
    },
    #[error("{path}:{line}: {key} may be set only in the managed file {managed}: this computer is provisioned, so no other file may say where its credentials go or which files it writes")]
    EndpointOutsideManagedFile {
        path: String,
        line: usize,
        key: String,
        managed: String,
    },
}

fn invalid(text: &str, path: &str, e: &toml::de::Error) -> Error {
    Error::Invalid {
        path: path.into(),
        line: e
            .span()
            .map_or(1, |s| text[..s.start].matches('\n').count() + 1),
        message: e.message().trim().to_string(),
    }
}

pub fn parse(text: &str, path: &str) -> Result<Config, Error> {
    let config: Config = toml::from_str(text).map_err(|e| invalid(text, path, &e))?;
    if let Some(tz) = &config.room.timezone {
        if crate::calendar::ics::zone_named(tz).is_none() {
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
    if let Some(number) = config.screen.bad_number() {
        return Err(Error::Invalid {
            path: path.into(),
            line: line_of(text, "dial_in_numbers"),
            message: format!("dial_in_numbers: {number:?} is not a phone number"),
        });
    }
    check_endpoints(&config, text, path)?;
    check_intervals(&config, text, path)?;
    if let Err(message) = config.updates.policy() {
        return Err(Error::Invalid {
            path: path.into(),
            line: line_of(text, "[updates]"),
            message,
        });
    }
    if let Some((key, message)) = config.booking.problem() {
        return Err(Error::Invalid {
            path: path.into(),
            line: line_of(text, key),
            message,
        });
    }
    if let Some(message) = config.metrics.problem() {
        return Err(Error::Invalid {
            path: path.into(),
            line: line_of(text, "textfile"),
            message,
        });
    }
    Ok(config)
}

impl Config {
    /// Every endpoint the file sets, as (dotted key, vendor, URL text).
    pub fn endpoints(&self) -> Vec<(&'static str, Vendor, &str)> {
        let mut found = Vec::new();
        if let Some(z) = &self.zoom {
            found.extend(
                z.api_base
                    .as_deref()
                    .map(|u| ("zoom.api_base", Vendor::Zoom, u)),
            );
            found.extend(
                z.oauth_base
                    .as_deref()
                    .map(|u| ("zoom.oauth_base", Vendor::Zoom, u)),
            );
        }
        for g in &self.google {
            found.extend(
                g.api_base
                    .as_deref()
                    .map(|u| ("google.api_base", Vendor::GoogleApi, u)),
            );
        }
        for g in &self.graph {
            found.extend(
                g.graph_base
                    .as_deref()
                    .map(|u| ("graph.graph_base", Vendor::Graph, u)),
            );
            found.extend(
                g.login_base
                    .as_deref()
                    .map(|u| ("graph.login_base", Vendor::EntraId, u)),
            );
        }
        found
    }
}

/// Credentials go only to their vendor: every base must be one of its https hosts (or loopback).
fn check_endpoints(config: &Config, text: &str, path: &str) -> Result<(), Error> {
    for (key, vendor, url) in config.endpoints() {
        endpoints::checked(vendor, url).map_err(|why| Error::Invalid {
            path: path.into(),
            line: line_of(text, key.rsplit('.').next().unwrap_or(key)),
            message: format!("{key}: {why}"),
        })?;
    }
    Ok(())
}

/// The shortest `poll_seconds` of a calendar, as `room.refresh_seconds`:
/// shorter spends the vendor's quota (shared by every room on the identity)
/// and shows nothing a person would notice sooner.
pub const CALENDAR_POLL_FLOOR: u32 = 15;
/// The shortest `zoom.poll_seconds`: List meetings is Medium, 20 a second
/// for a whole Pro account.
pub const ZOOM_POLL_FLOOR: u32 = 60;

impl Config {
    /// Each source's `poll_seconds` (by source name), and the Zoom account's.
    pub fn poll_intervals(&self) -> (Vec<(&str, u32)>, Option<u32>) {
        let sources = (self.ics.iter().map(|c| (c.name.as_str(), c.poll_seconds)))
            .chain(
                self.google
                    .iter()
                    .map(|c| (c.name.as_str(), c.poll_seconds)),
            )
            .chain(self.graph.iter().map(|c| (c.name.as_str(), c.poll_seconds)))
            .filter_map(|(name, every)| Some((name, every?)))
            .collect();
        (sources, self.zoom.as_ref().and_then(|z| z.poll_seconds))
    }
}

/// Every `poll_seconds` at or above its floor; a shorter one is refused, not raised in silence.
fn check_intervals(config: &Config, text: &str, path: &str) -> Result<(), Error> {
    let (sources, zoom) = config.poll_intervals();
    let too_short = sources
        .into_iter()
        .map(|(_, every)| (every, CALENDAR_POLL_FLOOR, "a calendar"))
        .chain(zoom.map(|every| (every, ZOOM_POLL_FLOOR, "zoom")))
        .find(|(every, floor, _)| every < floor);
    match too_short {
        Some((every, floor, what)) => Err(Error::Invalid {
            path: path.into(),
            line: text
                .lines()
                .position(|l| {
                    let l = l.trim_start();
                    l.starts_with("poll_seconds") && l.contains(&every.to_string())
                })
                .map_or(0, |i| i + 1),
            message: format!(
                "poll_seconds = {every} is too short for {what}: write {floor} or more (vendors' rate limits are shared by every room)"
            ),
        }),
        None => Ok(()),
    }
}

/// Keys that say where credentials go, what code the room runs, which file
/// it writes, or what the user may change: the
/// per-user file never sets them, whatever the managed file allows.
pub fn never_overridable(key: &str) -> bool {
    key.starts_with("admin.")
        || key == "updates"
        || key.starts_with("updates.")
        || key == "metrics"
        || key.starts_with("metrics.")
        || key == "booking"
        || key.starts_with("booking.")
        || matches!(
            key,
            "zoom"
                | "zoom.api_base"
                | "zoom.oauth_base"
                | "zoom.cloud"
                | "zoom.room_user"
                | "google"
                | "graph"
        )
}

fn line_of(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| l.trim_start().starts_with(key))
        .map_or(0, |i| i + 1)
}

#[cfg(test)]
mod tests;
