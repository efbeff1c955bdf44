//! Zoom's `Retry-After` comes as seconds, an HTTP-date or an ISO timestamp.

use chrono::{DateTime, Utc};
use std::time::Duration;

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
}
