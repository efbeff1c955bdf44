//! What every source produces: events, and the warnings met reading them.

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
}

/// The events read, and one warning per event that could not be read.
#[derive(Debug, Default)]
pub struct ParsedCalendar {
    pub events: Vec<CalendarEvent>,
    pub warnings: Vec<String>,
    /// What IT should know about the source as a whole (shown by `doctor`).
    pub hints: Vec<String>,
}
