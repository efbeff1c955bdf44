//! Changes made to the room's calendar while the simulation runs, so the
//! Google and Graph fakes can answer incremental sync. Every edit takes the
//! next sequence number; a sync token or delta link carries the number it was
//! issued at, and lists what changed after it. An event's etag is the number
//! of its last edit, so every edit gives it a new version.

// Only tests edit the calendar (feature `fakes`); the demo reads it unedited.
#![cfg_attr(not(feature = "fakes"), allow(dead_code))]

use chrono::{DateTime, Duration, Utc};

use crate::schedule::DemoEvent;

/// What a test (or a write through the fakes) does to one event.
#[derive(Debug, Clone)]
pub enum CalendarEdit {
    /// The organiser cancelled it.
    Cancel,
    Retitle(String),
    MoveTo(DateTime<Utc>),
    /// A new event with this uid: a booking, or one occurrence of a series.
    Create(NewEvent),
    /// Extend or End early.
    EndAt(DateTime<Utc>),
    /// The room declined it (this occurrence only), telling the organiser why.
    RoomDeclined {
        comment: String,
    },
}

/// An event that is not part of the demo schedule.
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub title: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub location: String,
    pub body: String,
    /// The series' id, for one occurrence of a recurring event.
    pub series: Option<String>,
}

/// One write the room made through a fake, as tests assert on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarWrite {
    /// `book`, `set_end` or `decline`.
    pub kind: &'static str,
    /// The vendor's event id the write created or named.
    pub event_id: String,
    pub start: Option<DateTime<Utc>>,
    pub end: Option<DateTime<Utc>>,
    pub comment: String,
}

#[derive(Default)]
pub struct EditLog {
    sequence: u64,
    edits: Vec<(u64, String, CalendarEdit)>,
    /// Tokens issued before this number are expired.
    valid_from: u64,
    last_edit: Option<DateTime<Utc>>,
    pub writes: Vec<CalendarWrite>,
}

/// One event of the calendar as it stands after the edits.
pub struct CurrentEvent<'a> {
    pub uid: String,
    /// The demo event it is, or `None` for one created since.
    pub event: Option<&'a DemoEvent>,
    pub title: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub location: String,
    /// The body of a created event (the demo events' bodies come from their meeting).
    pub body: String,
    pub series: Option<String>,
    pub cancelled: bool,
    /// The room declined it; the comment it gave.
    pub declined: Option<String>,
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

    /// The demo events, then those created since, each with its edits applied.
    pub fn current<'a>(&self, events: &'a [DemoEvent]) -> Vec<CurrentEvent<'a>> {
        let demo = events.iter().map(|event| CurrentEvent {
            uid: event.uid.to_string(),
            event: Some(event),
            title: event.title.to_string(),
            start: event.start,
            end: event.start + Duration::minutes(event.minutes),
            location: event.location.to_string(),
            body: String::new(),
            series: None,
            cancelled: false,
            declined: None,
            changed_at: 0,
        });
        let created = self.edits.iter().filter_map(|(_, uid, edit)| match edit {
            CalendarEdit::Create(new) => Some(CurrentEvent {
                uid: uid.clone(),
                event: None,
                title: new.title.clone(),
                start: new.start,
                end: new.end,
                location: new.location.clone(),
                body: new.body.clone(),
                series: new.series.clone(),
                cancelled: false,
                declined: None,
                changed_at: 0,
            }),
            _ => None,
        });
        demo.chain(created).map(|e| self.edited(e)).collect()
    }

    fn edited<'a>(&self, mut current: CurrentEvent<'a>) -> CurrentEvent<'a> {
        for (at, _, edit) in self.edits.iter().filter(|(_, uid, _)| *uid == current.uid) {
            current.changed_at = *at;
            match edit {
                CalendarEdit::Cancel => current.cancelled = true,
                CalendarEdit::Retitle(title) => current.title = title.clone(),
                CalendarEdit::MoveTo(start) => {
                    current.end = *start + (current.end - current.start);
                    current.start = *start;
                }
                CalendarEdit::Create(_) => {}
                CalendarEdit::EndAt(end) => current.end = *end,
                CalendarEdit::RoomDeclined { comment } => current.declined = Some(comment.clone()),
            }
        }
        current
    }
}

impl CurrentEvent<'_> {
    pub fn overlaps(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> bool {
        self.start < to && self.end > from
    }

    /// On the room's Graph calendar: neither cancelled nor declined by the room.
    pub fn on_calendar(&self) -> bool {
        !self.cancelled && self.declined.is_none()
    }

    /// Its version, for `If-Match`: the sequence of its last edit.
    pub fn version(&self) -> u64 {
        self.changed_at
    }

    /// Google's event id: base32hex-like, no punctuation.
    pub fn google_id(&self) -> String {
        self.uid.replace(['@', '.', '-'], "")
    }

    /// Graph's event id, opaque and base64-like.
    pub fn graph_id(&self) -> String {
        format!("AAMkAG{}=", self.uid.replace(['@', '.'], ""))
    }
}
