//! Calendar sources (ICS feed or file, Google, Microsoft Graph) and the
//! events they all produce. Each source owns its errors; `Error` says which
//! source failed and how.

mod event;
mod feed;
pub mod google;
pub mod graph;
pub mod ics;
pub mod oauth;
pub mod write;

pub use event::{capped, midnight_in, CalendarEvent, ParsedCalendar, Reading, MAX_FIELD_BYTES};
pub use feed::FeedCache;

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::metrics::CalendarErrorKind;
use crate::secret::Secret;
use crate::words::say;

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
    Google(Box<google::GoogleSource>),
    /// A Microsoft 365 room mailbox through Microsoft Graph.
    Graph(Box<graph::GraphSource>),
}

impl CalendarSource {
    /// Whom the vendor counts this source's requests against: a Google user
    /// (the service account itself, or its `subject`), a Graph app on a
    /// mailbox, a feed's own address.
    /// Who serves it, in words: "Google", "Microsoft 365", "The feed".
    pub fn vendor(&self) -> &'static str {
        match self {
            CalendarSource::IcsUrl { .. } => "The feed",
            CalendarSource::IcsFile { .. } => "The file",
            CalendarSource::Google(_) => "Google",
            CalendarSource::Graph(_) => "Microsoft 365",
        }
    }

    pub fn identity(&self) -> String {
        match self {
            CalendarSource::IcsUrl { name, .. } => format!("ics:{name}"),
            CalendarSource::IcsFile { name, .. } => format!("file:{name}"),
            CalendarSource::Google(g) => match &g.subject {
                Some(subject) => format!("google:{}/{subject}", g.account.client_email),
                None => format!("google:{}", g.account.client_email),
            },
            CalendarSource::Graph(g) => format!(
                "graph:{}/{}/{}",
                g.tenant_id,
                g.client_id,
                g.mailbox.to_ascii_lowercase()
            ),
        }
    }
}

/// The most events one source may bring to a read. A room's two days hold
/// dozens; thousands are invites sent to flood the screen.
pub const MAX_EVENTS: usize = 1_000;

/// A source that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("calendar {source_name}: {problem}")]
pub struct Error {
    pub source_name: String,
    pub problem: Problem,
}

#[derive(Debug, thiserror::Error)]
pub enum Problem {
    #[error(transparent)]
    Feed(feed::Error),
    #[error("the file {path} could not be read: {reason}")]
    File { path: String, reason: String },
    #[error(transparent)]
    Ics(ics::Error),
    #[error(transparent)]
    Google(google::Error),
    #[error(transparent)]
    Graph(graph::Error),
}

impl Problem {
    /// No answer at all: the network, not the calendar, is what failed.
    pub fn is_unreachable(&self) -> bool {
        use Problem::*;
        matches!(
            self,
            Feed(feed::Error::Unreachable(_))
                | Google(google::Error::Unreachable(_))
                | Graph(graph::Error::Unreachable(_))
                | Google(google::Error::Token(oauth::Error::Unreachable(_)))
                | Graph(graph::Error::Token(oauth::Error::Unreachable(_)))
        )
    }

    /// The vendor asked to slow down: `Some(its Retry-After, if it gave one)`.
    pub fn refusal(&self) -> Option<Option<std::time::Duration>> {
        use Problem::*;
        match self {
            Feed(feed::Error::RateLimited { retry_after })
            | Google(google::Error::RateLimited { retry_after })
            | Graph(graph::Error::RateLimited { retry_after, .. }) => Some(*retry_after),
            _ => None,
        }
    }

    /// The catalogue's key for who answered: the feed, Google, Microsoft 365.
    pub fn vendor_key(&self) -> Option<&'static str> {
        match self {
            Problem::Feed(_) => Some("calendar.vendor.feed"),
            Problem::Google(_) => Some("calendar.vendor.google"),
            Problem::Graph(_) => Some("calendar.vendor.graph"),
            Problem::File { .. } | Problem::Ics(_) => None,
        }
    }

    /// The problem in a few fixed words, for the metrics.
    pub fn kind(&self) -> CalendarErrorKind {
        use Problem::*;
        match self {
            _ if self.is_unreachable() => CalendarErrorKind::Unreachable,
            _ if self.refusal().is_some() => CalendarErrorKind::RateLimited,
            Feed(feed::Error::Status(s)) | Google(google::Error::Status(s)) => {
                CalendarErrorKind::of_status(*s)
            }
            Graph(graph::Error::Status { status, .. }) => CalendarErrorKind::of_status(*status),
            Google(google::Error::Token(oauth::Error::Refused { .. }))
            | Graph(graph::Error::Token(oauth::Error::Refused { .. })) => CalendarErrorKind::Denied,
            _ => CalendarErrorKind::Unreadable,
        }
    }

    /// The problem in words for the room screen: no vendor wording, no address.
    pub fn in_plain_words(&self) -> String {
        use Problem::*;
        let status = match self {
            Feed(feed::Error::Status(s)) => *s,
            Google(google::Error::Status(s)) => *s,
            Graph(graph::Error::Status { status, .. }) => *status,
            Feed(feed::Error::Unreachable(_))
            | Google(google::Error::Unreachable(_))
            | Graph(graph::Error::Unreachable(_)) => return say("calendar.unreachable"),
            Feed(feed::Error::RateLimited { .. })
            | Google(google::Error::RateLimited { .. })
            | Graph(graph::Error::RateLimited { .. }) => return say("calendar.slow_down"),
            Google(google::Error::Token(e)) | Graph(graph::Error::Token(e)) => {
                return match e {
                    oauth::Error::Unreachable(_) => say("calendar.unreachable"),
                    oauth::Error::Refused { .. } => say("calendar.refused"),
                }
            }
            Google(google::Error::Key(_)) => return say("calendar.broken_key"),
            Google(google::Error::Paging(_)) | Graph(graph::Error::Paging(_)) => {
                return say("calendar.too_many_pages")
            }
            Graph(graph::Error::Foreign) => return say("calendar.foreign_link"),
            File { .. } | Feed(feed::Error::Unreadable(_)) => return say("calendar.unreadable"),
            Ics(_) => return say("calendar.not_a_calendar"),
        };
        match status {
            401 | 403 => say("calendar.forbidden"),
            404 | 410 => say("calendar.not_found"),
            429 => say("calendar.slow_down"),
            500.. => say("calendar.server_trouble"),
            _ => say("calendar.error"),
        }
    }
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
        let mut parsed = self.read(http, room_zone, window, reading).await?;
        if parsed.events.len() > MAX_EVENTS {
            parsed.events.sort_by_key(|e| e.start);
            parsed.events.truncate(MAX_EVENTS);
            parsed.warnings.push(format!(
                "{}: more than {MAX_EVENTS} events in the window read; the first {MAX_EVENTS} are kept",
                self.name()
            ));
        }
        Ok(parsed)
    }

    async fn read(
        &self,
        http: &crate::http::HttpClients,
        room_zone: Tz,
        window: (DateTime<Utc>, DateTime<Utc>),
        reading: Reading,
    ) -> Result<ParsedCalendar, Error> {
        let name = self.name();
        let failed = |problem| Error {
            source_name: name.to_string(),
            problem,
        };
        let text = match self {
            CalendarSource::Graph(graph) => {
                return graph
                    .fetch(&http.api, room_zone, window, reading)
                    .await
                    .map_err(|e| failed(Problem::Graph(e)))
            }
            CalendarSource::Google(google) => {
                return google
                    .fetch(&http.api, room_zone, window, reading)
                    .await
                    .map_err(|e| failed(Problem::Google(e)))
            }
            CalendarSource::IcsFile { path, .. } => tokio::fs::read(path)
                .await
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .map_err(|e| {
                    failed(Problem::File {
                        path: path.display().to_string(),
                        reason: e.to_string(),
                    })
                })?,
            CalendarSource::IcsUrl { url, cache, .. } => {
                let body = feed::fetch(&http.feeds, url, cache)
                    .await
                    .map_err(|e| failed(Problem::Feed(e)))?;
                return cache
                    .read_once(&body, room_zone, window, |text| {
                        ics::parse_calendar(text, room_zone, name, window)
                    })
                    .map_err(|e| failed(Problem::Ics(e)));
            }
        };
        ics::parse_calendar(&text, room_zone, name, window).map_err(|e| failed(Problem::Ics(e)))
    }
}
