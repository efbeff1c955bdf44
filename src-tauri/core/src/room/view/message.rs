//! `PersonMessage`: every failure and background problem as the room screen
//! says it, in plain words, with a stable `kind` the UI styles it by. Full
//! detail, vendor wording included, goes to the log, never here.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use ts_rs::TS;

use crate::calendar;
use crate::zoom;

/// A failure as the room screen says it: a stable `kind` the UI branches on
/// and a sentence safe to show. Full detail goes to the log, not here.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, TS)]
#[ts(export)]
pub struct PersonMessage {
    pub kind: MessageKind,
    pub message: String,
}

/// What went wrong, for the UI to branch on; the words may change, these may not.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MessageKind {
    // In the footer, while the screen goes on showing what it has.
    CalendarFailing,
    ZoomUnreadable,
    Offline,
    // Answers to a tap.
    Gone,
    NotOnCalendar,
    TooEarly,
    Ended,
    NotStartable,
    NotConfirmed,
    Setup,
    UnsafeLink,
    NotFound,
    Credentials,
    Scope,
    RateLimited,
    Slow,
    Unreachable,
    ZoomError,
    NoLink,
    /// The keypad's digits are not a meeting ID or passcode.
    NotAMeetingId,
    NoHandler,
    /// A bug in Roomstart, caught; the log has it.
    Internal,
}

/// Background problems, shown in the screen's footer.
impl PersonMessage {
    /// A calendar source failed; what it said last is still shown.
    pub fn calendar_failing(
        e: &calendar::Error,
        last_answer: Option<DateTime<Utc>>,
        zone: Tz,
    ) -> Self {
        let failed = format!(
            "The calendar “{}” {}",
            e.source_name,
            e.problem.in_plain_words()
        );
        let message = match last_answer {
            Some(at) => format!(
                "{failed}; showing what it said at {}",
                at.with_timezone(&zone).format("%H:%M")
            ),
            None => format!("{failed}."),
        };
        PersonMessage {
            // No answer is the network's doing: the screen reads it as offline.
            kind: match e.problem.is_unreachable() {
                true => MessageKind::Offline,
                false => MessageKind::CalendarFailing,
            },
            message,
        }
    }

    /// The account's meetings could not be read, so Start may be off; Join is not affected.
    pub fn zoom_unreadable(e: &zoom::Error) -> Self {
        let message = match e {
            zoom::Error::InvalidClient { .. } | zoom::Error::Unauthorized { .. } => {
                "Zoom does not accept this room's credentials, so Start is off. Join still works; IT can run `roomstart doctor`."
            }
            zoom::Error::MissingScope { .. } => {
                "This room's Zoom app lacks a permission, so Start is off. Join still works; IT can run `roomstart doctor`."
            }
            zoom::Error::RateLimited { .. } => {
                "Zoom asked this room to slow down; its meetings will be read again shortly."
            }
            zoom::Error::Timeout | zoom::Error::Unreachable(_) => {
                "Zoom could not be reached, so Start may be unavailable. Join still works."
            }
            _ => "Zoom's list of meetings could not be read, so Start may be unavailable. Join still works.",
        };
        PersonMessage {
            kind: MessageKind::ZoomUnreadable,
            message: message.into(),
        }
    }

    /// No calendar has answered since the start: the agenda saved on disk is shown.
    pub fn showing_saved_agenda(saved_at: DateTime<Utc>, zone: Tz) -> Self {
        PersonMessage {
            kind: MessageKind::Offline,
            message: format!(
                "No answer from the calendar yet: showing the agenda saved at {}",
                saved_at.with_timezone(&zone).format("%H:%M on %-d %B")
            ),
        }
    }
}
