//! Microsoft Graph as a calendar source: client credentials, then the room
//! mailbox's `calendarView` (expanded occurrences), every page. The refresh
//! loop uses `calendarView/delta`: one full round per window, then only what
//! changed (a 410 starts the round over). Writes (`write`) need the
//! application permission `Calendars.ReadWrite` on the mailbox.

use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use url::Url;

use crate::calendar::event::{CalendarEvent, ParsedCalendar, Reading};
use crate::calendar::oauth::{self, HeldToken};
use crate::http::paging::PageGuard;
use crate::secret::Secret;

mod wire;
mod write;

use wire::{change, Change, Page};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("Microsoft Graph answered HTTP {status} {code}")]
    Status { status: u16, code: String },
    /// 429 (or 503) with a `Retry-After` longer than a read waits out.
    #[error("Microsoft Graph asked to slow down (HTTP {status})")]
    RateLimited {
        status: u16,
        retry_after: Option<Duration>,
    },
    #[error("Microsoft Graph could not be reached: {0}")]
    Unreachable(String),
    #[error(transparent)]
    Token(#[from] oauth::Error),
    #[error("Microsoft Graph's pages: {0}")]
    Paging(#[from] crate::http::paging::Error),
    /// A page link to another host: the token is not sent there.
    #[error("Microsoft Graph sent a link to another host; it was not followed")]
    Foreign,
}

pub struct GraphSource {
    pub name: String,
    pub tenant_id: String,
    pub client_id: String,
    pub client_secret: Secret,
    /// The room mailbox, e.g. `aurora@contoso.com`.
    pub mailbox: String,
    /// `https://graph.microsoft.com` (tests: a fake on loopback).
    pub graph_base: Url,
    /// `https://login.microsoftonline.com`.
    pub login_base: Url,
    /// `$top`: events a page (Graph's maximum is 1000).
    pub page_size: u16,
    token: HeldToken,
    delta: tokio::sync::Mutex<Option<DeltaRound>>,
}

/// A delta round: its window is fixed by its first request.
struct DeltaRound {
    window: (DateTime<Utc>, DateTime<Utc>),
    delta_link: Url,
    events: HashMap<String, CalendarEvent>,
}

/// A 429 or 503 asking for at most this wait is waited out, at most twice.
const SHORT_RETRY: Duration = Duration::from_secs(5);

impl GraphSource {
    pub fn new(
        name: String,
        tenant_id: String,
        client_id: String,
        client_secret: Secret,
        mailbox: String,
    ) -> Self {
        GraphSource {
            name,
            tenant_id,
            client_id,
            client_secret,
            mailbox,
            graph_base: Url::parse("https://graph.microsoft.com").expect("static url"),
            login_base: Url::parse("https://login.microsoftonline.com").expect("static url"),
            token: HeldToken::default(),
            page_size: 100,
            delta: Default::default(),
        }
    }

    /// `zone`: the room's, where an all-day event's date is placed.
    pub async fn fetch(
        &self,
        http: &reqwest::Client,
        zone: chrono_tz::Tz,
        window: (DateTime<Utc>, DateTime<Utc>),
        reading: Reading,
    ) -> Result<ParsedCalendar, Error> {
        let mut parsed = match self.fetch_with_token(http, window, reading).await {
            // The token died early (revoked, or the room slept past it): mint once more.
            Err(Error::Status { status: 401, .. }) => {
                tracing::info!(source = %self.name, "graph refused the token; renewing it");
                self.token.forget().await;
                self.fetch_with_token(http, window, reading).await
            }
            other => other,
        }?;
        for e in &mut parsed.events {
            wire::place_all_day(e, zone);
        }
        Ok(parsed)
    }

    async fn fetch_with_token(
        &self,
        http: &reqwest::Client,
        window: (DateTime<Utc>, DateTime<Utc>),
        reading: Reading,
    ) -> Result<ParsedCalendar, Error> {
        let token = self.token(http).await?;
        let mut parsed = ParsedCalendar::default();
        let events = match reading {
            Reading::Once => {
                let mut url =
                    self.join(&["v1.0", "users", &self.mailbox, "calendar", "calendarView"]);
                self.window_query(&mut url, window)
                    .append_pair("$top", &self.page_size.to_string());
                let (changes, _) = self.pages(http, &token, url).await?;
                let mut events = HashMap::new();
                self.apply(changes, &mut events, &mut parsed.warnings);
                events
            }
            Reading::Follow => self.follow(http, &token, window, &mut parsed).await?,
        };
        let mut events: Vec<CalendarEvent> = events.into_values().collect();
        events.sort_by_key(|e| e.start);
        let raw = events.len();
        if raw > 0 && events.iter().all(|e| e.description.trim().is_empty()) {
            parsed.hints.push(format!(
                "calendar {}: all {raw} events came without a body, so no meeting links can be found. Exchange room \
                 mailboxes delete it by default; run: Set-CalendarProcessing {} -DeleteComments $false -DeleteSubject $false \
                 -AddOrganizerToSubject $false (affects new invites only)",
                self.name, self.mailbox
            ));
        }
        parsed.events = events;
        Ok(parsed)
    }

    /// The delta round for `window`: its changes applied to what the round
    /// already holds, or a new round when the window moved or the link expired.
    async fn follow(
        &self,
        http: &reqwest::Client,
        token: &Secret,
        window: (DateTime<Utc>, DateTime<Utc>),
        parsed: &mut ParsedCalendar,
    ) -> Result<HashMap<String, CalendarEvent>, Error> {
        let mut held = self.delta.lock().await;
        let round = held.take().filter(|r| r.window == window);
        let mut answer = None;
        if let Some(round) = round {
            match self.pages(http, token, round.delta_link.clone()).await {
                Ok(changes) => answer = Some((changes, round.events)),
                Err(Error::Status { status: 410, .. }) => {
                    tracing::info!(source = %self.name, "delta link expired; starting a new round")
                }
                Err(e) => {
                    // A passing failure keeps the round: the next poll asks again.
                    *held = Some(round);
                    return Err(e);
                }
            }
        }
        let ((changes, delta_link), mut events) = match answer {
            Some(answer) => answer,
            None => {
                let mut url = self.join(&["v1.0", "users", &self.mailbox, "calendarView", "delta"]);
                self.window_query(&mut url, window);
                (self.pages(http, token, url).await?, HashMap::new())
            }
        };
        self.apply(changes, &mut events, &mut parsed.warnings);
        match delta_link {
            Some(delta_link) => {
                *held = Some(DeltaRound {
                    window,
                    delta_link,
                    events: events.clone(),
                })
            }
            None => {
                tracing::warn!(source = %self.name, "Graph ended the round without a delta link; the next read starts over")
            }
        }
        Ok(events)
    }

    fn window_query<'u>(
        &self,
        url: &'u mut Url,
        window: (DateTime<Utc>, DateTime<Utc>),
    ) -> url::form_urlencoded::Serializer<'u, url::UrlQuery<'u>> {
        let mut query = url.query_pairs_mut();
        query
            .append_pair("startDateTime", &window.0.to_rfc3339())
            .append_pair("endDateTime", &window.1.to_rfc3339());
        query
    }

    fn apply(
        &self,
        changes: Vec<Change>,
        events: &mut HashMap<String, CalendarEvent>,
        warnings: &mut Vec<String>,
    ) {
        for change in changes {
            match change {
                Change::Removed(id) => {
                    events.remove(&id);
                }
                Change::Event(e) => match wire::event(*e, &self.name) {
                    Ok(e) => {
                        events.insert(e.uid.clone(), e);
                    }
                    Err(why) => warnings.push(format!("{}: {why}", self.name)),
                },
                Change::Unreadable(why) => warnings.push(format!("{}: {why}", self.name)),
            }
        }
    }

    /// Every page from `url` on, and the delta link that ends a delta round.
    async fn pages(
        &self,
        http: &reqwest::Client,
        token: &Secret,
        mut url: Url,
    ) -> Result<(Vec<Change>, Option<Url>), Error> {
        let mut changes = Vec::new();
        let mut guard = PageGuard::default();
        loop {
            let page: Page = self.get(http, &url, token).await?;
            changes.extend(page.value.into_iter().map(change));
            let next = match (page.next_link, page.delta_link) {
                (Some(next), _) => next,
                (None, delta) => {
                    let delta = delta.map(|d| self.own_link(&d)).transpose()?;
                    return Ok((changes, delta));
                }
            };
            let next = self.own_link(&next)?;
            guard.follow(next.as_str())?;
            url = next;
        }
    }

    /// A link Graph sent, if it stays on Graph: the token goes nowhere else.
    fn own_link(&self, link: &str) -> Result<Url, Error> {
        Url::parse(link)
            .ok()
            .filter(|n| n.origin() == self.graph_base.origin())
            .ok_or(Error::Foreign)
    }

    async fn token(&self, http: &reqwest::Client) -> Result<Secret, Error> {
        let url = extend(
            &self.login_base,
            &[&self.tenant_id, "oauth2", "v2.0", "token"],
        );
        let form = [
            ("client_id", self.client_id.as_str()),
            ("client_secret", self.client_secret.expose()),
            ("scope", "https://graph.microsoft.com/.default"),
            ("grant_type", "client_credentials"),
        ];
        self.token
            .get(
                http,
                url,
                &form,
                "Entra ID refused the app's credentials",
                Utc::now(),
            )
            .await
            .map_err(Error::Token)
    }

    async fn get(&self, http: &reqwest::Client, url: &Url, token: &Secret) -> Result<Page, Error> {
        for attempt in 0..3 {
            let request = http
                .get(url.clone())
                .bearer_auth(token.expose())
                .header(
                    "Prefer",
                    format!(
                        "outlook.timezone=\"UTC\", outlook.body-content-type=\"text\", odata.maxpagesize={}",
                        self.page_size
                    ),
                )
                .timeout(Duration::from_secs(20));
            let response = crate::http::send(crate::metrics::Api::Graph, request)
                .await
                .map_err(|e| Error::Unreachable(e.without_url().to_string()))?;
            let status = response.status();
            if status.is_success() {
                return crate::http::body::json(response)
                    .await
                    .map_err(|e| Error::Unreachable(e.to_string()));
            }
            let wait = crate::http::retry_after::retry_after(response.headers());
            let retryable = status.as_u16() == 429 || status.as_u16() == 503;
            match wait {
                Some(w) if retryable && w <= SHORT_RETRY && attempt < 2 => {
                    tokio::time::sleep(w).await
                }
                _ if retryable => {
                    return Err(Error::RateLimited {
                        status: status.as_u16(),
                        retry_after: wait,
                    })
                }
                _ => {
                    let body: serde_json::Value =
                        crate::http::body::json(response).await.unwrap_or_default();
                    let code = body["error"]["code"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string();
                    return Err(Error::Status {
                        status: status.as_u16(),
                        code,
                    });
                }
            }
        }
        unreachable!("the loop returns on its last attempt")
    }

    fn join(&self, segments: &[&str]) -> Url {
        extend(&self.graph_base, segments)
    }
}

/// `base` with `segments` appended, each percent-encoded (mailboxes hold `@`).
fn extend(base: &Url, segments: &[&str]) -> Url {
    let mut url = base.clone();
    url.path_segments_mut()
        .expect("an http base")
        .pop_if_empty()
        .extend(segments);
    url
}
