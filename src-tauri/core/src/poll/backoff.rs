//! How long an identity (a Zoom account, a Google user, a Graph app on a
//! mailbox) waits after its vendor said "too many requests": at least what
//! `Retry-After` asks, and exponentially longer while the vendor keeps
//! saying it, with jitter so rooms throttled together do not come back
//! together. The first answer resets it.

use std::time::Duration;

use chrono::{DateTime, Utc};
use rand::Rng;

/// The first wait after a refusal with no (or a shorter) `Retry-After`.
pub const FIRST: Duration = Duration::from_secs(15);
/// The longest wait the backoff itself chooses; a longer `Retry-After`
/// (Zoom's daily limit: until midnight GMT) is still honoured, up to a day.
pub const MOST: Duration = Duration::from_secs(600);
const LONGEST_RETRY_AFTER: Duration = Duration::from_secs(86_400);

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Backoff {
    /// Refusals in a row.
    refusals: u32,
    until: Option<DateTime<Utc>>,
}

impl Backoff {
    /// The vendor refused at `now`: returns when to ask again.
    pub fn refused(
        &mut self,
        now: DateTime<Utc>,
        retry_after: Option<Duration>,
        rng: &mut impl Rng,
    ) -> DateTime<Utc> {
        self.refusals = self.refusals.saturating_add(1);
        let doubled = FIRST.saturating_mul(1 << (self.refusals - 1).min(16));
        let ceiling = doubled.min(MOST);
        // Between half and all of it ("equal jitter").
        let ms = ceiling.as_millis() as u64;
        let wait = Duration::from_millis(rng.random_range(ms / 2..=ms));
        let wait = wait.max(retry_after.unwrap_or_default().min(LONGEST_RETRY_AFTER));
        let until = now + chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::MAX);
        self.until = Some(until);
        until
    }

    /// The vendor answered: the identity is back to its schedule.
    pub fn answered(&mut self) {
        *self = Backoff::default();
    }

    /// Until when requests wait, if they do at `now`.
    pub fn holds_until(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.until.filter(|u| *u > now)
    }

    /// Refused and not yet answered since: the vendor is slowing this identity down.
    pub fn is_slowed(&self) -> bool {
        self.refusals > 0
    }
}
