//! `PersonMessage`: every failure and background problem as the room screen
//! says it, in plain words, with a stable `kind` the UI styles it by. Full
//! detail, vendor wording included, goes to the log, never here.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use ts_rs::TS;

use super::TimeStyle;
use crate::calendar;
use crate::words::{say, say_with};
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
    /// The room may not write its calendar (an ICS feed, `[booking]` off, no permission).
    ReadOnly,
    /// The booking rules say not now: the room is busy, the next booking is too close.
    NotNow,
    /// The calendar changed since the screen read it, or the time is taken.
    Conflict,
    /// More writes than the hour allows.
    TooManyWrites,
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
        style: TimeStyle,
    ) -> Self {
        if let Some(vendor) = e.problem.refusal().and(e.problem.vendor_key()) {
            let vendor = say(vendor);
            let message = match last_answer {
                Some(at) => {
                    let time = style.time(&at.with_timezone(&zone));
                    say_with(
                        "footer.calendar_slowed_since",
                        &[("vendor", &vendor), ("time", &time)],
                    )
                }
                None => say_with("footer.calendar_slowed", &[("vendor", &vendor)]),
            };
            return PersonMessage {
                kind: MessageKind::CalendarFailing,
                message,
            };
        }
        let problem = e.problem.in_plain_words();
        let named = [("calendar", e.source_name.as_str()), ("problem", &problem)];
        let message = match last_answer {
            Some(at) => {
                let time = style.time(&at.with_timezone(&zone));
                say_with(
                    "footer.calendar_failing_since",
                    &[named[0], named[1], ("time", &time)],
                )
            }
            None => say_with("footer.calendar_failing", &named),
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
                say("footer.zoom_credentials")
            }
            zoom::Error::MissingScope { .. } => say("footer.zoom_scope"),
            zoom::Error::RateLimited { .. } => say("footer.zoom_slow_down"),
            zoom::Error::Timeout | zoom::Error::Unreachable(_) => say("footer.zoom_unreachable"),
            _ => say("footer.zoom_unreadable"),
        };
        PersonMessage {
            kind: MessageKind::ZoomUnreadable,
            message,
        }
    }

    /// No calendar has answered since the start: the agenda saved on disk is shown.
    pub fn showing_saved_agenda(saved_at: DateTime<Utc>, zone: Tz, style: TimeStyle) -> Self {
        let local = saved_at.with_timezone(&zone);
        PersonMessage {
            kind: MessageKind::Offline,
            message: say_with(
                "footer.saved_agenda",
                &[("time", &style.time(&local)), ("date", &style.date(&local))],
            ),
        }
    }
}
