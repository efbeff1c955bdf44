//! Calendar sources and the event they all produce.

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::ics::{self, ParsedCalendar};
use crate::secret::Secret;

/// One event as a calendar gives it. Its text fields may carry passcodes, so
/// it is never serialized: the agenda derives what may be shown.
#[derive(Debug, Clone)]
pub struct CalendarEvent {
    pub uid: String,
    pub title: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub all_day: bool,
    pub cancelled: bool,
    pub private: bool,
    pub recurring: bool,
    pub location: String,
    pub description: String,
    pub description_html: String,
    pub url: String,
    pub conference: Vec<String>,
    pub source: String,
}

/// How a read relates to the reads before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// One look at a window (the CLI, doctor): nothing is kept for next time.
    Once,
    /// The window's refresh loop: Google and Graph keep the events and send
    /// only what changed since the last read (sync token, delta link).
    Follow,
}

/// Where a room's events come from.
pub enum CalendarSource {
    /// An ICS feed; its address is a bearer secret (Google's "secret address").
    IcsUrl {
        name: String,
        url: Secret,
        /// The last body and its validators, for conditional GET.
        cache: FeedCache,
    },
    IcsFile {
        name: String,
        path: PathBuf,
    },
    /// A Google Workspace calendar through the Calendar API.
    Google(Box<crate::google::GoogleSource>),
    /// A Microsoft 365 room mailbox through Microsoft Graph.
    Graph(Box<crate::graph::GraphSource>),
}

/// What a feed last sent, so an unchanged feed costs one small 304.
#[derive(Default)]
pub struct FeedCache(std::sync::Mutex<Option<CachedFeed>>);

struct CachedFeed {
    etag: Option<String>,
    last_modified: Option<String>,
    body: std::sync::Arc<str>,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("calendar {source_name} answered HTTP {status}")]
    Status { source_name: String, status: u16 },
    #[error("calendar {source_name} could not be reached: {reason}")]
    Unreachable { source_name: String, reason: String },
    #[error("calendar file {path} could not be read: {reason}")]
    File { path: String, reason: String },
    #[error("calendar {source_name}: {error}")]
    Ics {
        source_name: String,
        error: ics::Error,
    },
}

impl CalendarSource {
    pub fn ics_url(name: impl Into<String>, url: Secret) -> Self {
        CalendarSource::IcsUrl {
            name: name.into(),
            url,
            cache: FeedCache::default(),
        }
    }

    pub fn name(&self) -> &str {
        match self {
            CalendarSource::IcsUrl { name, .. } | CalendarSource::IcsFile { name, .. } => name,
            CalendarSource::Graph(g) => &g.name,
            CalendarSource::Google(g) => &g.name,
        }
    }

    /// Reads the source; recurring events are expanded into their instances in
    /// `window`. An ICS feed always asks with its validators, so an unchanged
    /// feed costs one 304 whatever the `reading`.
    pub async fn fetch(
        &self,
        http: &crate::http::HttpClients,
        room_zone: Tz,
        window: (DateTime<Utc>, DateTime<Utc>),
        reading: Reading,
    ) -> Result<ParsedCalendar, Error> {
        let name = self.name().to_string();
        let text = match self {
            CalendarSource::Graph(graph) => return graph.fetch(&http.api, window, reading).await,
            CalendarSource::Google(google) => {
                return google.fetch(&http.api, room_zone, window, reading).await
            }
            CalendarSource::IcsFile { path, .. } => tokio::fs::read(path)
                .await
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .map_err(|e| Error::File {
                    path: path.display().to_string(),
                    reason: e.to_string(),
                })?,
            CalendarSource::IcsUrl { url, cache, .. } => fetch_feed(&http.feeds, url, cache, &name)
                .await?
                .to_string(),
        };
        ics::parse_calendar(&text, room_zone, &name, window).map_err(|error| Error::Ics {
            source_name: name,
            error,
        })
    }
}

/// GET with If-None-Match / If-Modified-Since; a 304 reuses the cached body.
async fn fetch_feed(
    http: &reqwest::Client,
    url: &Secret,
    cache: &FeedCache,
    name: &str,
) -> Result<std::sync::Arc<str>, Error> {
    let unreachable = |e: reqwest::Error| Error::Unreachable {
        source_name: name.to_string(),
        // The address is a secret: never let it into the message.
        reason: e.without_url().to_string(),
    };
    let mut request = http.get(url.expose()).timeout(Duration::from_secs(20));
    let cached_body = {
        let held = cache.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(c) = held.as_ref() {
            if let Some(etag) = &c.etag {
                request = request.header(reqwest::header::IF_NONE_MATCH, etag);
            }
            if let Some(lm) = &c.last_modified {
                request = request.header(reqwest::header::IF_MODIFIED_SINCE, lm);
            }
        }
        held.as_ref().map(|c| c.body.clone())
    };
    let response = request.send().await.map_err(unreachable)?;
    if response.status() == reqwest::StatusCode::NOT_MODIFIED {
        if let Some(body) = cached_body {
            return Ok(body);
        }
    }
    if !response.status().is_success() {
        return Err(Error::Status {
            source_name: name.to_string(),
            status: response.status().as_u16(),
        });
    }
    let header = |h: reqwest::header::HeaderName| {
        response
            .headers()
            .get(h)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let (etag, last_modified) = (
        header(reqwest::header::ETAG),
        header(reqwest::header::LAST_MODIFIED),
    );
    let body: std::sync::Arc<str> = response.text().await.map_err(unreachable)?.into();
    *cache.0.lock().unwrap_or_else(|p| p.into_inner()) = Some(CachedFeed {
        etag,
        last_modified,
        body: body.clone(),
    });
    Ok(body)
}
