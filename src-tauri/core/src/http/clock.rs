//! How far this computer's clock is from the vendors': the `Date` of the last
//! answer from Zoom, Google or Microsoft against the local clock when it
//! came. A room whose clock is off must not act on time alone, e.g. release
//! a booking as a no-show minutes before its real start.

use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Duration, Utc};

/// No answer yet.
const UNKNOWN: i64 = i64::MIN;

/// Vendor time minus local time, in seconds, as last seen.
static SKEW_SECONDS: AtomicI64 = AtomicI64::new(UNKNOWN);

/// The most the clock may be off before the room stops acting on time alone.
pub const TOLERATED: Duration = Duration::seconds(120);

/// Notes a vendor's `Date` against the local clock at its arrival.
pub(crate) fn observe(headers: &reqwest::header::HeaderMap, local: DateTime<Utc>) {
    if let Some(skew) = skew_of(headers, local) {
        SKEW_SECONDS.store(skew.num_seconds(), Ordering::Relaxed);
    }
}

/// Vendor time minus `local`, from an answer's `Date`.
fn skew_of(headers: &reqwest::header::HeaderMap, local: DateTime<Utc>) -> Option<Duration> {
    let vendor = headers
        .get(reqwest::header::DATE)?
        .to_str()
        .ok()
        .and_then(|v| DateTime::parse_from_rfc2822(v).ok())?;
    Some(vendor.with_timezone(&Utc) - local)
}

/// The last skew seen; none before any vendor answered.
pub fn skew() -> Option<Duration> {
    match SKEW_SECONDS.load(Ordering::Relaxed) {
        UNKNOWN => None,
        seconds => Some(Duration::seconds(seconds)),
    }
}

/// Whether the clock may be trusted to say a booking is a no-show: known,
/// and within `TOLERATED` of the vendors' (a `Date` has whole seconds).
pub fn trusted(skew: Option<Duration>) -> bool {
    skew.is_some_and(|s| s.abs() <= TOLERATED)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clock_more_than_two_minutes_off_or_never_checked_is_not_trusted() {
        assert!(!trusted(None));
        assert!(trusted(Some(Duration::seconds(-3))));
        assert!(trusted(Some(TOLERATED)));
        assert!(!trusted(Some(Duration::minutes(15))));
        assert!(!trusted(Some(Duration::minutes(-3))));
    }

    #[test]
    fn a_date_header_is_read_against_the_local_clock() {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("date", "Mon, 23 Nov 2026 22:55:00 GMT".parse().unwrap());
        let local: DateTime<Utc> = "2026-11-23T22:40:00Z".parse().unwrap();
        assert_eq!(skew_of(&headers, local), Some(Duration::minutes(15)));
        headers.insert("date", "yesterday".parse().unwrap());
        assert_eq!(skew_of(&headers, local), None);
    }
}
