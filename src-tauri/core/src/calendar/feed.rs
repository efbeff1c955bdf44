//! An ICS feed over HTTP, asked with its validators so an unchanged feed
//! costs one small 304.

use std::time::Duration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::{ics, ParsedCalendar};
use crate::secret::Secret;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the feed answered HTTP {0}")]
    Status(u16),
    #[error("the feed asked to slow down (HTTP 429)")]
    RateLimited { retry_after: Option<Duration> },
    #[error("the feed could not be reached: {0}")]
    Unreachable(String),
    #[error("the feed could not be read: {0}")]
    Unreadable(String),
}

/// What a feed last sent, so an unchanged feed costs one small 304; and what
/// it was read into, so an unchanged feed (a 304, or the same bytes again)
/// is not read and expanded again.
#[derive(Default)]
pub struct FeedCache(
    std::sync::Mutex<Option<CachedFeed>>,
    std::sync::Mutex<Option<Reading>>,
);

/// A body as read for one zone and window.
struct Reading {
    body: std::sync::Arc<str>,
    zone: Tz,
    window: (DateTime<Utc>, DateTime<Utc>),
    parsed: ParsedCalendar,
}

impl FeedCache {
    /// `body` read by `parse`, or what the same body read into last time
    /// for the same zone and window.
    pub(super) fn read_once(
        &self,
        body: &std::sync::Arc<str>,
        zone: Tz,
        window: (DateTime<Utc>, DateTime<Utc>),
        parse: impl FnOnce(&str) -> Result<ParsedCalendar, ics::Error>,
    ) -> Result<ParsedCalendar, ics::Error> {
        let mut last = self.1.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(r) = last.as_ref() {
            let same_body = std::sync::Arc::ptr_eq(&r.body, body) || *r.body == **body;
            if same_body && r.zone == zone && r.window == window {
                return Ok(r.parsed.clone());
            }
        }
        // The old reading goes before the new one is made.
        *last = None;
        let parsed = parse(body)?;
        *last = Some(Reading {
            body: body.clone(),
            zone,
            window,
            parsed: parsed.clone(),
        });
        Ok(parsed)
    }
}

struct CachedFeed {
    etag: Option<String>,
    last_modified: Option<String>,
    body: std::sync::Arc<str>,
}

/// GET with If-None-Match / If-Modified-Since; a 304 reuses the cached body.
pub(super) async fn fetch(
    http: &reqwest::Client,
    url: &Secret,
    cache: &FeedCache,
) -> Result<std::sync::Arc<str>, Error> {
    // The address is a secret: never let it into the message.
    let unreachable = |e: reqwest::Error| Error::Unreachable(e.without_url().to_string());
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
    let response = crate::http::send(crate::metrics::Api::Feed, request)
        .await
        .map_err(unreachable)?;
    if response.status() == reqwest::StatusCode::NOT_MODIFIED {
        if let Some(body) = cached_body {
            return Ok(body);
        }
    }
    if response.status() == reqwest::StatusCode::TOO_MANY_REQUESTS {
        let retry_after = crate::http::retry_after::retry_after(response.headers());
        return Err(Error::RateLimited { retry_after });
    }
    if !response.status().is_success() {
        return Err(Error::Status(response.status().as_u16()));
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
    let body: std::sync::Arc<str> = crate::http::body::text(response)
        .await
        .map_err(|e| Error::Unreadable(e.to_string()))?
        .into();
    *cache.0.lock().unwrap_or_else(|p| p.into_inner()) = Some(CachedFeed {
        etag,
        last_modified,
        body: body.clone(),
    });
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_body_is_read_once_for_a_zone_and_window() {
        let cache = FeedCache::default();
        let window = (
            "2026-11-23T00:00:00Z".parse().unwrap(),
            "2026-11-25T00:00:00Z".parse().unwrap(),
        );
        let reads = std::cell::Cell::new(0);
        let read = |body: &std::sync::Arc<str>, zone: Tz, window| {
            cache
                .read_once(body, zone, window, |_| {
                    reads.set(reads.get() + 1);
                    Ok(ParsedCalendar::default())
                })
                .unwrap()
        };
        let body: std::sync::Arc<str> = "BEGIN:VCALENDAR".into();
        read(&body, chrono_tz::UTC, window);
        read(&body, chrono_tz::UTC, window);
        // The same bytes in a new answer (a server that ignores validators).
        read(&"BEGIN:VCALENDAR".into(), chrono_tz::UTC, window);
        assert_eq!(reads.get(), 1);
        read(&"BEGIN:VCALENDAR\n".into(), chrono_tz::UTC, window);
        read(&body, chrono_tz::Europe::Berlin, window);
        read(
            &body,
            chrono_tz::Europe::Berlin,
            (window.0, window.1 + chrono::Duration::days(1)),
        );
        assert_eq!(reads.get(), 4);
    }
}
