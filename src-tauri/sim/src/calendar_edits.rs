//! Changes made to the room's calendar while the simulation runs, so the
//! Google and Graph fakes can answer incremental sync. Every edit takes the
//! next sequence number; a sync token or delta link carries the number it was
//! issued at, and lists what changed after it.

// Only tests edit the calendar (feature `fakes`); the demo reads it unedited.
#![cfg_attr(not(feature = "fakes"), allow(dead_code))]

use chrono::{DateTime, Duration, Utc};

use crate::schedule::DemoEvent;

/// What a test does to one event of the demo schedule.
#[derive(Debug, Clone)]
pub enum CalendarEdit {
    /// The organiser cancelled it.
    Cancel,
    Retitle(String),
    MoveTo(DateTime<Utc>),
}

#[derive(Default)]
pub struct EditLog {
    sequence: u64,
    edits: Vec<(u64, String, CalendarEdit)>,
    /// Tokens issued before this number are expired.
    valid_from: u64,
    last_edit: Option<DateTime<Utc>>,
}

/// One event of the schedule as it stands after the edits.
pub struct CurrentEvent<'a> {
    pub event: &'a DemoEvent,
    pub title: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub cancelled: bool,
    /// The sequence number of its last edit (0: never edited).
    pub changed_at: u64,
}

impl EditLog {
    /// The number a token issued now carries.
    pub fn sequence(&self) -> u64 {
        self.sequence
    }

    /// Each edit is stamped one second after the last, counting from `anchor`,
    /// so the feed's Last-Modified moves forward without reading the clock.
    pub fn record(&mut self, uid: &str, edit: CalendarEdit, anchor: DateTime<Utc>) {
        self.sequence += 1;
        self.edits.push((self.sequence, uid.to_string(), edit));
        self.last_edit = Some(anchor + Duration::seconds(self.sequence as i64));
    }

    /// When a test last edited the calendar, for the feed's Last-Modified.
    pub fn last_edit(&self) -> Option<DateTime<Utc>> {
        self.last_edit
    }

    /// Every token issued so far stops working, as Google's and Graph's do after a while.
    pub fn expire_tokens(&mut self) {
        self.sequence += 1;
        self.valid_from = self.sequence;
    }

    pub fn is_valid(&self, token_sequence: u64) -> bool {
        token_sequence >= self.valid_from && token_sequence <= self.sequence
    }

    pub fn current<'a>(&self, events: &'a [DemoEvent]) -> Vec<CurrentEvent<'a>> {
        events
            .iter()
            .map(|event| {
                let mut current = CurrentEvent {
                    event,
                    title: event.title.to_string(),
                    start: event.start,
                    end: event.start + Duration::minutes(event.minutes),
                    cancelled: false,
                    changed_at: 0,
                };
                for (at, _, edit) in self.edits.iter().filter(|(_, uid, _)| uid == event.uid) {
                    current.changed_at = *at;
                    match edit {
                        CalendarEdit::Cancel => current.cancelled = true,
                        CalendarEdit::Retitle(title) => current.title = title.clone(),
                        CalendarEdit::MoveTo(start) => {
                            current.end = *start + (current.end - current.start);
                            current.start = *start;
                        }
                    }
                }
                current
            })
            .collect()
    }
}

impl CurrentEvent<'_> {
    pub fn overlaps(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> bool {
        self.start < to && self.end > from
    }
}
