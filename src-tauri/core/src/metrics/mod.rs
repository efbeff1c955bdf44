//! Metrics for node_exporter's textfile collector: what IT's Prometheus
//! scrapes from every room. The counters are process-wide (one room a
//! process); a `Sample` is what is true at one instant; `text` renders both
//! in Prometheus' text format and `textfile` writes it atomically. No label
//! carries a title, an organizer, a meeting ID, a link or a secret: label
//! values are IT's own config names and the fixed words of the enums below.
//! This module depends on nothing else in the core, so every layer may count.

mod counters;
pub mod text;
pub mod textfile;

use chrono::{DateTime, Utc};

pub use counters::{
    count_calendar_error, count_request, count_tap, count_write, tallies, Histogram, Tallies,
};
pub use textfile::Error;

/// The APIs the room calls, for `roomstart_api_requests_total{api}`. Token
/// requests (Zoom's, Google's, Entra ID's) count as `oauth`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Api {
    Zoom,
    Google,
    Graph,
    Feed,
    Oauth,
}

impl Api {
    pub fn as_str(self) -> &'static str {
        match self {
            Api::Zoom => "zoom",
            Api::Google => "google",
            Api::Graph => "graph",
            Api::Feed => "feed",
            Api::Oauth => "oauth",
        }
    }
}

/// Why a calendar source failed, in a few fixed words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CalendarErrorKind {
    /// No answer: DNS, connection, time-out.
    Unreachable,
    /// 401 or 403, or the token service refused the credentials.
    Denied,
    /// 404 or 410.
    NotFound,
    /// 429: the vendor asks the room to slow down.
    RateLimited,
    /// 5xx.
    ServerError,
    /// Another HTTP status.
    HttpError,
    /// An answer or file that could not be read as a calendar.
    Unreadable,
}

impl CalendarErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CalendarErrorKind::Unreachable => "unreachable",
            CalendarErrorKind::Denied => "denied",
            CalendarErrorKind::NotFound => "not_found",
            CalendarErrorKind::RateLimited => "rate_limited",
            CalendarErrorKind::ServerError => "server_error",
            CalendarErrorKind::HttpError => "http_error",
            CalendarErrorKind::Unreadable => "unreadable",
        }
    }

    /// The kind an HTTP status stands for.
    pub fn of_status(status: u16) -> Self {
        match status {
            401 | 403 => CalendarErrorKind::Denied,
            404 | 410 => CalendarErrorKind::NotFound,
            429 => CalendarErrorKind::RateLimited,
            500.. => CalendarErrorKind::ServerError,
            _ => CalendarErrorKind::HttpError,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TapAction {
    Start,
    Join,
    /// The keypad: a meeting by its ID.
    JoinById,
}

impl TapAction {
    pub const ALL: [TapAction; 3] = [TapAction::Start, TapAction::Join, TapAction::JoinById];

    pub fn as_str(self) -> &'static str {
        match self {
            TapAction::Start => "start",
            TapAction::Join => "join",
            TapAction::JoinById => "join_by_id",
        }
    }
}

/// A write the room makes to its calendar or its Zoom account (issue 23).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum WriteAction {
    BookNow,
    Extend,
    EndEarly,
    CheckIn,
    /// A no-show released by the room itself.
    Release,
    MeetNow,
}

impl WriteAction {
    pub const ALL: [WriteAction; 6] = [
        WriteAction::BookNow,
        WriteAction::Extend,
        WriteAction::EndEarly,
        WriteAction::CheckIn,
        WriteAction::Release,
        WriteAction::MeetNow,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            WriteAction::BookNow => "book_now",
            WriteAction::Extend => "extend",
            WriteAction::EndEarly => "end_early",
            WriteAction::CheckIn => "check_in",
            WriteAction::Release => "release",
            WriteAction::MeetNow => "meet_now",
        }
    }
}

/// How a tap ended. `Refused` is the room's rules at work (too early, not
/// hosted here, not confirmed by Zoom, a wrong keypad number); `Error` is
/// something broken (Zoom, the network, the URL handler): the one to alert on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TapResult {
    Ok,
    Refused,
    Error,
}

impl TapResult {
    pub const ALL: [TapResult; 3] = [TapResult::Ok, TapResult::Refused, TapResult::Error];

    pub fn as_str(self) -> &'static str {
        match self {
            TapResult::Ok => "ok",
            TapResult::Refused => "refused",
            TapResult::Error => "error",
        }
    }
}

/// What the room is, for `roomstart_room_state{state}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoomState {
    Free,
    Busy,
    /// A meeting starts within minutes ("Starting soon" on the screen).
    Starting,
    /// A calendar cannot be reached, or the screen shows the saved agenda.
    Offline,
    /// Not set up: the screen says what IT must fix.
    Setup,
}

impl RoomState {
    pub const ALL: [RoomState; 5] = [
        RoomState::Free,
        RoomState::Busy,
        RoomState::Starting,
        RoomState::Offline,
        RoomState::Setup,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RoomState::Free => "free",
            RoomState::Busy => "busy",
            RoomState::Starting => "starting",
            RoomState::Offline => "offline",
            RoomState::Setup => "setup",
        }
    }
}

/// What a running room says about itself at one instant.
#[derive(Debug, Clone)]
pub struct RoomHealth {
    pub state: RoomState,
    /// Each configured source by name, with when it last answered (None: not yet).
    pub calendars: Vec<(String, Option<DateTime<Utc>>)>,
}

/// The doctor's statuses, in the order rendered.
pub const DOCTOR_STATUSES: [&str; 3] = ["pass", "warn", "fail"];

/// Everything one write of the file says, besides the counters.
#[derive(Debug, Clone)]
pub struct Sample {
    pub version: &'static str,
    pub room: RoomHealth,
    /// The doctor's local checks (no network) by name, with their status
    /// (one of `DOCTOR_STATUSES`); empty until they have run.
    pub doctor: Vec<(String, &'static str)>,
    pub keyring_available: Option<bool>,
    pub zoom_handler_installed: Option<bool>,
    pub config_valid: Option<bool>,
}

impl Sample {
    /// A sample from the room's health and the doctor's local checks (name,
    /// status), from which the keyring, handler and config gauges are read.
    /// A check that could not tell (a warning, or not run) leaves its gauge out.
    pub fn new(
        version: &'static str,
        room: RoomHealth,
        doctor: Vec<(String, &'static str)>,
    ) -> Self {
        let gauge = |name: &str| {
            doctor
                .iter()
                .find(|(check, _)| check == name)
                .and_then(|(_, status)| match *status {
                    "pass" => Some(true),
                    "fail" => Some(false),
                    _ => None,
                })
        };
        Sample {
            version,
            room,
            keyring_available: gauge("keyring"),
            zoom_handler_installed: gauge("zoommtg handler"),
            config_valid: gauge("config"),
            doctor,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gauges_are_read_from_the_doctors_checks() {
        let room = RoomHealth {
            state: RoomState::Setup,
            calendars: Vec::new(),
        };
        let rows =
            |r: &[(&str, &'static str)]| r.iter().map(|(n, s)| (n.to_string(), *s)).collect();
        let s = Sample::new(
            "1",
            room.clone(),
            rows(&[
                ("config", "pass"),
                ("keyring", "fail"),
                ("zoommtg handler", "warn"),
            ]),
        );
        assert_eq!(
            (
                s.config_valid,
                s.keyring_available,
                s.zoom_handler_installed
            ),
            (Some(true), Some(false), None)
        );
        let s = Sample::new("1", room, rows(&[("config", "fail")]));
        assert_eq!((s.config_valid, s.keyring_available), (Some(false), None));
    }
}
