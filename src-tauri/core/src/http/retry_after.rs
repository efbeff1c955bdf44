//! Zoom's `Retry-After` comes as seconds, an HTTP-date or an ISO timestamp.

use chrono::{DateTime, Utc};
use std::time::Duration;

/// How long a response's `Retry-After` asks to wait. A date is measured
/// against the response's own `Date` (the server's clock), so a room whose
/// clock is off still waits as long as the server meant; only a response
/// with no `Date` is measured against this computer's clock.
pub fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let text = |name: reqwest::header::HeaderName| headers.get(name)?.to_str().ok();
    let value = text(reqwest::header::RETRY_AFTER)?;
    let server_now = text(reqwest::header::DATE)
        .and_then(|d| DateTime::parse_from_rfc2822(d).ok())
        .map(|d| d.with_timezone(&Utc));
    parse_retry_after(value, server_now.unwrap_or_else(Utc::now))
}

/// How long to wait, measured from `now`. `None` when the header is unreadable.
pub fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = DateTime::parse_from_rfc2822(value)
        .or_else(|_| DateTime::parse_from_rfc3339(value))
        .ok()?
        .with_timezone(&Utc);
    Some((at - now).to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_form_zoom_sends() {
        let now: DateTime<Utc> = "2026-11-22T10:00:00Z".parse().unwrap();
        let check = |header: &str, expected: Option<u64>| {
            assert_eq!(
                parse_retry_after(header, now).map(|d| d.as_secs()),
                expected,
                "{header}"
            );
        };
        check("7", Some(7));
        check(" 120 ", Some(120));
        check("Sun, 22 Nov 2026 10:00:30 GMT", Some(30));
        check("2026-11-23T00:00:00Z", Some(14 * 3600));
        check("2026-11-22T09:00:00Z", Some(0));
        check("soon", None);
        check("", None);
    }

    #[test]
    fn a_date_is_measured_against_the_servers_own_clock() {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            "retry-after",
            "Mon, 02 Mar 2020 10:05:00 GMT".parse().unwrap(),
        );
        headers.insert("date", "Mon, 02 Mar 2020 10:00:00 GMT".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(300)));
        headers.insert("retry-after", "12".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(12)));
    }
}
