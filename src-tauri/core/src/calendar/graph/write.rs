//! Writing the room mailbox's calendar on Graph: create an event, update its
//! end with `If-Match` (412 when its change key moved), and `decline` one
//! occurrence, which takes it off the room's calendar and tells the organizer.

use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::{RequestBuilder, Response};
use serde::Deserialize;
use serde_json::{json, Value};

use super::{Error, GraphSource};
use crate::calendar::event::Reading;
use crate::calendar::write::{Busy, NewBooking, WriteAccess, WriteError, Written};
use crate::secret::Secret;

const TIMEOUT: Duration = Duration::from_secs(20);

/// The part of an event resource a write needs back.
#[derive(Deserialize)]
struct Saved {
    id: String,
    #[serde(default, rename = "@odata.etag")]
    etag: String,
}

impl GraphSource {
    pub(crate) async fn busy(
        &self,
        http: &reqwest::Client,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Busy>, WriteError> {
        // A calendarView of the window alone, apart from the delta round.
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
            "subject": booking.title,
            "body": {"contentType": "text", "content": booking.body},
            "start": utc(booking.start),
            "end": utc(booking.end),
        });
        if !booking.link.is_empty() {
            body["location"] = json!({"displayName": booking.link});
        }
        let url = self.join(&["v1.0", "users", &self.mailbox, "calendar", "events"]);
        let response = self
            .send(http, |token| {
                http.post(url.clone())
                    .bearer_auth(token.expose())
                    .json(&body)
            })
            .await?;
        written(response).await
    }

    pub(crate) async fn set_end(
        &self,
        http: &reqwest::Client,
        id: &str,
        etag: &str,
        end: DateTime<Utc>,
    ) -> Result<Written, WriteError> {
        let url = self.join(&["v1.0", "users", &self.mailbox, "events", id]);
        let body = json!({ "end": utc(end) });
        let response = self
            .send(http, |token| {
                http.patch(url.clone())
                    .bearer_auth(token.expose())
                    .header(reqwest::header::IF_MATCH, etag)
                    .json(&body)
            })
            .await?;
        written(response).await
    }

    /// `decline` on the occurrence's own id declines that occurrence only.
    /// Graph documents no `If-Match` for actions, so `_etag` is not sent.
    pub(crate) async fn release(
        &self,
        http: &reqwest::Client,
        id: &str,
        _etag: &str,
        comment: &str,
    ) -> Result<(), WriteError> {
        let url = self.join(&["v1.0", "users", &self.mailbox, "events", id, "decline"]);
        let body = json!({"comment": comment, "sendResponse": true});
        self.send(http, |token| {
            http.post(url.clone())
                .bearer_auth(token.expose())
                .json(&body)
        })
        .await
        .map(|_| ())
    }

    /// The mailbox calendar's `canEdit`, as the app's permissions give it.
    pub(crate) async fn write_access(
        &self,
        http: &reqwest::Client,
    ) -> Result<WriteAccess, WriteError> {
        let read_only = || {
            WriteAccess::ReadOnly(format!(
                "the app may not edit the calendar of {}: grant it the application permission \
                 Calendars.ReadWrite, scoped to room mailboxes with RBAC for Applications in \
                 Exchange Online",
                self.mailbox
            ))
        };
        let url = self.join(&["v1.0", "users", &self.mailbox, "calendar"]);
        let response = match self
            .send(http, |token| {
                http.get(url.clone()).bearer_auth(token.expose())
            })
            .await
        {
            Err(WriteError::NotAllowed) => return Ok(read_only()),
            other => other?,
        };
        let calendar: Value = crate::http::body::json(response)
            .await
            .map_err(|e| WriteError::Unreachable(e.to_string()))?;
        Ok(match calendar["canEdit"].as_bool() {
            Some(true) => WriteAccess::CanWrite,
            _ => read_only(),
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
            let response = crate::http::send(crate::metrics::Api::Graph, request)
                .await
                .map_err(|e| WriteError::Unreachable(e.without_url().to_string()))?;
            match response.status().as_u16() {
                401 if !renewed => {
                    tracing::info!(source = %self.name, "graph refused the token; renewing it");
                    self.token.forget().await;
                    renewed = true;
                }
                _ if response.status().is_success() => return Ok(response),
                status => return Err(refused(status, &response)),
            }
        }
    }
}

/// `dateTimeTimeZone` in UTC.
fn utc(t: DateTime<Utc>) -> Value {
    json!({"dateTime": t.format("%Y-%m-%dT%H:%M:%S").to_string(), "timeZone": "UTC"})
}

async fn written(response: Response) -> Result<Written, WriteError> {
    let saved: Saved = crate::http::body::json(response)
        .await
        .map_err(|e| WriteError::Unreachable(e.to_string()))?;
    Ok(Written {
        id: saved.id,
        etag: saved.etag,
    })
}

/// A refused write, by its status: Graph's codes say no more than it does here.
fn refused(status: u16, response: &Response) -> WriteError {
    match status {
        412 => WriteError::Changed,
        409 => WriteError::Conflict,
        404 | 410 => WriteError::Gone,
        403 => WriteError::NotAllowed,
        429 | 503 => WriteError::RateLimited {
            retry_after: crate::http::retry_after::retry_after(response.headers()),
        },
        status => WriteError::Status(status),
    }
}

/// A read's error (the token, a calendarView) as a write's.
fn read_failed(e: Error) -> WriteError {
    match e {
        Error::Status { status: 403, .. } => WriteError::NotAllowed,
        Error::Status { status, .. } => WriteError::Status(status),
        Error::RateLimited { retry_after, .. } => WriteError::RateLimited { retry_after },
        Error::Unreachable(why) => WriteError::Unreachable(why),
        Error::Token(e) => WriteError::Token(e),
        Error::Paging(e) => WriteError::Unreachable(e.to_string()),
        Error::Foreign => WriteError::Unreachable("a link to another host was not followed".into()),
    }
}
