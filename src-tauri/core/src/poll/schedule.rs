//! When one source is read: on a grid of its interval, shifted by a random
//! phase per room, plus jitter. Rooms that boot together or poll "on the
//! minute" would otherwise all ask at once; with a phase each, a fleet's
//! requests spread evenly over the interval, and a mass boot spreads out
//! again after each room's first read.

use std::time::Duration;

use chrono::{DateTime, Utc};
use rand::Rng;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    pub interval: Duration,
    /// Where on the interval's grid (counted from the Unix epoch) this room reads.
    pub phase: Duration,
    /// At most this much later than its slot, chosen anew each time.
    pub jitter: Duration,
}

impl Schedule {
    /// A phase drawn at random; jitter a tenth of the interval.
    pub fn new(interval: Duration, rng: &mut impl Rng) -> Schedule {
        let interval = interval.max(Duration::from_secs(1));
        let phase = Duration::from_millis(rng.random_range(0..millis(interval)));
        Schedule {
            interval,
            phase,
            jitter: interval / 10,
        }
    }

    /// The first read after a start at `booted`, at random within `spread`.
    pub fn first(
        &self,
        booted: DateTime<Utc>,
        spread: Duration,
        rng: &mut impl Rng,
    ) -> DateTime<Utc> {
        match spread.min(self.interval).is_zero() {
            true => booted,
            false => booted + chrono_ms(rng.random_range(0..millis(spread.min(self.interval)))),
        }
    }

    /// The read after one at `at`: the room's next slot at least half an
    /// interval on, plus jitter.
    pub fn after(&self, at: DateTime<Utc>, rng: &mut impl Rng) -> DateTime<Utc> {
        let (i, phase) = (millis(self.interval) as i64, millis(self.phase) as i64);
        let earliest = at.timestamp_millis() + i / 2;
        let slot = phase + (earliest - phase).div_euclid(i) * i + i;
        let jitter = rng.random_range(0..=millis(self.jitter)) as i64;
        DateTime::from_timestamp_millis(slot + jitter).unwrap_or(at + chrono_ms(i as u64))
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX).max(1)
}

fn chrono_ms(ms: u64) -> chrono::Duration {
    chrono::Duration::milliseconds(i64::try_from(ms).unwrap_or(i64::MAX))
}
