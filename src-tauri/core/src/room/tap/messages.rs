//! A tap's failures as the room screen says them. Full detail, Zoom's own
//! wording included, goes to the log, never here.

use super::{DialInError, JoinError, StartError};
use crate::launch::opener;
use crate::room::agenda::StartDecision;
use crate::room::view::{MessageKind as Kind, PersonMessage};
use crate::words::{say, say_with};
use crate::zoom;

impl From<&StartError> for PersonMessage {
    fn from(e: &StartError) -> Self {
        let (kind, message) = match e {
            StartError::UnknownEvent => (Kind::Gone, say("tap.gone")),
            StartError::NotOnCalendar(_) => (Kind::NotOnCalendar, say("tap.not_on_calendar")),
            StartError::NotAllowed(StartDecision::TooEarly { .. }) => {
                (Kind::TooEarly, say("tap.too_early"))
            }
            StartError::NotAllowed(StartDecision::Ended) => (Kind::Ended, say("tap.ended")),
            StartError::NotAllowed(_) => (Kind::NotStartable, say("tap.not_startable")),
            StartError::NoZoomAccount => (Kind::Setup, say("tap.no_zoom_account")),
            StartError::Zoom(z) => zoom_message(z),
            StartError::NotConfirmed(_) => (Kind::NotConfirmed, say("tap.not_confirmed")),
            StartError::Unsafe(_) => (Kind::UnsafeLink, say("tap.unsafe_start_link")),
            StartError::Open(e) => return PersonMessage::from(e),
        };
        PersonMessage { kind, message }
    }
}

pub(crate) fn zoom_message(e: &zoom::Error) -> (Kind, String) {
    match e {
        zoom::Error::MeetingNotFound { .. } => (Kind::NotFound, say("tap.not_found")),
        zoom::Error::InvalidClient { .. } | zoom::Error::Unauthorized { .. } => {
            (Kind::Credentials, say("tap.credentials"))
        }
        zoom::Error::MissingScope { .. } => (Kind::Scope, say("tap.scope")),
        zoom::Error::RateLimited { limit_type, .. }
            if limit_type.eq_ignore_ascii_case("Daily-limit") =>
        {
            (Kind::RateLimited, say("tap.daily_limit"))
        }
        zoom::Error::RateLimited { retry_after, .. } => (
            Kind::RateLimited,
            match retry_after.map(|d| d.as_secs()) {
                Some(s) if s >= 60 => say_with(
                    "tap.wait_minutes",
                    &[("minutes", &s.div_ceil(60).to_string())],
                ),
                Some(s) => say_with("tap.wait_seconds", &[("seconds", &s.max(1).to_string())]),
                None => say("tap.busy"),
            },
        ),
        zoom::Error::Timeout => (Kind::Slow, say("tap.slow")),
        zoom::Error::Unreachable(_) => (Kind::Unreachable, say("tap.unreachable")),
        zoom::Error::Api { .. } | zoom::Error::Decode(_) => {
            (Kind::ZoomError, say("tap.zoom_error"))
        }
    }
}

impl From<&JoinError> for PersonMessage {
    fn from(e: &JoinError) -> Self {
        let (kind, message) = match e {
            JoinError::UnknownEvent => (Kind::Gone, say("tap.gone")),
            JoinError::NoLink => (Kind::NoLink, say("tap.no_link")),
            JoinError::NotAMeetingId => (Kind::NotAMeetingId, say("tap.not_a_meeting_id")),
            JoinError::NotAPasscode => (Kind::NotAMeetingId, say("tap.not_a_passcode")),
            JoinError::Unsafe(_) => (Kind::UnsafeLink, say("tap.unsafe_join_link")),
            JoinError::Open(e) => return PersonMessage::from(e),
        };
        PersonMessage { kind, message }
    }
}

impl From<&opener::Error> for PersonMessage {
    fn from(e: &opener::Error) -> Self {
        let (kind, message) = match e {
            opener::Error::NoOpener { .. } | opener::Error::NoHandler { .. } => {
                (Kind::NoHandler, say("tap.no_handler"))
            }
            opener::Error::NoClientLink => (Kind::Slow, say("tap.launcher_slow")),
            opener::Error::ClientLinkRefused(_) => (Kind::UnsafeLink, say("tap.unsafe_start_link")),
            opener::Error::NoLauncherView { .. } => (Kind::Internal, say("tap.unknown_failure")),
        };
        PersonMessage { kind, message }
    }
}

impl From<&DialInError> for PersonMessage {
    fn from(e: &DialInError) -> Self {
        let (kind, message) = match e {
            DialInError::UnknownEvent => (Kind::Gone, say("tap.gone")),
            DialInError::NotOffered => (Kind::Setup, say("dial_in.not_offered")),
            DialInError::NoMeetingId => (Kind::NoLink, say("dial_in.no_meeting_id")),
        };
        PersonMessage { kind, message }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::launch;

    /// Each way the hand-off to Zoom can fail gets its own words: a slow
    /// launcher page is worth another tap, a refused link is not.
    #[test]
    fn each_opener_failure_says_what_to_do() {
        let said = |e: opener::Error| PersonMessage::from(&e);
        let no_handler = said(opener::Error::NoHandler {
            scheme: "zoommtg".into(),
            code: 3,
        });
        assert_eq!(no_handler.kind, Kind::NoHandler);
        assert!(no_handler.message.contains("Zoom client is installed"));

        let slow = said(opener::Error::NoClientLink);
        assert_eq!(slow.kind, Kind::Slow);
        assert!(slow.message.contains("Tap Start again"), "{}", slow.message);

        let refused = said(opener::Error::ClientLinkRefused(
            launch::Error::WrongMeeting {
                expected: "85746352410".parse().unwrap(),
            },
        ));
        assert_eq!(refused.kind, Kind::UnsafeLink);
        assert!(
            !refused.message.contains("85746352410"),
            "{}",
            refused.message
        );

        let internal = said(opener::Error::NoLauncherView {
            reason: "no display".into(),
        });
        assert_eq!(internal.kind, Kind::Internal);
        assert!(
            !internal.message.contains("display"),
            "{}",
            internal.message
        );
    }
}
