//! Writing the room's calendar: a walk-up booking, a new end (Extend, End
//! early), and releasing a no-show. Only Google and Graph can be written;
//! an ICS feed or file is read-only. Every write names the version it read
//! (`If-Match`), so a change made elsewhere since is a conflict, never lost.

use chrono::{DateTime, Utc};

use super::CalendarSource;

/// A walk-up booking the room makes on its own calendar.
#[derive(Debug, Clone)]
pub struct NewBooking {
    pub title: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// Plain text for the event's body: the meeting link a Meet now made, or empty.
    pub body: String,
    /// A meeting link for the event's location/conference field, or empty.
    pub link: String,
}

/// The event as the vendor holds it after a write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The vendor's event id (what `CalendarEvent::uid` holds for it).
    pub id: String,
    /// Its new version, for the next `If-Match`.
    pub etag: String,
}

/// One event that occupies the room, as a fresh read just before a write sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Busy {
    pub id: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// Whether the room's credentials may write its calendar, found without writing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteAccess {
    CanWrite,
    /// Why not, in words for IT (`doctor`): the scope, the role, the feed.
    ReadOnly(String),
}

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("an ICS calendar cannot be written")]
    ReadOnly,
    /// 412: the event changed since the room read it.
    #[error("the event changed since it was read")]
    Changed,
    /// 409, or another event now holds the time.
    #[error("the time is no longer free")]
    Conflict,
    /// 403 that is not a rate limit: the scope or the mailbox's permission.
    #[error("the credentials may not write this calendar")]
    NotAllowed,
    /// 404 or 410: the event is gone.
    #[error("the event is no longer on the calendar")]
    Gone,
    #[error("the vendor asked to slow down")]
    RateLimited {
        retry_after: Option<std::time::Duration>,
    },
    #[error("the calendar could not be reached: {0}")]
    Unreachable(String),
    #[error("the calendar answered HTTP {0}")]
    Status(u16),
    #[error(transparent)]
    Token(#[from] super::oauth::Error),
}

impl CalendarSource {
    /// This source can be written at all (Google, Graph).
    pub fn writable(&self) -> bool {
        matches!(self, CalendarSource::Google(_) | CalendarSource::Graph(_))
    }

    /// The events that occupy the room in `[from, to)`, read now (not from
    /// the sync state): what a write checks the slot against.
    pub async fn busy(
        &self,
        http: &reqwest::Client,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Busy>, WriteError> {
        match self {
            CalendarSource::Google(g) => g.busy(http, from, to).await,
            CalendarSource::Graph(g) => g.busy(http, from, to).await,
            CalendarSource::IcsUrl { .. } | CalendarSource::IcsFile { .. } => {
                Err(WriteError::ReadOnly)
            }
        }
    }

    /// Creates `booking` on the room's own calendar.
    pub async fn book(
        &self,
        http: &reqwest::Client,
        booking: &NewBooking,
    ) -> Result<Written, WriteError> {
        match self {
            CalendarSource::Google(g) => g.book(http, booking).await,
            CalendarSource::Graph(g) => g.book(http, booking).await,
            CalendarSource::IcsUrl { .. } | CalendarSource::IcsFile { .. } => {
                Err(WriteError::ReadOnly)
            }
        }
    }

    /// Moves the end of event `id` (one occurrence, never its series) to
    /// `end`, if it is still at version `etag`.
    pub async fn set_end(
        &self,
        http: &reqwest::Client,
        id: &str,
        etag: &str,
        end: DateTime<Utc>,
    ) -> Result<Written, WriteError> {
        match self {
            CalendarSource::Google(g) => g.set_end(http, id, etag, end).await,
            CalendarSource::Graph(g) => g.set_end(http, id, etag, end).await,
            CalendarSource::IcsUrl { .. } | CalendarSource::IcsFile { .. } => {
                Err(WriteError::ReadOnly)
            }
        }
    }

    /// The room declines occurrence `id` (never its series), with `comment`
    /// for the organizer: Graph `decline`, Google the room's attendee status.
    /// Google checks `etag`; Graph's `decline` takes no `If-Match`.
    pub async fn release(
        &self,
        http: &reqwest::Client,
        id: &str,
        etag: &str,
        comment: &str,
    ) -> Result<(), WriteError> {
        match self {
            CalendarSource::Google(g) => g.release(http, id, etag, comment).await,
            CalendarSource::Graph(g) => g.release(http, id, etag, comment).await,
            CalendarSource::IcsUrl { .. } | CalendarSource::IcsFile { .. } => {
                Err(WriteError::ReadOnly)
            }
        }
    }

    /// Whether the credentials may write, found without writing.
    pub async fn write_access(&self, http: &reqwest::Client) -> Result<WriteAccess, WriteError> {
        match self {
            CalendarSource::Google(g) => g.write_access(http).await,
            CalendarSource::Graph(g) => g.write_access(http).await,
            CalendarSource::IcsUrl { .. } | CalendarSource::IcsFile { .. } => {
                Ok(WriteAccess::ReadOnly(
                    "an ICS feed cannot be written: book on the calendar that publishes it".into(),
                ))
            }
        }
    }
}
