//! What the room screen shows, derived purely from the agenda and `now`.
//! Nothing here may carry a secret: this is what crosses to the web view.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::agenda::{self, AgendaEvent, StartDecision, StartWindow};
use crate::room::{JoinError, StartError};
use crate::zoom;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RoomView {
    pub room_name: String,
    pub time_zone: String,
    pub clock: String,
    pub date: String,
    pub events: Vec<EventView>,
    /// Sources that failed on the last refresh, in words.
    pub problems: Vec<String>,
    pub updated: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EventView {
    pub key: String,
    pub title: String,
    pub time: String,
    /// `now`, `next` or `later`.
    pub when: &'static str,
    /// `today` or `tomorrow`, in the room's time zone.
    pub day: &'static str,
    pub service: Option<&'static str>,
    pub meeting_number: Option<String>,
    pub can_start: bool,
    pub can_join: bool,
    /// Why Start is not offered, when the person may wonder.
    pub note: Option<String>,
}

pub struct ViewInput<'a> {
    pub room_name: &'a str,
    pub zone: Tz,
    pub agenda: &'a [AgendaEvent],
    pub problems: &'a [String],
    pub refreshed_at: Option<DateTime<Utc>>,
    pub window: StartWindow,
}

/// Today's events that have not ended, then tomorrow's, so the screen says
/// what is next at any hour; when neither has any, the next one there is.
pub fn room_view(input: &ViewInput, now: DateTime<Utc>) -> RoomView {
    let zone = input.zone;
    let local = now.with_timezone(&zone);
    let (_, end_of_today) = agenda::today(now, zone);
    let (_, end_of_tomorrow) = agenda::today_and_tomorrow(now, zone);
    let mut shown: Vec<&AgendaEvent> = input
        .agenda
        .iter()
        .filter(|e| e.end > now && e.start < end_of_tomorrow)
        .collect();
    if shown.is_empty() {
        shown.extend(input.agenda.iter().find(|e| e.start >= now));
    }
    let mut seen_next = false;
    let events = shown
        .into_iter()
        .map(|e| {
            let when = if e.start <= now {
                "now"
            } else if !seen_next {
                seen_next = true;
                "next"
            } else {
                "later"
            };
            let day = if e.start < end_of_today {
                "today"
            } else {
                "tomorrow"
            };
            event_view(e, when, day, now, zone, input.window)
        })
        .collect();
    RoomView {
        room_name: input.room_name.to_string(),
        time_zone: zone.name().to_string(),
        clock: local.format("%H:%M").to_string(),
        date: local.format("%A %-d %B").to_string(),
        events,
        problems: input.problems.to_vec(),
        updated: input
            .refreshed_at
            .map(|t| t.with_timezone(&zone).format("%H:%M").to_string()),
    }
}

fn event_view(
    e: &AgendaEvent,
    when: &'static str,
    day: &'static str,
    now: DateTime<Utc>,
    zone: Tz,
    window: StartWindow,
) -> EventView {
    let decision = agenda::start_decision(e, now, window);
    let time = if e.all_day {
        "All day".to_string()
    } else {
        format!(
            "{} – {}",
            e.start.with_timezone(&zone).format("%H:%M"),
            e.end.with_timezone(&zone).format("%H:%M")
        )
    };
    let note = match (&decision, &e.link) {
        (StartDecision::Allowed(_), _) => None,
        (StartDecision::NoMeetingLink, _) if e.private => {
            Some("Private event: no details are shared with the room".to_string())
        }
        (StartDecision::NoMeetingLink, _) if !e.has_text => {
            Some("The invite reached the room without its text, so no link".to_string())
        }
        (StartDecision::NoMeetingLink, _) => Some("No meeting link in the invite".to_string()),
        (StartDecision::NotHostedHere, _) => {
            Some("Hosted on another Zoom account: join only".to_string())
        }
        (StartDecision::NotZoom(service), _) => Some(format!("{}: join only", service.label())),
        (StartDecision::NoMeetingId, _) => Some("Personal meeting link: join only".to_string()),
        (StartDecision::TooEarly { opens_at }, _) => Some(format!(
            "Start opens at {}",
            opens_at.with_timezone(&zone).format("%H:%M")
        )),
        (StartDecision::Ended, _) => None,
    };
    EventView {
        key: e.key.clone(),
        title: if e.private {
            "Private meeting".into()
        } else {
            display_title(&e.title)
        },
        time,
        when,
        day,
        service: e.link.as_ref().map(|l| l.service.label()),
        meeting_number: e
            .link
            .as_ref()
            .and_then(|l| l.zoom_id)
            .map(|id| id.grouped()),
        can_start: matches!(decision, StartDecision::Allowed(_)),
        can_join: agenda::join_allowed(e, now, window),
        note,
    }
}

fn display_title(title: &str) -> String {
    let title = title.trim();
    if title.is_empty() {
        "Untitled meeting".into()
    } else {
        title.into()
    }
}

/// `roomstart agenda --json`: the agenda for IT scripts and tests.
#[derive(Debug, Serialize)]
pub struct AgendaReport {
    pub room: String,
    pub time_zone: String,
    pub from: String,
    pub to: String,
    pub events: Vec<AgendaEntry>,
    /// Sources that failed on the last refresh.
    pub problems: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct AgendaEntry {
    pub title: String,
    pub start: String,
    pub end: String,
    pub all_day: bool,
    pub source: String,
    pub private: bool,
    pub meeting: Option<MeetingEntry>,
}

#[derive(Debug, Serialize)]
pub struct MeetingEntry {
    pub service: crate::links::Service,
    /// Digits as a string: JavaScript numbers are exact only to 2^53.
    pub meeting_id: Option<String>,
    /// The join link with its passcode and other secrets replaced by `REDACTED`.
    pub join_url: String,
    pub hosted_here: bool,
    /// Start is allowed now.
    pub startable: bool,
}

pub fn agenda_report(
    room: &str,
    zone: Tz,
    agenda: &[AgendaEvent],
    problems: &[String],
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    now: DateTime<Utc>,
    window: StartWindow,
) -> AgendaReport {
    let local = |t: DateTime<Utc>| t.with_timezone(&zone).to_rfc3339();
    AgendaReport {
        room: room.to_string(),
        time_zone: zone.name().to_string(),
        from: local(from),
        to: local(to),
        events: agenda
            .iter()
            .filter(|e| e.start < to && e.end > from)
            .map(|e| AgendaEntry {
                title: e.title.clone(),
                start: local(e.start),
                end: local(e.end),
                all_day: e.all_day,
                source: e.source.clone(),
                private: e.private,
                meeting: e.link.as_ref().map(|l| MeetingEntry {
                    service: l.service,
                    meeting_id: l.zoom_id.map(|id| id.to_string()),
                    join_url: crate::links::redacted(&l.join_url),
                    hosted_here: e.hosted_here,
                    startable: matches!(
                        agenda::start_decision(e, now, window),
                        StartDecision::Allowed(_)
                    ),
                }),
            })
            .collect(),
        problems: problems.to_vec(),
    }
}

/// A failure as the room screen says it: a stable `kind` the UI branches on
/// and a sentence safe to show. Full detail goes to the log, not here.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PersonMessage {
    pub kind: &'static str,
    pub message: String,
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

#[cfg(test)]
mod tests;
