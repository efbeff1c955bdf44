//! The setup half: what the configuration names, made real. Secrets come from
//! the keyring, handlers from the OS, and the room gets its clients.

use crate::calendar::CalendarSource;
use crate::room::agenda::StartWindow;
use crate::room::{RoomSetup, StartVia, ZoomAccount};
use crate::setup::config::{Cloud, Config, StartWith, ZoomConfig};
use crate::setup::endpoints::{self, Vendor};
use crate::setup::keystore::{self, names};
use crate::zoom::{ZoomClient, ZoomCredentials, ZoomEndpoints};

/// Why a valid configuration could not be turned into a running room.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("secret {name} is not set; set it with: roomstart secrets set {name}")]
    MissingSecret { name: String },
    #[error(transparent)]
    Keyring(#[from] keystore::Error),
    /// The keyring holds something that is not a Google service account key.
    #[error("{0}")]
    KeyFile(String),
    #[error("{key} is not a URL: {reason}")]
    NotAUrl { key: &'static str, reason: String },
    #[error("secret {name}: {reason}; set it again with: roomstart secrets set {name}")]
    FeedNotHttps { name: String, reason: String },
}

impl Config {
    /// The room's zone: the config's (checked when parsed), else the computer's.
    pub fn zone(&self) -> chrono_tz::Tz {
        self.room
            .timezone
            .as_deref()
            .and_then(crate::calendar::ics::zone_named)
            .unwrap_or_else(system_zone)
    }

    /// Resolves every secret the config names from the keyring.
    pub async fn room_setup(&self) -> Result<RoomSetup, Error> {
        let zone = self.zone();
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
                None => {
                    let name = names::ics_url(&ics.name);
                    let url = required_secret(&name).await?;
                    super::endpoints::check_feed(url.expose())
                        .map_err(|reason| Error::FeedNotHttps { name, reason })?;
                    CalendarSource::ics_url(ics.name.clone(), url)
                }
            });
        }
        for g in &self.google {
            let key = required_secret(names::GOOGLE_SERVICE_ACCOUNT).await?;
            let account = crate::calendar::google::ServiceAccount::from_key_file(&key)
                .map_err(Error::KeyFile)?;
            let mut source = crate::calendar::google::GoogleSource::new(
                g.name.clone(),
                g.calendar_id.clone(),
                account,
                g.subject.clone(),
            );
            source.writes = self.booking.writes();
            if let Some(base) = &g.api_base {
                source.api_base = url::Url::parse(base).map_err(|e| Error::NotAUrl {
                    key: "google.api_base",
                    reason: e.to_string(),
                })?;
            }
            check_token_uri(&source.account.token_uri, &source.api_base).map_err(Error::KeyFile)?;
            sources.push(CalendarSource::Google(Box::new(source)));
        }
        for g in &self.graph {
            let mut source = crate::calendar::graph::GraphSource::new(
                g.name.clone(),
                g.tenant_id.clone(),
                g.client_id.clone(),
                required_secret(names::GRAPH_CLIENT_SECRET).await?,
                g.mailbox.clone(),
            );
            let base = |v: &Option<String>, key: &'static str| -> Result<Option<url::Url>, Error> {
                v.as_deref()
                    .map(|b| {
                        url::Url::parse(b).map_err(|e| Error::NotAUrl {
                            key,
                            reason: e.to_string(),
                        })
                    })
                    .transpose()
            };
            if let Some(b) = base(&g.graph_base, "graph.graph_base")? {
                source.graph_base = b;
            }
            if let Some(b) = base(&g.login_base, "graph.login_base")? {
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
            trusted: launcher_origins(self.zoom.as_ref()),
            zoommtg_join: crate::launch::handlers::handler_for("zoommtg").is_some(),
            msteams_join: crate::launch::handlers::handler_for("msteams").is_some(),
            cache_file: Some(crate::paths::cache_dir().join("agenda.json")),
            refresh_every: std::time::Duration::from_secs(self.room.refresh_seconds.max(15).into()),
            poll_every: self
                .poll_intervals()
                .0
                .into_iter()
                .map(|(name, every)| {
                    (
                        name.to_string(),
                        std::time::Duration::from_secs(every.into()),
                    )
                })
                .collect(),
            zoom_poll_every: self
                .poll_intervals()
                .1
                .map_or(crate::room::ZOOM_POLL_EVERY, |every| {
                    std::time::Duration::from_secs(every.into())
                }),
            screen: self.screen.options(),
            booking: self
                .booking
                .setup(crate::paths::cache_dir().join("booking.json")),
            ..RoomSetup::new(self.room.name.clone(), zone)
        })
    }
}

/// Where a `start_url` may point: Zoom's hosts, and also the Zoom API's own
/// origin when the config puts that API on loopback (a simulation, whose
/// start_url leads to its own launcher page). Only IT's file can move the API
/// on a provisioned computer.
fn launcher_origins(zoom: Option<&ZoomConfig>) -> crate::launch::TrustedOrigins {
    zoom.and_then(|z| z.api_base.as_deref())
        .and_then(|base| url::Url::parse(base).ok())
        .and_then(|api| crate::launch::TrustedOrigins::with_loopback(&api).ok())
        .unwrap_or_else(crate::launch::TrustedOrigins::zoom_only)
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
        )
        .map_err(|e| Error::NotAUrl {
            key: "zoom.api_base",
            reason: e.to_string(),
        })?;
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
        room_user: z.room_user.clone().filter(|u| !u.trim().is_empty()),
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
        .and_then(|tz| crate::calendar::ics::zone_named(tz.trim_start_matches(':')))
        .or_else(|| {
            iana_time_zone::get_timezone()
                .ok()
                .and_then(|n| crate::calendar::ics::zone_named(&n))
        })
        .unwrap_or(chrono_tz::UTC)
}

/// The key file says where to trade it for a token: Google only, or a fake
/// on loopback when the API itself is one (a test setup).
fn check_token_uri(token_uri: &str, api_base: &url::Url) -> Result<(), String> {
    let url = endpoints::checked(Vendor::GoogleToken, token_uri)
        .map_err(|why| format!("the service account key's token_uri: {why}"))?;
    if endpoints::is_loopback(&url) && !endpoints::is_loopback(api_base) {
        return Err(format!(
            "the service account key's token_uri {token_uri:?} is on this computer, not Google"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_file_sends_its_assertion_only_to_google() {
        let google = url::Url::parse("https://www.googleapis.com").unwrap();
        let fake = url::Url::parse("http://127.0.0.1:9/google").unwrap();
        assert!(check_token_uri("https://oauth2.googleapis.com/token", &google).is_ok());
        assert!(check_token_uri("http://127.0.0.1:9/google/token", &fake).is_ok());
        assert!(check_token_uri("http://127.0.0.1:9/token", &google).is_err());
        assert!(
            check_token_uri("https://oauth2.googleapis.com.evil.example/token", &google).is_err()
        );
        assert!(check_token_uri("http://oauth2.googleapis.com/token", &google).is_err());
    }
}
