//! `PersonMessage`: every failure and background problem as the room screen
//! says it, in plain words, with a stable `kind` the UI styles it by. Full
//! detail, vendor wording included, goes to the log, never here.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use ts_rs::TS;

use crate::agenda::StartDecision;
use crate::calendar;
use crate::room::{JoinError, StartError};
use crate::zoom;

/// A failure as the room screen says it: a stable `kind` the UI branches on
/// and a sentence safe to show. Full detail goes to the log, not here.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, TS)]
#[ts(export)]
pub struct PersonMessage {
    pub kind: &'static str,
    pub message: String,
}

/// Background problems, shown in the screen's footer.
impl PersonMessage {
    /// A calendar source failed; what it said last is still shown.
    pub fn calendar_failing(
        e: &calendar::Error,
        last_answer: Option<DateTime<Utc>>,
        zone: Tz,
    ) -> Self {
        let message = match last_answer {
            Some(at) => format!(
                "{e}; showing what it said at {}",
                at.with_timezone(&zone).format("%H:%M")
            ),
            None => e.to_string(),
        };
        PersonMessage {
            kind: "calendar_failing",
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
            kind: "zoom_unreadable",
            message: message.into(),
        }
    }

    /// No calendar has answered since the start: the agenda saved on disk is shown.
    pub fn showing_saved_agenda(saved_at: DateTime<Utc>, zone: Tz) -> Self {
        PersonMessage {
            kind: "offline",
            message: format!(
                "No answer from the calendar yet: showing the agenda saved at {}",
                saved_at.with_timezone(&zone).format("%H:%M on %-d %B")
            ),
        }
    }
}

impl From<&StartError> for PersonMessage {
    fn from(e: &StartError) -> Self {
        let (kind, message) = match e {
            StartError::UnknownEvent => ("gone", "This meeting is no longer on the room's calendar.".into()),
            StartError::NotOnCalendar(_) => (
                "not_on_calendar",
                "This meeting is not on this room's calendar today, so it can't be started here.".into(),
            ),
            StartError::NotAllowed(StartDecision::TooEarly { .. }) => {
                ("too_early", "It is too early to start this meeting.".into())
            }
            StartError::NotAllowed(StartDecision::Ended) => ("ended", "This meeting has ended.".into()),
            StartError::NotAllowed(_) => (
                "not_startable",
                "This meeting can't be started from this room. Tap Join instead.".into(),
            ),
            StartError::NoZoomAccount => (
                "setup",
                "This room has no Zoom account set up. Ask IT to run `roomstart doctor`.".into(),
            ),
            StartError::Zoom(z) => zoom_message(z),
            StartError::Unsafe(_) => (
                "unsafe_link",
                "Zoom returned a link this room does not trust, so it was not opened. IT has the details in the log.".into(),
            ),
            StartError::Open(e) => return PersonMessage::from(e),
        };
        PersonMessage { kind, message }
    }
}

fn zoom_message(e: &zoom::Error) -> (&'static str, String) {
    match e {
        zoom::Error::MeetingNotFound { .. } => (
            "not_found",
            "Zoom says this meeting does not exist or has expired. Ask the organiser for a new invite.".into(),
        ),
        zoom::Error::InvalidClient { .. } | zoom::Error::Unauthorized { .. } => (
            "credentials",
            "Zoom did not accept this room's credentials. Tap Join to join as a guest, and tell IT.".into(),
        ),
        zoom::Error::MissingScope { .. } => (
            "scope",
            "This room's Zoom app lacks a permission it needs. Tap Join to join as a guest, and tell IT.".into(),
        ),
        zoom::Error::RateLimited { limit_type, .. } if limit_type.eq_ignore_ascii_case("Daily-limit") => (
            "rate_limited",
            "This Zoom account has used its requests for today (the limit resets at 00:00 GMT). Tap Join to join as a guest.".into(),
        ),
        zoom::Error::RateLimited { retry_after, .. } => (
            "rate_limited",
            match retry_after.map(|d| d.as_secs()) {
                Some(s) if s >= 60 => format!("Zoom asks this room to wait about {} minutes. Tap Join to join as a guest.", s.div_ceil(60)),
                Some(s) => format!("Zoom is busy. Try again in {} seconds, or tap Join.", s.max(1)),
                None => "Zoom is busy right now. Try again in a minute, or tap Join.".into(),
            },
        ),
        zoom::Error::Timeout => (
            "slow",
            "Zoom is not answering in time. Try again, or tap Join.".into(),
        ),
        zoom::Error::Unreachable(_) => (
            "unreachable",
            "Zoom could not be reached. Check the network, or try again.".into(),
        ),
        zoom::Error::Api { .. } | zoom::Error::Decode(_) => (
            "zoom_error",
            "Zoom could not start the meeting right now. Try again, or tap Join.".into(),
        ),
    }
}

impl From<&JoinError> for PersonMessage {
    fn from(e: &JoinError) -> Self {
        let (kind, message) = match e {
            JoinError::UnknownEvent => {
                ("gone", "This meeting is no longer on the room's calendar.")
            }
            JoinError::NoLink => ("no_link", "This event has no meeting link to join."),
            JoinError::Unsafe(_) => (
                "unsafe_link",
                "The meeting link in this invite is not trusted, so it was not opened.",
            ),
            JoinError::Open(e) => return PersonMessage::from(e),
        };
        PersonMessage {
            kind,
            message: message.into(),
        }
    }
}

impl From<&crate::opener::Error> for PersonMessage {
    fn from(_: &crate::opener::Error) -> Self {
        PersonMessage {
            kind: "no_handler",
            message: "This computer could not open the meeting. Ask IT to check the Zoom client is installed.".into(),
        }
    }
}
