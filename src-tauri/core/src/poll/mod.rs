//! When a room reads each of its sources (a calendar, or the Zoom account's
//! meetings): a `Schedule` per source and a `Backoff` per identity, the
//! account or user a vendor counts requests against. Pure: every call takes
//! `now`, and the random phase and jitter come from a seeded source, so the
//! room and the fleet simulation (`tests/fleet.rs`) run the same decisions.

pub mod backoff;
pub mod schedule;

use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use rand::rngs::StdRng;
use rand::SeedableRng;

pub use backoff::Backoff;
pub use schedule::Schedule;

/// One thing read on a schedule.
#[derive(Debug, Clone)]
pub struct Lane {
    /// Whom the vendor counts the requests against, e.g. `google:sa@p/room@x`.
    pub identity: String,
    pub every: Duration,
}

/// How a read went, as far as the schedule cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Answered,
    /// 429, or Google's 403 `rateLimitExceeded` / `usageLimits`.
    Refused {
        retry_after: Option<Duration>,
    },
    /// Anything else: read again at the next slot.
    Failed,
}

pub struct Plan {
    lanes: Vec<Scheduled>,
    backoffs: HashMap<String, Backoff>,
    rng: StdRng,
}

struct Scheduled {
    identity: String,
    schedule: Schedule,
    next: DateTime<Utc>,
}

impl Plan {
    /// The plan of a room started at `booted`, whose first reads fall within
    /// `boot_spread` (zero: at once, as `Room::poll` starts); `seed`
    /// makes its phases its own.
    pub fn new(lanes: &[Lane], booted: DateTime<Utc>, boot_spread: Duration, seed: u64) -> Plan {
        let mut rng = StdRng::seed_from_u64(seed);
        let lanes = lanes
            .iter()
            .map(|lane| {
                let schedule = Schedule::new(lane.every, &mut rng);
                Scheduled {
                    identity: lane.identity.clone(),
                    next: schedule.first(booted, boot_spread, &mut rng),
                    schedule,
                }
            })
            .collect();
        Plan {
            lanes,
            backoffs: HashMap::new(),
            rng,
        }
    }

    /// The lanes to read at `now`: due, and their identity not held back.
    pub fn due(&self, now: DateTime<Utc>) -> Vec<usize> {
        (0..self.lanes.len())
            .filter(|&i| self.ready_at(i) <= now)
            .collect()
    }

    /// When the next lane is due.
    pub fn next_wake(&self) -> DateTime<Utc> {
        (0..self.lanes.len())
            .map(|i| self.ready_at(i))
            .min()
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
    }

    pub fn record(&mut self, lane: usize, outcome: Outcome, now: DateTime<Utc>) {
        let Some(l) = self.lanes.get_mut(lane) else {
            return;
        };
        let backoff = self.backoffs.entry(l.identity.clone()).or_default();
        l.next = match outcome {
            Outcome::Refused { retry_after } => backoff.refused(now, retry_after, &mut self.rng),
            Outcome::Answered => {
                backoff.answered();
                l.schedule.after(now, &mut self.rng)
            }
            Outcome::Failed => l.schedule.after(now, &mut self.rng),
        };
    }

    /// Reads `lane` at `at` at the latest (the room just wrote it and
    /// confirms the write); a vendor's hold still stands.
    pub fn read_soon(&mut self, lane: usize, at: DateTime<Utc>) {
        if let Some(l) = self.lanes.get_mut(lane) {
            l.next = l.next.min(at);
        }
    }

    /// The lane's vendor refused its identity and has not answered since.
    pub fn slowed(&self, lane: usize) -> bool {
        self.lanes
            .get(lane)
            .and_then(|l| self.backoffs.get(&l.identity))
            .is_some_and(Backoff::is_slowed)
    }

    pub fn schedule(&self, lane: usize) -> Option<Schedule> {
        self.lanes.get(lane).map(|l| l.schedule)
    }

    fn ready_at(&self, lane: usize) -> DateTime<Utc> {
        let l = &self.lanes[lane];
        let held = self
            .backoffs
            .get(&l.identity)
            .and_then(|b| b.holds_until(l.next));
        held.unwrap_or(l.next)
    }
}

#[cfg(test)]
mod tests;
