//! Faults a test can switch on, each as Zoom documents or is seen to behave.

use std::time::Duration;

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Utc};
use serde_json::json;

/// How a 429 says when to come back: each form Zoom has been seen to send.
#[derive(Debug, Clone)]
pub enum RetryAfter {
    Missing,
    Seconds(u64),
    HttpDate(String),
    Iso(String),
}

#[derive(Debug, Clone)]
pub struct RateLimit {
    pub retry_after: RetryAfter,
    /// `QPS` or `Daily-limit`.
    pub limit_type: &'static str,
    /// How many requests get the 429 before the limit lifts.
    pub times: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Faults {
    /// Every API answer (token included) is this slow.
    pub delay: Option<Duration>,
    /// The room's ICS feed is this slow.
    pub feed_delay: Option<Duration>,
    /// The room's ICS feed answers this late with what it held when asked: a
    /// slow answer, already old when it arrives.
    pub feed_late: Option<Duration>,
    pub rate_limit: Option<RateLimit>,
    /// Tokens expire after this many seconds instead of 3599.
    pub token_lifetime_secs: Option<i64>,
    /// The scopes tokens carry; without `meeting:read:admin` meeting calls answer 4711.
    pub scopes: Option<String>,
    /// Meetings deleted on Zoom since the room last read its list: Get meeting
    /// answers 3001, as Zoom does for a deleted meeting.
    pub deleted_meetings: Vec<u64>,
    /// Meeting and list calls answer with this status, as when Zoom is down.
    pub server_error: Option<u16>,
    /// Graph answers this many calendarView requests with 429 and Retry-After: 1.
    pub graph_throttle: usize,
    /// Graph returns every event without a body, as an Exchange room mailbox
    /// with DeleteComments does (and with the organiser as the subject).
    pub graph_bodies_removed: bool,
    /// Google and Graph let the room read its calendar but not write it:
    /// writes answer 403, `accessRole` is `reader`, `canEdit` false.
    pub calendar_read_only: bool,
    /// The launcher page (`/s/{id}`) hands the client this link instead of
    /// its own, or none at all when empty: a page Zoom changed, or a hostile one.
    pub launcher_link: Option<String>,
    /// The launcher page first tries Roomstart's commands over Tauri's IPC and
    /// appends what happened to its link (`&probe=…`).
    pub launcher_probe: bool,
    /// Every answer's `Date` is this far from the computer's clock: the
    /// vendors' clocks against a room whose own clock is off.
    pub date_offset: Option<chrono::Duration>,
}

/// What the Zoom fake asks of the switched-on faults.
impl Faults {
    pub fn delay(&self) -> Option<Duration> {
        self.delay
    }

    pub fn feed_delay(&self) -> Option<Duration> {
        self.feed_delay
    }

    pub fn feed_late(&self) -> Option<Duration> {
        self.feed_late
    }

    /// A 429 or 5xx to answer instead of the real response, if one is on.
    pub fn injected(&mut self, now: DateTime<Utc>) -> Option<Response> {
        if let Some(limited) = self.rate_limit.as_mut().and_then(|r| r.response(now)) {
            return Some(limited);
        }
        let status =
            StatusCode::from_u16(self.server_error?).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
        Some((status, "upstream connect error").into_response())
    }

    pub fn token_lifetime_secs(&self) -> Option<i64> {
        self.token_lifetime_secs
    }

    pub fn scopes(&self) -> Option<String> {
        self.scopes.clone()
    }

    pub fn launcher_link(&self) -> Option<String> {
        self.launcher_link.clone()
    }

    pub fn launcher_probe(&self) -> bool {
        self.launcher_probe
    }

    pub fn deleted(&self, id: &str) -> bool {
        self.deleted_meetings.iter().any(|d| d.to_string() == id)
    }
}

impl RateLimit {
    /// Takes one 429 from the budget, if any is left. It carries `Date: now`,
    /// the clock a date in `Retry-After` is measured against.
    pub fn response(&mut self, now: DateTime<Utc>) -> Option<Response> {
        if self.times == 0 {
            return None;
        }
        self.times -= 1;
        let body = json!({"code": 429, "message": "You have reached the maximum per-second rate limit for this API. Try again later."});
        let mut response = (StatusCode::TOO_MANY_REQUESTS, Json(body)).into_response();
        let headers = response.headers_mut();
        headers.insert(
            "x-ratelimit-type",
            HeaderValue::from_static(self.limit_type),
        );
        headers.insert("x-ratelimit-category", HeaderValue::from_static("Light"));
        let date = now.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
        if let Ok(date) = HeaderValue::from_str(&date) {
            headers.insert("date", date);
        }
        let value = match &self.retry_after {
            RetryAfter::Missing => None,
            RetryAfter::Seconds(n) => Some(n.to_string()),
            RetryAfter::HttpDate(d) | RetryAfter::Iso(d) => Some(d.clone()),
        };
        if let Some(v) = value.and_then(|v| HeaderValue::from_str(&v).ok()) {
            headers.insert("retry-after", v);
        }
        Some(response)
    }
}
