//! What every source produces (events, and the warnings met reading them),
//! and how a read relates to the ones before. The sources depend on this and
//! on nothing else of `calendar`.

use chrono::{DateTime, Utc};

/// One event as a calendar gives it. Its text fields may carry passcodes, so
/// it is never serialized: the agenda derives what may be shown.
#[derive(Debug, Clone)]
pub struct CalendarEvent {
    pub uid: String,
    pub title: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub all_day: bool,
    pub cancelled: bool,
    pub private: bool,
    pub recurring: bool,
    pub location: String,
    pub description: String,
    pub description_html: String,
    pub url: String,
    /// The organizer's email, lowercased; empty when the invite names none.
    pub organizer: String,
    pub conference: Vec<String>,
    pub source: String,
    /// The vendor's version of the event (Google's `etag`, Graph's
    /// `@odata.etag`), sent back as `If-Match` when the room writes it; empty
    /// for ICS, which cannot be written.
    pub etag: String,
}

/// The events read, and one warning per event that could not be read.
#[derive(Debug, Default, Clone)]
pub struct ParsedCalendar {
    pub events: Vec<CalendarEvent>,
    pub warnings: Vec<String>,
    /// What IT should know about the source as a whole (shown by `doctor`).
    pub hints: Vec<String>,
}

/// How a read relates to the reads before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// One look at a window (the CLI, doctor): nothing is kept for next time.
    Once,
    /// The window's refresh loop: Google and Graph keep the events and send
    /// only what changed since the last read (sync token, delta link).
    Follow,
}

/// The first instant of `date` in `zone`: its midnight, or where a DST
/// change skips midnight (Santiago, Havana) the hour the day begins at, so the
/// instant still falls on `date` in `zone`.
pub fn midnight_in(zone: chrono_tz::Tz, date: chrono::NaiveDate) -> DateTime<Utc> {
    use chrono::TimeZone;
    (0..24)
        .find_map(|hour| {
            let local = date.and_hms_opt(hour, 0, 0)?;
            zone.from_local_datetime(&local).earliest()
        })
        .map_or_else(
            || date.and_time(chrono::NaiveTime::MIN).and_utc(),
            |t| t.with_timezone(&Utc),
        )
}

/// The most of one text field an event keeps. Real invites (Zoom's, Teams'
/// HTML) stay well under it; an invite built to exhaust the room does not.
pub const MAX_FIELD_BYTES: usize = 32 * 1024;

/// `text` cut to `MAX_FIELD_BYTES`, at a character boundary.
pub fn capped(mut text: String) -> String {
    if text.len() > MAX_FIELD_BYTES {
        let mut end = MAX_FIELD_BYTES;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capping_keeps_whole_characters() {
        assert_eq!(capped("short".into()), "short");
        let long = "é".repeat(MAX_FIELD_BYTES);
        let cut = capped(long);
        assert!(cut.len() <= MAX_FIELD_BYTES && cut.chars().all(|c| c == 'é'));
    }
}
