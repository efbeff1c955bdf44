//! The room's configuration: TOML, never a secret. Secrets are named here and
//! live in the keyring (`zoom.client_secret`, `ics.<name>.url`).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::agenda::StartWindow;
use crate::calendar::CalendarSource;
use crate::keystore::{self, names};
use crate::room::{RoomSetup, StartVia, ZoomAccount};
use crate::zoom::{ZoomClient, ZoomCredentials, ZoomEndpoints};

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
    pub log: LogConfig,
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
    #[error("secret {name} is not set; set it with: roomstart secrets set {name}")]
    MissingSecret { name: String },
    #[error(transparent)]
    Keyring(#[from] keystore::Error),
}

/// The files a configuration is read from, in order of precedence (lowest first).
#[derive(Debug, Clone)]
pub struct ConfigFiles {
    pub managed: PathBuf,
    /// May override only what the managed file's `admin.user_may_override` lists.
    pub user: Option<PathBuf>,
}

impl ConfigFiles {
    /// `--config PATH` or `ROOMSTART_CONFIG` name the one file; otherwise the
    /// platform's managed file plus the per-user file.
    pub fn resolve(explicit: Option<&Path>) -> ConfigFiles {
        let single = explicit
            .map(Path::to_path_buf)
            .or_else(|| std::env::var_os("ROOMSTART_CONFIG").map(PathBuf::from));
        match single {
            Some(path) => ConfigFiles {
                managed: path,
                user: None,
            },
            None => ConfigFiles {
                managed: crate::paths::managed_config_file(),
                user: Some(crate::paths::user_config_file()),
            },
        }
    }
}

/// Where an effective value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Default,
    File(PathBuf),
}

pub struct Loaded {
    pub config: Config,
    /// Every effective dotted key with its value (as TOML) and origin.
    pub values: Vec<(String, String, Origin)>,
}

pub fn load(files: &ConfigFiles) -> Result<Loaded, Error> {
    let managed_text = read(&files.managed)?;
    let managed_shown = files.managed.display().to_string();
    let managed_config = parse(&managed_text, &managed_shown)?;
    let mut merged: toml::Table = toml::from_str(&managed_text).expect("parsed above");
    let mut user_keys = Vec::new();

    if let Some(user) = files.user.as_ref().filter(|p| p.exists()) {
        let text = read(user)?;
        let shown = user.display().to_string();
        let table: toml::Table = toml::from_str(&text).map_err(|e| invalid(&text, &shown, &e))?;
        let allowed = &managed_config.admin.user_may_override;
        for (key, value) in flatten(&table) {
            if !allowed.contains(&key) {
                return Err(Error::NotOverridable {
                    line: line_of(&text, key.rsplit('.').next().unwrap_or(&key)),
                    path: shown,
                    key,
                    allowed: if allowed.is_empty() {
                        "nothing".into()
                    } else {
                        allowed.join(", ")
                    },
                });
            }
            set_dotted(&mut merged, &key, value);
            user_keys.push(key);
        }
        let merged_text = toml::to_string(&merged).expect("a table serializes");
        parse(&merged_text, &shown)?;
    }

    let merged_text = toml::to_string(&merged).expect("a table serializes");
    let config = parse(&merged_text, &managed_shown)?;
    let managed_keys: Vec<String> = flatten(&toml::from_str(&managed_text).expect("parsed above"))
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    let effective: toml::Table = toml::Table::try_from(&config).expect("config serializes");
    let values = flatten(&effective)
        .into_iter()
        .map(|(key, value)| {
            let origin = if user_keys.contains(&key) {
                Origin::File(
                    files
                        .user
                        .clone()
                        .expect("user keys come from the user file"),
                )
            } else if managed_keys.contains(&key) {
                Origin::File(files.managed.clone())
            } else {
                Origin::Default
            };
            (key, value.to_string(), origin)
        })
        .collect();
    Ok(Loaded { config, values })
}

fn read(path: &Path) -> Result<String, Error> {
    let shown = path.display().to_string();
    std::fs::read_to_string(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::Missing { path: shown },
        _ => Error::Unreadable {
            path: shown,
            reason: e.to_string(),
        },
    })
}

/// Dotted keys to leaf values; arrays (of tables too) count as one leaf.
fn flatten(table: &toml::Table) -> Vec<(String, toml::Value)> {
    let mut out = Vec::new();
    for (key, value) in table {
        match value {
            toml::Value::Table(inner) => out.extend(
                flatten(inner)
                    .into_iter()
                    .map(|(k, v)| (format!("{key}.{k}"), v)),
            ),
            leaf => out.push((key.clone(), leaf.clone())),
        }
    }
    out
}

fn set_dotted(table: &mut toml::Table, key: &str, value: toml::Value) {
    match key.split_once('.') {
        Some((head, rest)) => {
            let inner = table
                .entry(head)
                .or_insert_with(|| toml::Value::Table(toml::Table::new()));
            if let toml::Value::Table(inner) = inner {
                set_dotted(inner, rest, value);
            }
        }
        None => {
            table.insert(key.to_string(), value);
        }
    }
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
                None => CalendarSource::ics_url(
                    ics.name.clone(),
                    required_secret(&names::ics_url(&ics.name)).await?,
                ),
            });
        }
        for g in &self.google {
            let key = required_secret(names::GOOGLE_SERVICE_ACCOUNT).await?;
            let account =
                crate::google::ServiceAccount::from_key_file(&key).map_err(|message| {
                    Error::Invalid {
                        path: "the keyring".into(),
                        line: 0,
                        message,
                    }
                })?;
            let mut source = crate::google::GoogleSource::new(
                g.name.clone(),
                g.calendar_id.clone(),
                account,
                g.subject.clone(),
            );
            if let Some(base) = &g.api_base {
                source.api_base = url::Url::parse(base).map_err(|e| Error::Invalid {
                    path: "configuration".into(),
                    line: 0,
                    message: format!("google.api_base {base:?} is not a URL: {e}"),
                })?;
            }
            sources.push(CalendarSource::Google(Box::new(source)));
        }
        for g in &self.graph {
            let mut source = crate::graph::GraphSource::new(
                g.name.clone(),
                g.tenant_id.clone(),
                g.client_id.clone(),
                required_secret(names::GRAPH_CLIENT_SECRET).await?,
                g.mailbox.clone(),
            );
            let base = |v: &Option<String>, key: &str| -> Result<Option<url::Url>, Error> {
                v.as_deref()
                    .map(|b| {
                        url::Url::parse(b).map_err(|e| Error::Invalid {
                            path: "configuration".into(),
                            line: 0,
                            message: format!("graph.{key} {b:?} is not a URL: {e}"),
                        })
                    })
                    .transpose()
            };
            if let Some(b) = base(&g.graph_base, "graph_base")? {
                source.graph_base = b;
            }
            if let Some(b) = base(&g.login_base, "login_base")? {
                source.login_base = b;
            }
            sources.push(CalendarSource::Graph(Box::new(source)));
        }
        Ok(RoomSetup {
            zoom,
            sources,
            window: StartWindow {
                before_start: chrono::Duration::minutes(self.room.start_early_minutes.into()),
                ..StartWindow::default()
            },
            zoommtg_join: crate::handlers::handler_for("zoommtg").is_some(),
            msteams_join: crate::handlers::handler_for("msteams").is_some(),
            cache_file: Some(crate::paths::cache_dir().join("agenda.json")),
            refresh_every: std::time::Duration::from_secs(self.room.refresh_seconds.max(15).into()),
            ..RoomSetup::new(self.room.name.clone(), zone)
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
        client_secret: required_secret(names::ZOOM_CLIENT_SECRET).await?,
    };
    Ok(ZoomAccount {
        client: ZoomClient::new(endpoints, credentials),
        host_users: z.host_users.clone(),
        show_unlisted: z.show_unlisted,
        start_via: match z.start_with {
            StartWith::Https => StartVia::Https,
            StartWith::Zoommtg => StartVia::ZoomClient,
        },
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
        check("[room]\nname = \"A\"\n[log]\nlevel = \"chatty\"\n", "room.toml:4: unknown variant `chatty`, expected one of `error`, `warn`, `info`, `debug`, `trace`");
        check(
            "[room]\nname = \"A\"\n[zoom]\naccount_id = \"a\"\n",
            "missing field `client_id`",
        );
        check("[room]\nname = \"A\"\n[zoom]\naccount_id = \"a\"\nclient_id = \"c\"\ncloud = \"azure\"\n", "room.toml:6: unknown variant `azure`");
        check(
            "[room]\nname = \"A\"\nstart_early_minutes = -5\n",
            "room.toml:3: invalid value",
        );
        check(
            "[room]\nname = \"A\"\n[[ics]]\nname = \"x\"\nurl = \"https://secret\"\n",
            "room.toml:5: unknown field `url`",
        );
    }

    fn files(managed: &str, user: Option<&str>) -> (ConfigFiles, std::path::PathBuf) {
        let dir = std::env::temp_dir().join(format!(
            "roomstart-config-{}-{}",
            std::process::id(),
            managed.len() + user.map_or(0, str::len)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("managed.toml"), managed).unwrap();
        if let Some(user) = user {
            std::fs::write(dir.join("user.toml"), user).unwrap();
        }
        let files = ConfigFiles {
            managed: dir.join("managed.toml"),
            user: Some(dir.join("user.toml")),
        };
        (files, dir)
    }

    #[test]
    fn the_user_file_overrides_only_what_the_managed_file_allows() {
        let managed = "[room]\nname = \"Aurora\"\ntimezone = \"Europe/Berlin\"\n[admin]\nuser_may_override = [\"room.timezone\", \"log.level\"]\n";
        let (f, dir) = files(managed, Some("[room]\ntimezone = \"Asia/Tokyo\"\n"));
        let loaded = load(&f).unwrap();
        assert_eq!(loaded.config.room.timezone.as_deref(), Some("Asia/Tokyo"));
        let origin = |key: &str| {
            loaded
                .values
                .iter()
                .find(|(k, _, _)| k == key)
                .unwrap()
                .2
                .clone()
        };
        assert_eq!(
            origin("room.timezone"),
            Origin::File(f.user.clone().unwrap())
        );
        assert_eq!(origin("room.name"), Origin::File(f.managed.clone()));
        assert_eq!(origin("room.start_early_minutes"), Origin::Default);
        std::fs::remove_dir_all(dir).unwrap();

        let (f, dir) = files(managed, Some("[room]\n\nname = \"Mine\"\n"));
        let err = load(&f).err().unwrap().to_string();
        assert!(
            err.contains("user.toml:3: room.name may not be set"),
            "{err}"
        );
        assert!(
            err.contains("allows only: room.timezone, log.level"),
            "{err}"
        );
        std::fs::remove_dir_all(dir).unwrap();

        let (f, dir) = files(managed, Some("[log]\nlevel = \"loud\"\n"));
        let err = load(&f).err().unwrap().to_string();
        assert!(
            err.contains("user.toml") && err.contains("unknown variant `loud`"),
            "{err}"
        );
        std::fs::remove_dir_all(dir).unwrap();
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
