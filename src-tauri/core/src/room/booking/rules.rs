//! What the room may write, decided purely from the agenda and `now`: how
//! long a walk-up may be, how far a meeting may run on, when a booking must
//! be checked in and when a no-show is released.

use chrono::{DateTime, Duration, DurationRound, Utc};

use crate::room::agenda::AgendaEvent;

/// Walk-up lengths offered, in minutes (Google's Meet hardware books 30 or 60).
pub const BOOK_MINUTES: [u32; 3] = [15, 30, 60];
/// Extend steps, in minutes (Teams panels: 15 or 30).
pub const EXTEND_MINUTES: [u32; 2] = [15, 30];
/// A walk-up shorter than this is not worth booking.
pub const SHORTEST_BOOKING: Duration = Duration::minutes(5);
/// Events this long or longer are holds, not meetings: never checked in or released.
pub const CHECK_IN_EXEMPT_FROM: Duration = Duration::hours(8);

/// `[booking]` check-in: when a booking must be claimed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckIn {
    /// Check in opens this long before the start (default 5 min).
    pub before: Duration,
    /// A booking not checked in this long after its start is released (default 10 min).
    pub after: Duration,
    /// Organizers (lowercased emails) whose bookings are never released.
    pub exempt_organizers: Vec<String>,
}

impl Default for CheckIn {
    fn default() -> Self {
        CheckIn {
            before: Duration::minutes(5),
            after: Duration::minutes(10),
            exempt_organizers: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("a meeting is on in the room now")]
    RoomBusy,
    #[error("the next booking starts too soon")]
    NextTooSoon,
    #[error("that length is not offered")]
    NotOffered,
    #[error("no meeting is on in the room now")]
    NothingOn,
    #[error("the next booking starts when this one ends")]
    NextStartsAtEnd,
    #[error("it is not time to check in")]
    NotCheckInTime,
}

/// The events that hold the room: timed, under 8 h, not all-day notes.
fn holds_room(e: &AgendaEvent) -> bool {
    !e.all_day && e.end - e.start < CHECK_IN_EXEMPT_FROM
}

/// The minute `now` falls in: bookings start and end on whole minutes.
pub fn minute_of(now: DateTime<Utc>) -> DateTime<Utc> {
    now.duration_trunc(Duration::minutes(1)).unwrap_or(now)
}

/// The meeting on in the room at `now` that Extend and End early act on:
/// the one that ends first among those under way.
pub fn current(agenda: &[AgendaEvent], now: DateTime<Utc>) -> Option<&AgendaEvent> {
    agenda
        .iter()
        .filter(|e| holds_room(e) && e.start <= now && now < e.end)
        .min_by_key(|e| e.end)
}

/// The first start at or after `from` of another event that holds the room.
pub fn next_start(
    agenda: &[AgendaEvent],
    from: DateTime<Utc>,
    except: Option<&str>,
) -> Option<DateTime<Utc>> {
    agenda
        .iter()
        .filter(|e| {
            holds_room(e) && Some(e.key.as_str()) != except && e.start >= from && e.end > from
        })
        .map(|e| e.start)
        .min()
}

/// Where a walk-up of `minutes` from `now` ends: never past the next booking.
pub fn book_now_end(
    agenda: &[AgendaEvent],
    minutes: u32,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, Refusal> {
    if !BOOK_MINUTES.contains(&minutes) {
        return Err(Refusal::NotOffered);
    }
    if current(agenda, now).is_some() {
        return Err(Refusal::RoomBusy);
    }
    let start = minute_of(now);
    let wanted = start + Duration::minutes(minutes.into());
    let end = next_start(agenda, now, None).map_or(wanted, |next| wanted.min(next));
    if end - now < SHORTEST_BOOKING {
        return Err(Refusal::NextTooSoon);
    }
    Ok(end)
}

/// The walk-up lengths to offer now: those that fit, and when the next
/// booking cuts the longest short, the time up to it.
pub fn book_options(agenda: &[AgendaEvent], now: DateTime<Utc>) -> Vec<u32> {
    if current(agenda, now).is_some() {
        return Vec::new();
    }
    let start = minute_of(now);
    let room = next_start(agenda, now, None).map(|next| (next - start).num_minutes());
    let mut options: Vec<u32> = BOOK_MINUTES
        .into_iter()
        .filter(|m| room.is_none_or(|r| i64::from(*m) <= r))
        .collect();
    if options.len() < BOOK_MINUTES.len() {
        // The longest that fits is offered as "until the next booking", which `book_now` caps.
        if let Some(r) = room.filter(|r| *r >= SHORTEST_BOOKING.num_minutes()) {
            let capped = BOOK_MINUTES
                .into_iter()
                .find(|m| i64::from(*m) > r)
                .expect("fewer options than lengths");
            options.push(capped);
        }
    }
    options
}

/// Extend the meeting on now by `minutes`, if nothing else holds the time.
pub fn extend_end(
    agenda: &[AgendaEvent],
    minutes: u32,
    now: DateTime<Utc>,
) -> Result<(AgendaEvent, DateTime<Utc>), Refusal> {
    if !EXTEND_MINUTES.contains(&minutes) {
        return Err(Refusal::NotOffered);
    }
    let on = current(agenda, now).ok_or(Refusal::NothingOn)?;
    let end = on.end + Duration::minutes(minutes.into());
    match next_start(agenda, on.end - Duration::seconds(1), Some(&on.key)) {
        Some(next) if next < end => Err(if next <= on.end {
            Refusal::NextStartsAtEnd
        } else {
            Refusal::NextTooSoon
        }),
        _ => Ok((on.clone(), end)),
    }
}

/// The extend steps to offer for the meeting on now.
pub fn extend_options(agenda: &[AgendaEvent], now: DateTime<Utc>) -> Vec<u32> {
    EXTEND_MINUTES
        .into_iter()
        .filter(|m| extend_end(agenda, *m, now).is_ok())
        .collect()
}

/// End the meeting on now: its end becomes this minute (never before its start).
pub fn end_early(
    agenda: &[AgendaEvent],
    now: DateTime<Utc>,
) -> Result<(AgendaEvent, DateTime<Utc>), Refusal> {
    let on = current(agenda, now).ok_or(Refusal::NothingOn)?;
    Ok((on.clone(), minute_of(now).max(on.start)))
}

/// Where a booking stands against check-in at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckInState {
    /// Never checked in: an all-day event, 8 hours or more, an exempt organizer.
    Exempt,
    /// Before the window opens.
    NotYet,
    /// Check in is offered.
    Open,
    CheckedIn,
    /// Nobody came: release it.
    NoShow,
    /// Its end has passed.
    Over,
}

pub fn check_in_state(
    e: &AgendaEvent,
    rule: &CheckIn,
    checked_in: bool,
    now: DateTime<Utc>,
) -> CheckInState {
    let exempt = !holds_room(e)
        || rule
            .exempt_organizers
            .iter()
            .any(|o| o.eq_ignore_ascii_case(&e.organizer));
    if exempt {
        CheckInState::Exempt
    } else if now >= e.end {
        CheckInState::Over
    } else if checked_in {
        CheckInState::CheckedIn
    } else if now < e.start - rule.before {
        CheckInState::NotYet
    } else if now <= e.start + rule.after {
        CheckInState::Open
    } else {
        CheckInState::NoShow
    }
}

/// The booking a check-in now is for: the one whose window is open, the
/// one under way first.
pub fn check_in_target<'a>(
    agenda: &'a [AgendaEvent],
    rule: &CheckIn,
    checked_in: &dyn Fn(&str) -> bool,
    now: DateTime<Utc>,
) -> Option<&'a AgendaEvent> {
    agenda
        .iter()
        .filter(|e| check_in_state(e, rule, checked_in(&e.key), now) == CheckInState::Open)
        .min_by_key(|e| e.start)
}

#[cfg(test)]
#[path = "rules_tests.rs"]
mod tests;
