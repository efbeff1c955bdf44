//! Writing the room's Google calendar: `events.insert`, `events.patch` with
//! `If-Match` (one instance, never its series), and the room's own attendee
//! declining an instance. Google answers a stale etag with 412.

use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use reqwest::{RequestBuilder, Response};
use serde::Deserialize;
use serde_json::{json, Value};
use url::Url;

use super::{refusal, Error, GoogleSource, WRITE_SCOPE};
use crate::calendar::event::Reading;
use crate::calendar::oauth::{self, HeldToken};
use crate::calendar::write::{Busy, NewBooking, WriteAccess, WriteError, Written};
use crate::secret::Secret;

const TIMEOUT: Duration = Duration::from_secs(20);

/// The part of an event resource a write needs back.
#[derive(Deserialize)]
struct Saved {
    id: String,
    #[serde(default)]
    etag: String,
}

impl From<Saved> for Written {
    fn from(saved: Saved) -> Written {
        Written {
            id: saved.id,
            etag: saved.etag,
        }
    }
}

impl GoogleSource {
    pub(crate) async fn busy(
        &self,
        http: &reqwest::Client,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Busy>, WriteError> {
        // A read of the window alone, apart from the refresh loop's sync state.
        let read = self
            .fetch(http, chrono_tz::UTC, (from, to), Reading::Once)
            .await
            .map_err(read_failed)?;
        Ok(read
            .events
            .into_iter()
            .filter(|e| !e.cancelled && e.start < to && e.end > from)
            .map(|e| Busy {
                id: e.uid,
                start: e.start,
                end: e.end,
            })
            .collect())
    }

    pub(crate) async fn book(
        &self,
        http: &reqwest::Client,
        booking: &NewBooking,
    ) -> Result<Written, WriteError> {
        let mut body = json!({
            "summary": booking.title,
            "start": {"dateTime": rfc3339(booking.start)},
            "end": {"dateTime": rfc3339(booking.end)},
        });
        if !booking.body.is_empty() {
            body["description"] = json!(booking.body);
        }
        if !booking.link.is_empty() {
            body["location"] = json!(booking.link);
        }
        let url = self.events_url(None);
        let response = self
            .send(http, |token| {
                http.post(url.clone())
                    .bearer_auth(token.expose())
                    .json(&body)
            })
            .await?;
        Ok(saved(response).await?.into())
    }

    pub(crate) async fn set_end(
        &self,
        http: &reqwest::Client,
        id: &str,
        etag: &str,
        end: DateTime<Utc>,
    ) -> Result<Written, WriteError> {
        let body = json!({"end": {"dateTime": rfc3339(end)}});
        Ok(self.patch(http, id, etag, &body).await?.into())
    }

    /// Reads the instance fresh for its attendees, then patches them all back
    /// with the room's (`self`) declined: a patch replaces the whole array.
    pub(crate) async fn release(
        &self,
        http: &reqwest::Client,
        id: &str,
        etag: &str,
        comment: &str,
    ) -> Result<(), WriteError> {
        let url = self.events_url(Some(id));
        let response = self
            .send(http, |token| {
                http.get(url.clone()).bearer_auth(token.expose())
            })
            .await?;
        let event: Value = crate::http::body::json(response)
            .await
            .map_err(|e| WriteError::Unreachable(e.to_string()))?;
        if event["status"].as_str() == Some("cancelled") {
            return Err(WriteError::Gone);
        }
        let mut attendees = event["attendees"].as_array().cloned().unwrap_or_default();
        // Without the room among the guests there is nothing it may decline.
        let room = attendees
            .iter_mut()
            .find(|a| a["self"].as_bool() == Some(true))
            .ok_or(WriteError::NotAllowed)?;
        room["responseStatus"] = json!("declined");
        room["comment"] = json!(comment);
        self.patch(http, id, etag, &json!({ "attendees": attendees }))
            .await
            .map(|_| ())
    }

    async fn patch(
        &self,
        http: &reqwest::Client,
        id: &str,
        etag: &str,
        body: &Value,
    ) -> Result<Saved, WriteError> {
        let url = self.events_url(Some(id));
        let response = self
            .send(http, |token| {
                http.patch(url.clone())
                    .bearer_auth(token.expose())
                    .header(reqwest::header::IF_MATCH, etag)
                    .json(body)
            })
            .await?;
        saved(response).await
    }

    /// Mints with the write scope, then reads the calendar's `accessRole`.
    pub(crate) async fn write_access(
        &self,
        http: &reqwest::Client,
    ) -> Result<WriteAccess, WriteError> {
        let unheld = HeldToken::default();
        let held = if self.writes { &self.token } else { &unheld };
        let token = match self.mint(http, WRITE_SCOPE, held).await {
            Ok(token) => token,
            Err(Error::Token(oauth::Error::Refused { .. })) => {
                return Ok(WriteAccess::ReadOnly(format!(
                    "Google refused {} a token for the scope {WRITE_SCOPE}: with domain-wide \
                     delegation, add that scope to the service account's client ID in the Admin \
                     console (Security > API controls > Domain-wide delegation)",
                    self.account.client_email
                )))
            }
            Err(e) => return Err(read_failed(e)),
        };
        let mut url = self.events_url(None);
        url.query_pairs_mut().append_pair("maxResults", "1");
        let request = http.get(url).bearer_auth(token.expose()).timeout(TIMEOUT);
        let response = crate::http::send(crate::metrics::Api::Google, request)
            .await
            .map_err(|e| WriteError::Unreachable(e.without_url().to_string()))?;
        if !response.status().is_success() {
            return Err(write_refusal(response).await);
        }
        let listing: Value = crate::http::body::json(response)
            .await
            .map_err(|e| WriteError::Unreachable(e.to_string()))?;
        Ok(match listing["accessRole"].as_str().unwrap_or("none") {
            "writer" | "owner" => WriteAccess::CanWrite,
            role => WriteAccess::ReadOnly(format!(
                "{} has the role {role} on the calendar {}: share the calendar with it with \
                 \"Make changes to events\"",
                self.account.client_email, self.calendar_id
            )),
        })
    }

    /// Sends the request `build` makes, minting the token once more on a 401.
    async fn send(
        &self,
        http: &reqwest::Client,
        build: impl Fn(&Secret) -> RequestBuilder,
    ) -> Result<Response, WriteError> {
        let mut renewed = false;
        loop {
            let token = self.token(http).await.map_err(read_failed)?;
            let request = build(&token).timeout(TIMEOUT);
            let response = crate::http::send(crate::metrics::Api::Google, request)
                .await
                .map_err(|e| WriteError::Unreachable(e.without_url().to_string()))?;
            match response.status().as_u16() {
                401 if !renewed => {
                    tracing::info!(source = %self.name, "google refused the token; renewing it");
                    self.token.forget().await;
                    renewed = true;
                }
                _ if response.status().is_success() => return Ok(response),
                _ => return Err(write_refusal(response).await),
            }
        }
    }

    /// `…/calendars/{calendarId}/events[/{eventId}]`, each segment percent-encoded.
    fn events_url(&self, event_id: Option<&str>) -> Url {
        let mut url = self.api_base.clone();
        url.path_segments_mut()
            .expect("an http base")
            .pop_if_empty()
            .extend(["calendar", "v3", "calendars", &self.calendar_id, "events"])
            .extend(event_id);
        url
    }
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

async fn saved(response: Response) -> Result<Saved, WriteError> {
    crate::http::body::json(response)
        .await
        .map_err(|e| WriteError::Unreachable(e.to_string()))
}

/// A refused write: Google's status, read as the contract's words.
async fn write_refusal(response: Response) -> WriteError {
    match response.status().as_u16() {
        412 => WriteError::Changed,
        409 => WriteError::Conflict,
        404 | 410 => WriteError::Gone,
        _ => match refusal(response).await {
            Error::Status(403) => WriteError::NotAllowed,
            other => read_failed(other),
        },
    }
}

/// A read's error (the token, a listing) as a write's.
fn read_failed(e: Error) -> WriteError {
    match e {
        Error::Status(403) => WriteError::NotAllowed,
        Error::Status(status) => WriteError::Status(status),
        Error::RateLimited { retry_after } => WriteError::RateLimited { retry_after },
        Error::Unreachable(why) => WriteError::Unreachable(why),
        Error::Token(e) => WriteError::Token(e),
        Error::Paging(e) => WriteError::Unreachable(e.to_string()),
        Error::Key(why) => WriteError::Unreachable(format!("no token: {why}")),
    }
}
