//! Whether the room is free, read from across the room, and how long each
//! meeting has to go: pure functions of the agenda and `now`. The UI words
//! them (its catalogue); Rust decides them.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use ts_rs::TS;

use crate::room::agenda::AgendaEvent;

/// How close a meeting's start must be for the room to read "Starting soon".
pub const STARTING_SOON: Duration = Duration::minutes(10);

/// A timed event longer than this is a booking around meetings (a
/// conference week, a hold), not the meeting in the room now.
pub const LONG_BOOKING: Duration = Duration::hours(12);

fn is_long(e: &AgendaEvent) -> bool {
    e.end - e.start > LONG_BOOKING
}

/// The order of the screen's rows, lowest first: meetings under way, then
/// long bookings under way, then the rest by start, all-day notes last.
/// A week-long invite never takes the big card from the meeting on now.
pub fn prominence(e: &AgendaEvent, now: DateTime<Utc>) -> u8 {
    let under_way = e.start <= now && now < e.end;
    match (e.all_day, under_way, is_long(e)) {
        (true, _, _) => 3,
        (false, true, false) => 0,
        (false, true, true) => 1,
        (false, false, _) => 2,
    }
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RoomState {
    Free,
    Busy,
    StartingSoon,
}

/// The status band: the state, and when it changes.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, TS)]
#[ts(export)]
pub struct RoomStatus {
    pub state: RoomState,
    /// When the state changes, as the room writes times: the end of the
    /// meetings under way, or the next start today. None: free all day.
    pub until: Option<String>,
    /// Whole minutes to `until`, rounded up.
    pub minutes: Option<u32>,
}

/// Which way an event's countdown runs.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, TS)]
#[serde(rename_all = "snake_case", tag = "kind", content = "minutes")]
#[ts(export)]
pub enum Countdown {
    StartsIn(u32),
    EndsIn(u32),
}

/// Busy while a timed meeting is under way, until the last of the meetings
/// that follow on without a gap ends. All-day events are notes on a room's
/// calendar, not bookings, so they never make it busy.
pub fn room_status(
    agenda: &[AgendaEvent],
    now: DateTime<Utc>,
    end_of_today: DateTime<Utc>,
    write_time: impl Fn(DateTime<Utc>) -> String,
) -> RoomStatus {
    let status = |state, until: Option<DateTime<Utc>>| RoomStatus {
        state,
        until: until.map(&write_time),
        minutes: until.map(|t| minutes_to(t, now)),
    };
    let on_now = |e: &&AgendaEvent| !e.all_day && e.start <= now && now < e.end;
    // While a meeting is on, the band speaks of it, not of a long booking
    // around it: "Busy until 11:00", not "until" next week.
    let short_on_now = agenda.iter().filter(on_now).any(|e| !is_long(e));
    let timed = || {
        agenda
            .iter()
            .filter(move |e| !(e.all_day || short_on_now && is_long(e)))
    };
    if timed().any(|e| e.start <= now && now < e.end) {
        let mut until = now;
        // Each pass takes in meetings that begin by the current end; the
        // agenda is short, and this settles in as many passes as links in the chain.
        loop {
            let reach = timed()
                .filter(|e| e.start <= until && e.end > until)
                .map(|e| e.end)
                .max();
            match reach {
                Some(end) => until = end,
                None => break,
            }
        }
        return status(RoomState::Busy, Some(until));
    }
    let next = timed().filter(|e| e.start > now).map(|e| e.start).min();
    match next {
        Some(start) if start - now <= STARTING_SOON => status(RoomState::StartingSoon, Some(start)),
        Some(start) if start < end_of_today => status(RoomState::Free, Some(start)),
        _ => status(RoomState::Free, None),
    }
}

/// "Ends in" for a meeting under way, "starts in" for one that starts today.
pub fn countdown(
    e: &AgendaEvent,
    now: DateTime<Utc>,
    end_of_today: DateTime<Utc>,
) -> Option<Countdown> {
    if e.all_day {
        return None;
    }
    if e.start <= now {
        return (now < e.end).then(|| Countdown::EndsIn(minutes_to(e.end, now)));
    }
    (e.start < end_of_today).then(|| Countdown::StartsIn(minutes_to(e.start, now)))
}

/// Whole minutes from `now` to `t`, rounded up: 30 s to go is "1 min".
fn minutes_to(t: DateTime<Utc>, now: DateTime<Utc>) -> u32 {
    let seconds = (t - now).num_seconds().max(0);
    u32::try_from((seconds + 59) / 60).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests;
