//! The process-wide counters. A `Mutex` around a few small maps: each is
//! touched once per request or tap, and the file is written once a minute.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

use super::{Api, CalendarErrorKind, TapAction, TapResult, WriteAction};

/// Upper bounds of the tap histogram's buckets, in seconds: a warm tap takes
/// well under a second, and every tap answers within 10 s.
pub const TAP_BUCKETS: [f64; 8] = [0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 7.5, 10.0];

#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    /// Observations at or under each of `TAP_BUCKETS`, not cumulative.
    pub buckets: [u64; TAP_BUCKETS.len()],
    pub sum: f64,
    pub count: u64,
}

impl Histogram {
    const fn new() -> Self {
        Histogram {
            buckets: [0; TAP_BUCKETS.len()],
            sum: 0.0,
            count: 0,
        }
    }

    pub fn observe(&mut self, seconds: f64) {
        if let Some(i) = TAP_BUCKETS.iter().position(|le| seconds <= *le) {
            self.buckets[i] += 1;
        }
        self.sum += seconds;
        self.count += 1;
    }
}

/// Every counter, as of one read.
#[derive(Debug, Clone, PartialEq)]
pub struct Tallies {
    /// By API and HTTP status; `None`: no answer (the network failed).
    pub requests: BTreeMap<(Api, Option<u16>), u64>,
    pub taps: BTreeMap<(TapAction, TapResult), u64>,
    pub tap_seconds: Histogram,
    /// By source name (IT's config name) and kind.
    pub calendar_errors: BTreeMap<(String, CalendarErrorKind), u64>,
    /// The room's own writes (book, extend, end early, check in, release, meet now).
    pub writes: BTreeMap<(WriteAction, TapResult), u64>,
}

impl Tallies {
    pub const fn new() -> Self {
        Tallies {
            requests: BTreeMap::new(),
            taps: BTreeMap::new(),
            tap_seconds: Histogram::new(),
            calendar_errors: BTreeMap::new(),
            writes: BTreeMap::new(),
        }
    }
}

impl Default for Tallies {
    fn default() -> Self {
        Self::new()
    }
}

static TALLIES: Mutex<Tallies> = Mutex::new(Tallies::new());

fn with<T>(f: impl FnOnce(&mut Tallies) -> T) -> T {
    f(&mut TALLIES.lock().unwrap_or_else(|p| p.into_inner()))
}

/// One HTTP request to `api` and the status it answered (None: no answer).
pub fn count_request(api: Api, status: Option<u16>) {
    with(|t| *t.requests.entry((api, status)).or_default() += 1);
}

pub fn count_tap(action: TapAction, result: TapResult, took: Duration) {
    with(|t| {
        *t.taps.entry((action, result)).or_default() += 1;
        t.tap_seconds.observe(took.as_secs_f64());
    });
}

pub fn count_calendar_error(source: &str, kind: CalendarErrorKind) {
    with(|t| {
        *t.calendar_errors
            .entry((source.to_string(), kind))
            .or_default() += 1
    });
}

pub fn count_write(action: WriteAction, result: TapResult) {
    with(|t| *t.writes.entry((action, result)).or_default() += 1);
}

/// The counters now.
pub fn tallies() -> Tallies {
    with(|t| t.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_histogram_puts_each_observation_in_the_first_bucket_that_holds_it() {
        let mut h = Histogram::new();
        for s in [0.05, 0.1, 0.3, 9.9, 12.0] {
            h.observe(s);
        }
        assert_eq!(h.buckets, [2, 0, 1, 0, 0, 0, 0, 1]);
        assert_eq!(h.count, 5, "12 s lies only in +Inf");
        assert!((h.sum - 22.35).abs() < 1e-9);
    }

    fn delta<K: Ord>(before: &BTreeMap<K, u64>, after: &BTreeMap<K, u64>, key: &K) -> u64 {
        after.get(key).copied().unwrap_or(0) - before.get(key).copied().unwrap_or(0)
    }

    #[test]
    fn counting_adds_to_what_was_there() {
        // Other tests count too (the counters are the process's): compare deltas.
        let before = tallies();
        count_request(Api::Feed, Some(304));
        count_request(Api::Feed, None);
        count_tap(
            TapAction::JoinById,
            TapResult::Refused,
            Duration::from_millis(20),
        );
        count_calendar_error("aurora", CalendarErrorKind::NotFound);
        let after = tallies();
        assert_eq!(
            delta(&before.requests, &after.requests, &(Api::Feed, Some(304))),
            1
        );
        assert_eq!(
            delta(&before.requests, &after.requests, &(Api::Feed, None)),
            1
        );
        assert_eq!(
            delta(
                &before.taps,
                &after.taps,
                &(TapAction::JoinById, TapResult::Refused)
            ),
            1
        );
        assert_eq!(
            delta(
                &before.calendar_errors,
                &after.calendar_errors,
                &("aurora".to_string(), CalendarErrorKind::NotFound)
            ),
            1
        );
        assert!(after.tap_seconds.count > before.tap_seconds.count);
    }
}
