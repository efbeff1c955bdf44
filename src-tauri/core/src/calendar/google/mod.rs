//! Google Calendar API v3 as a calendar source: a service account (shared the
//! room calendar, or with domain-wide delegation as `subject`), an RS256 JWT
//! bearer grant against the key's own `token_uri`, then `events.list` with
//! single events, every page. The refresh loop syncs incrementally: one full
//! listing, then only what changed (`syncToken`; a 410 starts over). Writes
//! (`write`) need the `calendar.events` scope: see `GoogleSource::writes`.

use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use url::Url;

use crate::calendar::event::{CalendarEvent, ParsedCalendar, Reading};
use crate::calendar::oauth::{self, HeldToken};
use crate::secret::Secret;

mod account;
#[cfg(target_os = "linux")]
mod rs256;
mod wire;
mod write;

pub use account::ServiceAccount;
use wire::{Event, Events};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("Google answered HTTP {0}")]
    Status(u16),
    /// 429, or 403 `rateLimitExceeded` / `userRateLimitExceeded` (domain `usageLimits`).
    #[error("Google asked to slow down (rate limit)")]
    RateLimited { retry_after: Option<Duration> },
    #[error("Google could not be reached: {0}")]
    Unreachable(String),
    #[error(transparent)]
    Token(#[from] oauth::Error),
    #[error("Google's pages: {0}")]
    Paging(#[from] crate::http::paging::Error),
    /// The service account key is unusable; says what, never the key.
    #[error("{0}")]
    Key(&'static str),
}

const SCOPE: &str = "https://www.googleapis.com/auth/calendar.readonly";
/// Reads and writes events (not calendars' settings or sharing).
const WRITE_SCOPE: &str = "https://www.googleapis.com/auth/calendar.events";

pub struct GoogleSource {
    pub name: String,
    pub calendar_id: String,
    pub account: ServiceAccount,
    /// Domain-wide delegation: the user to act as.
    pub subject: Option<String>,
    /// `https://www.googleapis.com` (tests: a fake on loopback).
    pub api_base: Url,
    /// `maxResults`; Google allows up to 2500.
    pub page_size: u16,
    /// The room writes its calendar: every token is minted with the
    /// `calendar.events` scope, which reads too.
    pub writes: bool,
    token: HeldToken,
    synced: tokio::sync::Mutex<Option<Synced>>,
}

/// What incremental sync keeps between reads.
struct Synced {
    sync_token: String,
    events: HashMap<String, CalendarEvent>,
}

/// What one `events.list` asks for, all pages of it.
enum Listing<'a> {
    Window((DateTime<Utc>, DateTime<Utc>)),
    /// Every event, unbounded: Google gives a sync token only for this.
    Everything,
    ChangesSince(&'a str),
}

struct Listed {
    items: Vec<Event>,
    next_sync_token: Option<String>,
}

impl GoogleSource {
    pub fn new(
        name: String,
        calendar_id: String,
        account: ServiceAccount,
        subject: Option<String>,
    ) -> Self {
        GoogleSource {
            name,
            calendar_id,
            account,
            subject,
            api_base: Url::parse("https://www.googleapis.com").expect("static url"),
            page_size: 2500,
            writes: false,
            token: HeldToken::default(),
            synced: Default::default(),
        }
    }

    pub async fn fetch(
        &self,
        http: &reqwest::Client,
        zone: Tz,
        window: (DateTime<Utc>, DateTime<Utc>),
        reading: Reading,
    ) -> Result<ParsedCalendar, Error> {
        match self.fetch_with_token(http, zone, window, reading).await {
            // The token died early (revoked, or the room slept past it): mint once more.
            Err(Error::Status(401)) => {
                tracing::info!(source = %self.name, "google refused the token; renewing it");
                self.token.forget().await;
                self.fetch_with_token(http, zone, window, reading).await
            }
            other => other,
        }
    }

    async fn fetch_with_token(
        &self,
        http: &reqwest::Client,
        zone: Tz,
        window: (DateTime<Utc>, DateTime<Utc>),
        reading: Reading,
    ) -> Result<ParsedCalendar, Error> {
        let token = self.token(http).await?;
        let mut parsed = ParsedCalendar::default();
        if reading == Reading::Once {
            let listed = self.list(http, &token, Listing::Window(window)).await?;
            for event in listed.items {
                self.keep(event, zone, &mut parsed.events, &mut parsed.warnings);
            }
            return Ok(parsed);
        }
        let mut held = self.synced.lock().await;
        let changes = match held.as_ref() {
            Some(synced) => {
                match self
                    .list(http, &token, Listing::ChangesSince(&synced.sync_token))
                    .await
                {
                    Err(Error::Status(410)) => {
                        tracing::info!(source = %self.name, "sync token expired; listing everything again");
                        None
                    }
                    other => Some(other?),
                }
            }
            None => None,
        };
        let (listed, mut events) = match (changes, held.take()) {
            (Some(listed), Some(synced)) => (listed, synced.events),
            _ => (
                self.list(http, &token, Listing::Everything).await?,
                HashMap::new(),
            ),
        };
        for event in listed.items {
            if event.status.as_deref() == Some("cancelled") {
                events.remove(&event.id);
                continue;
            }
            let mut kept = Vec::new();
            self.keep(event, zone, &mut kept, &mut parsed.warnings);
            for e in kept {
                events.insert(e.uid.clone(), e);
            }
        }
        // Bounded memory: what ended a day before the window is of no more use.
        let horizon = window.0 - chrono::Duration::days(1);
        events.retain(|_, e| e.end >= horizon);
        parsed.events = events
            .values()
            .filter(|e| e.start < window.1 && e.end >= window.0)
            .cloned()
            .collect();
        match listed.next_sync_token {
            Some(sync_token) => *held = Some(Synced { sync_token, events }),
            None => {
                tracing::warn!(source = %self.name, "Google sent no sync token; the next read lists everything")
            }
        }
        Ok(parsed)
    }

    /// Adds the event to `events`, or says why it cannot be read.
    fn keep(
        &self,
        event: Event,
        zone: Tz,
        events: &mut Vec<CalendarEvent>,
        warnings: &mut Vec<String>,
    ) {
        match wire::event(event, zone, &self.name) {
            Ok(e) => events.push(e),
            Err(why) => warnings.push(format!("{}: {why}", self.name)),
        }
    }

    /// Every page of one `events.list`.
    async fn list(
        &self,
        http: &reqwest::Client,
        token: &Secret,
        listing: Listing<'_>,
    ) -> Result<Listed, Error> {
        let mut url = self.api_base.clone();
        url.path_segments_mut()
            .expect("an http base")
            .pop_if_empty()
            // Calendar IDs hold @, # and +: each segment is percent-encoded.
            .extend(["calendar", "v3", "calendars", &self.calendar_id, "events"]);
        // A sync request must repeat the first listing's parameters, minus
        // timeMin, timeMax and orderBy, which Google refuses with a sync token.
        url.query_pairs_mut()
            .append_pair("singleEvents", "true")
            .append_pair("eventTypes", "default")
            .append_pair("maxResults", &self.page_size.to_string());
        match listing {
            Listing::Window((from, to)) => {
                url.query_pairs_mut()
                    .append_pair("orderBy", "startTime")
                    .append_pair("timeMin", &from.to_rfc3339())
                    .append_pair("timeMax", &to.to_rfc3339());
            }
            Listing::Everything => {}
            Listing::ChangesSince(sync_token) => {
                url.query_pairs_mut().append_pair("syncToken", sync_token);
            }
        }
        let mut listed = Listed {
            items: Vec::new(),
            next_sync_token: None,
        };
        let mut page_token: Option<String> = None;
        let mut guard = crate::http::paging::PageGuard::default();
        loop {
            let mut page_url = url.clone();
            if let Some(t) = &page_token {
                page_url.query_pairs_mut().append_pair("pageToken", t);
            }
            let request = http
                .get(page_url)
                .bearer_auth(token.expose())
                .timeout(Duration::from_secs(20));
            let response = crate::http::send(crate::metrics::Api::Google, request)
                .await
                .map_err(|e| Error::Unreachable(e.without_url().to_string()))?;
            if !response.status().is_success() {
                return Err(refusal(response).await);
            }
            let page: Events = crate::http::body::json(response)
                .await
                .map_err(|e| Error::Unreachable(e.to_string()))?;
            listed.items.extend(page.items);
            match page.next_page_token {
                Some(t) => {
                    guard.follow(&t)?;
                    page_token = Some(t);
                }
                None => {
                    listed.next_sync_token = page.next_sync_token;
                    return Ok(listed);
                }
            }
        }
    }

    async fn token(&self, http: &reqwest::Client) -> Result<Secret, Error> {
        let scope = if self.writes { WRITE_SCOPE } else { SCOPE };
        self.mint(http, scope, &self.token).await
    }

    /// A token for `scope`, held in `held` until shortly before it expires.
    async fn mint(
        &self,
        http: &reqwest::Client,
        scope: &str,
        held: &HeldToken,
    ) -> Result<Secret, Error> {
        let assertion = self
            .account
            .assertion(scope, self.subject.as_deref(), Utc::now())
            .map_err(Error::Key)?;
        let token_url = Url::parse(&self.account.token_uri)
            .map_err(|_| Error::Key("the key file's token_uri is not a URL"))?;
        let form = [
            ("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"),
            ("assertion", assertion.expose()),
        ];
        held.get(
            http,
            token_url,
            &form,
            "Google refused the service account",
            Utc::now(),
        )
        .await
        .map_err(Error::Token)
    }
}

/// A failed answer: a rate limit (429, or a 403 whose reason says so) or its status.
async fn refusal(response: reqwest::Response) -> Error {
    let status = response.status().as_u16();
    let retry_after = crate::http::retry_after::retry_after(response.headers());
    if status == 429 {
        return Error::RateLimited { retry_after };
    }
    if status == 403 {
        let body: serde_json::Value = crate::http::body::json(response).await.unwrap_or_default();
        let errors = body["error"]["errors"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let limited = errors.iter().any(|e| {
            matches!(
                e["reason"].as_str(),
                Some("rateLimitExceeded" | "userRateLimitExceeded")
            ) || e["domain"].as_str() == Some("usageLimits")
        });
        if limited {
            return Error::RateLimited { retry_after };
        }
    }
    Error::Status(status)
}
