//! Booking's failures in the screen's words: what happened and what to do.

use super::meet_now::MeetNowError;
use super::{BookingError, Refusal};
use crate::calendar::write::WriteError;
use crate::room::view::{MessageKind as Kind, PersonMessage};
use crate::words::{say, say_with};

impl From<&BookingError> for PersonMessage {
    fn from(e: &BookingError) -> Self {
        let (kind, message) = match e {
            BookingError::NotEnabled => (Kind::ReadOnly, say("booking.not_enabled")),
            BookingError::ReadOnlyCalendar => (Kind::ReadOnly, say("booking.read_only")),
            BookingError::Refused(r) => (Kind::NotNow, refusal(*r)),
            BookingError::TooManyWrites { .. } => (Kind::TooManyWrites, say("booking.too_many")),
            BookingError::UnknownEvent => (Kind::Gone, say("tap.gone")),
            BookingError::Write(w) => write_message(w),
        };
        PersonMessage { kind, message }
    }
}

fn refusal(r: Refusal) -> String {
    say(match r {
        Refusal::RoomBusy => "booking.room_busy",
        Refusal::NextTooSoon => "booking.next_too_soon",
        Refusal::NotOffered => "booking.not_offered",
        Refusal::NothingOn => "booking.nothing_on",
        Refusal::NextStartsAtEnd => "booking.next_at_end",
        Refusal::NotCheckInTime => "booking.not_check_in_time",
    })
}

fn write_message(w: &WriteError) -> (Kind, String) {
    match w {
        WriteError::ReadOnly => (Kind::ReadOnly, say("booking.read_only")),
        WriteError::Changed => (Kind::Conflict, say("booking.changed")),
        WriteError::Conflict => (Kind::Conflict, say("booking.conflict")),
        WriteError::NotAllowed => (Kind::ReadOnly, say("booking.not_allowed")),
        WriteError::Gone => (Kind::Gone, say("tap.gone")),
        WriteError::RateLimited { retry_after } => (
            Kind::RateLimited,
            match retry_after.map(|d| d.as_secs().div_ceil(60).max(1)) {
                Some(minutes) => say_with(
                    "booking.rate_limited_minutes",
                    &[("minutes", &minutes.to_string())],
                ),
                None => say("booking.rate_limited"),
            },
        ),
        WriteError::Unreachable(_) | WriteError::Token(_) | WriteError::Status(_) => {
            (Kind::Unreachable, say("booking.unreachable"))
        }
    }
}

impl From<&MeetNowError> for PersonMessage {
    fn from(e: &MeetNowError) -> Self {
        let (kind, message) = match e {
            MeetNowError::NoRoomUser => (Kind::Setup, say("booking.no_room_user")),
            MeetNowError::TooManyWrites { .. } => (Kind::TooManyWrites, say("booking.too_many")),
            MeetNowError::Zoom(crate::zoom::Error::MissingScope { .. }) => {
                (Kind::Scope, say("booking.zoom_scope"))
            }
            MeetNowError::Zoom(crate::zoom::Error::RateLimited { limit_type, .. })
                if limit_type.eq_ignore_ascii_case("Daily-limit") =>
            {
                (Kind::RateLimited, say("booking.zoom_daily_limit"))
            }
            MeetNowError::Zoom(z) => crate::room::tap::zoom_message(z),
            MeetNowError::Unsafe(_) | MeetNowError::Qr(_) => {
                (Kind::UnsafeLink, say("tap.unsafe_start_link"))
            }
            MeetNowError::Open(o) => return PersonMessage::from(o),
        };
        PersonMessage { kind, message }
    }
}
