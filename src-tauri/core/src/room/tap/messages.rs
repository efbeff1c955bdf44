//! A tap's failures as the room screen says them. Full detail, Zoom's own
//! wording included, goes to the log, never here.

use super::{DialInError, JoinError, StartError};
use crate::launch::opener;
use crate::room::agenda::StartDecision;
use crate::room::view::{MessageKind as Kind, PersonMessage};
use crate::zoom;

impl From<&StartError> for PersonMessage {
    fn from(e: &StartError) -> Self {
        let (kind, message) = match e {
            StartError::UnknownEvent => (Kind::Gone, "This meeting is no longer on the room's calendar.".into()),
            StartError::NotOnCalendar(_) => (Kind::NotOnCalendar,
                "This meeting is not on this room's calendar today, so it can't be started here.".into(),
            ),
            StartError::NotAllowed(StartDecision::TooEarly { .. }) => {
                (Kind::TooEarly, "It is too early to start this meeting.".into())
            }
            StartError::NotAllowed(StartDecision::Ended) => (Kind::Ended, "This meeting has ended.".into()),
            StartError::NotAllowed(_) => (Kind::NotStartable,
                "This meeting can't be started from this room. Tap Join instead.".into(),
            ),
            StartError::NoZoomAccount => (Kind::Setup,
                "This room has no Zoom account set up. Ask IT to run `roomstart doctor`.".into(),
            ),
            StartError::Zoom(z) => zoom_message(z),
            StartError::NotConfirmed(_) => (
                Kind::NotConfirmed,
                "Zoom's record of this meeting does not match this invite, so it can't be started here. Tap Join instead.".into(),
            ),
            StartError::Unsafe(_) => (Kind::UnsafeLink,
                "Zoom returned a link this room does not trust, so it was not opened. IT has the details in the log.".into(),
            ),
            StartError::Open(e) => return PersonMessage::from(e),
        };
        PersonMessage { kind, message }
    }
}

fn zoom_message(e: &zoom::Error) -> (Kind, String) {
    match e {
        zoom::Error::MeetingNotFound { .. } => (Kind::NotFound,
            "Zoom says this meeting does not exist or has expired. Ask the organiser for a new invite.".into(),
        ),
        zoom::Error::InvalidClient { .. } | zoom::Error::Unauthorized { .. } => (Kind::Credentials,
            "Zoom did not accept this room's credentials. Tap Join to join as a guest, and tell IT.".into(),
        ),
        zoom::Error::MissingScope { .. } => (Kind::Scope,
            "This room's Zoom app lacks a permission it needs. Tap Join to join as a guest, and tell IT.".into(),
        ),
        zoom::Error::RateLimited { limit_type, .. } if limit_type.eq_ignore_ascii_case("Daily-limit") => (Kind::RateLimited,
            "This Zoom account has used its requests for today (the limit resets at 00:00 GMT). Tap Join to join as a guest.".into(),
        ),
        zoom::Error::RateLimited { retry_after, .. } => (Kind::RateLimited,
            match retry_after.map(|d| d.as_secs()) {
                Some(s) if s >= 60 => format!("Zoom asks this room to wait about {} minutes. Tap Join to join as a guest.", s.div_ceil(60)),
                Some(s) => format!("Zoom is busy. Try again in {} seconds, or tap Join.", s.max(1)),
                None => "Zoom is busy right now. Try again in a minute, or tap Join.".into(),
            },
        ),
        zoom::Error::Timeout => (Kind::Slow,
            "Zoom is not answering in time. Try again, or tap Join.".into(),
        ),
        zoom::Error::Unreachable(_) => (Kind::Unreachable,
            "Zoom could not be reached. Check the network, or try again.".into(),
        ),
        zoom::Error::Api { .. } | zoom::Error::Decode(_) => (Kind::ZoomError,
            "Zoom could not start the meeting right now. Try again, or tap Join.".into(),
        ),
    }
}

impl From<&JoinError> for PersonMessage {
    fn from(e: &JoinError) -> Self {
        let (kind, message) = match e {
            JoinError::UnknownEvent => (
                Kind::Gone,
                "This meeting is no longer on the room's calendar.",
            ),
            JoinError::NoLink => (Kind::NoLink, "This event has no meeting link to join."),
            JoinError::NotAMeetingId => (
                Kind::NotAMeetingId,
                "That is not a Zoom meeting ID. Check the 9 to 11 digits in the invite and try again.",
            ),
            JoinError::NotAPasscode => (
                Kind::NotAMeetingId,
                "A passcode typed here is up to 10 digits. For a passcode with letters, join without it and type it in Zoom.",
            ),
            JoinError::Unsafe(_) => (
                Kind::UnsafeLink,
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

impl From<&opener::Error> for PersonMessage {
    fn from(_: &opener::Error) -> Self {
        PersonMessage {
            kind: Kind::NoHandler,
            message: "This computer could not open the meeting. Ask IT to check the Zoom client is installed.".into(),
        }
    }
}

impl From<&DialInError> for PersonMessage {
    fn from(e: &DialInError) -> Self {
        let (kind, message) = match e {
            DialInError::UnknownEvent => (
                Kind::Gone,
                "This meeting is no longer on the room's calendar.",
            ),
            DialInError::NotOffered => (
                Kind::Setup,
                "Dial-in details are not shown in this room. Join from the screen instead.",
            ),
            DialInError::NoMeetingId => (
                Kind::NoLink,
                "This invite has no Zoom meeting ID to dial in with.",
            ),
        };
        PersonMessage {
            kind,
            message: message.into(),
        }
    }
}
