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

/// Where a room's events come from.
pub enum CalendarSource {
    /// An ICS feed; its address is a bearer secret (Google's "secret address").
    IcsUrl {
        name: String,
        url: Secret,
    },
    IcsFile {
        name: String,
        path: PathBuf,
    },
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
    pub fn name(&self) -> &str {
        match self {
            CalendarSource::IcsUrl { name, .. } | CalendarSource::IcsFile { name, .. } => name,
        }
    }

    /// Reads the source; recurring events are expanded into their instances in `window`.
    pub async fn fetch(
        &self,
        http: &reqwest::Client,
        room_zone: Tz,
        window: (DateTime<Utc>, DateTime<Utc>),
    ) -> Result<ParsedCalendar, Error> {
        let name = self.name().to_string();
        let text = match self {
            CalendarSource::IcsFile { path, .. } => tokio::fs::read(path)
                .await
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .map_err(|e| Error::File {
                    path: path.display().to_string(),
                    reason: e.to_string(),
                })?,
            CalendarSource::IcsUrl { url, .. } => {
                let unreachable = |e: reqwest::Error| Error::Unreachable {
                    source_name: name.clone(),
                    // The address is a secret: never let it into the message.
                    reason: e.without_url().to_string(),
                };
                let response = http
                    .get(url.expose())
                    .timeout(Duration::from_secs(20))
                    .send()
                    .await
                    .map_err(unreachable)?;
                if !response.status().is_success() {
                    return Err(Error::Status {
                        source_name: name,
                        status: response.status().as_u16(),
                    });
                }
                response.text().await.map_err(unreachable)?
            }
        };
        ics::parse_calendar(&text, room_zone, &name, window).map_err(|error| Error::Ics {
            source_name: name,
            error,
        })
    }
}
