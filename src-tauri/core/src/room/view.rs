//! What the room screen shows, derived purely from the agenda and `now`.
//! Nothing here may carry a secret: this is what crosses to the web view.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use ts_rs::TS;

use crate::room::agenda::{self, AgendaEvent, StartDecision, StartWindow};
use crate::words::{say, say_with};

pub mod clock;
pub mod status;
pub use clock::{Hours, TimeStyle};
pub use status::{Countdown, RoomState, RoomStatus};

/// What the config says the screen may show and how it writes times.
#[derive(Debug, Clone, Default)]
pub struct ScreenOptions {
    /// Titles and organisers are hidden: every event reads "Private meeting".
    pub private: bool,
    /// The meeting ID and numeric passcode may be shown on request, for a room phone.
    pub dial_in: bool,
    /// Numbers the room phone dials, shown with the dial-in details.
    pub dial_in_numbers: Vec<String>,
    pub time: TimeStyle,
}

#[derive(Debug, Clone, Serialize, PartialEq, TS)]
#[ts(export)]
pub struct RoomView {
    pub room_name: String,
    pub time_zone: String,
    pub clock: String,
    pub date: String,
    /// Free, busy or starting soon, and until when.
    pub status: RoomStatus,
    pub events: Vec<EventView>,
    /// What is not working in the background (a calendar, the Zoom account,
    /// no network), each with a `kind` the screen styles it by.
    pub problems: Vec<PersonMessage>,
    pub updated: Option<String>,
    /// Whole minutes since the agenda was last read, for "offline since".
    pub updated_minutes_ago: Option<u32>,
    /// Join by meeting ID is offered (a keypad for meetings not on the calendar).
    pub join_by_id: bool,
    /// Book now, Extend, End early and Meet now; none: the room does not book itself.
    pub booking: Option<BookingView>,
}

/// One Book now button.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, TS)]
#[ts(export)]
pub struct BookChoice {
    pub minutes: u32,
    /// When the next booking cuts it short: the time it runs until.
    pub until: Option<String>,
}

/// The booking buttons the screen shows now.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, TS)]
#[ts(export)]
pub struct BookingView {
    /// Walk-up lengths offered now; empty while a meeting is on.
    pub book: Vec<BookChoice>,
    /// The meeting on now that Extend and End early act on.
    pub current_key: Option<String>,
    /// Extend steps (minutes) the time after it leaves free.
    pub extend_minutes: Vec<u32>,
    pub can_end_early: bool,
    /// A new Zoom meeting can be made and started here.
    pub meet_now: bool,
    /// Writes a person may still make this hour.
    pub writes_left: u32,
}

#[derive(Debug, Clone, Serialize, PartialEq, TS)]
#[ts(export)]
pub struct EventView {
    pub key: String,
    pub title: String,
    /// RFC 3339 in the room's zone; for an all-day event its first date.
    pub start: String,
    /// RFC 3339; for an all-day event the date after its last day.
    pub end: String,
    pub time: String,
    pub when: When,
    pub day: Day,
    pub service: Option<&'static str>,
    pub meeting_number: Option<String>,
    pub can_start: bool,
    pub can_join: bool,
    /// The meeting ID (and passcode) may be asked for, to dial in.
    pub can_dial_in: bool,
    /// Who booked it; none in private mode or for a private event.
    pub organizer: Option<String>,
    /// "Starts in" or "ends in", for meetings under way or starting today.
    pub countdown: Option<Countdown>,
    /// Why Start is not offered, when the person may wonder.
    pub note: Option<String>,
    /// Check in is offered: the booking is released unless someone claims it.
    pub can_check_in: bool,
}

/// Where an event stands against `now`.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum When {
    /// Under way.
    Now,
    /// The first one still to start.
    Next,
    Later,
}

/// The day an event starts on, in the room's time zone.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Day {
    Today,
    Tomorrow,
}

pub struct ViewInput<'a> {
    pub room_name: &'a str,
    pub zone: Tz,
    pub agenda: &'a [AgendaEvent],
    pub problems: &'a [PersonMessage],
    pub refreshed_at: Option<DateTime<Utc>>,
    pub window: StartWindow,
    pub screen: &'a ScreenOptions,
}

/// The most rows the screen gets, whatever the calendar holds.
pub const MAX_ROWS: usize = 200;

/// The most JSON the rows may take; the screen is pushed every minute.
const ROWS_BUDGET_BYTES: usize = 200 * 1024;

/// Today's events that have not ended, then tomorrow's, so the screen says
/// what is next at any hour; when neither has any, the next one there is.
/// The first row is the big card: the meeting in the room now, before any
/// long booking or all-day note that happens to span it.
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
    // Stable: each class keeps the agenda's order by start.
    shown.sort_by_key(|e| status::prominence(e, now));
    shown.truncate(MAX_ROWS);
    let mut seen_next = false;
    let mut rows_bytes = 0;
    let events = shown
        .into_iter()
        .map(|e| {
            let when = if e.start <= now {
                When::Now
            } else if !seen_next {
                seen_next = true;
                When::Next
            } else {
                When::Later
            };
            let day = if e.start < end_of_today {
                Day::Today
            } else {
                Day::Tomorrow
            };
            let mut view = event_view(e, (when, day), now, zone, input.window, input.screen.time);
            view.countdown = status::countdown(e, now, end_of_today);
            view.can_dial_in = input.screen.dial_in && view.meeting_number.is_some();
            if input.screen.private {
                view.title = say("event.private");
                view.organizer = None;
            }
            view
        })
        // Titles are cut, but a hostile calendar may fill every row with
        // the widest characters; the last rows give way first.
        .take_while(|view| {
            rows_bytes += serde_json::to_vec(view).map_or(usize::MAX / 2, |v| v.len());
            rows_bytes <= ROWS_BUDGET_BYTES
        })
        .collect();
    let style = input.screen.time;
    RoomView {
        room_name: input.room_name.to_string(),
        time_zone: zone.name().to_string(),
        clock: style.time(&local),
        date: style.date(&local),
        status: status::room_status(input.agenda, now, end_of_today, |t| {
            style.time(&t.with_timezone(&zone))
        }),
        events,
        problems: input.problems.to_vec(),
        updated: input
            .refreshed_at
            .map(|t| style.time(&t.with_timezone(&zone))),
        updated_minutes_ago: input
            .refreshed_at
            .map(|t| u32::try_from((now - t).num_minutes().max(0)).unwrap_or(u32::MAX)),
        join_by_id: true,
        booking: None,
    }
}

fn event_view(
    e: &AgendaEvent,
    (when, day): (When, Day),
    now: DateTime<Utc>,
    zone: Tz,
    window: StartWindow,
    style: TimeStyle,
) -> EventView {
    let decision = agenda::start_decision(e, now, window);
    let local = |t: DateTime<Utc>| style.time(&t.with_timezone(&zone));
    let time = match e.all_day {
        true => say("event.all_day"),
        false => format!("{} – {}", local(e.start), local(e.end)),
    };
    let note = match (&decision, &e.link) {
        (StartDecision::Allowed(_), _) => None,
        (StartDecision::NoMeetingLink, _) if e.private => Some(say("note.private")),
        (StartDecision::NoMeetingLink, _) if !e.has_text => Some(say("note.no_text")),
        (StartDecision::NoMeetingLink, _) => Some(say("note.no_link")),
        (StartDecision::NotHostedHere, _) => Some(say("note.other_account")),
        (StartDecision::OrganizerNotVouched, _) => Some(say("note.organizer_not_vouched")),
        (StartDecision::NotZoom(service), _) => {
            Some(say_with("note.join_only", &[("service", service.label())]))
        }
        (StartDecision::NoMeetingId, _) => Some(say("note.personal_link")),
        (StartDecision::TooEarly { opens_at }, _) => {
            Some(say_with("note.start_opens", &[("time", &local(*opens_at))]))
        }
        (StartDecision::Ended, _) => None,
    };
    let (start, end) = bounds(e, zone);
    EventView {
        key: e.key.clone(),
        start,
        end,
        title: match e.private {
            true => say("event.private"),
            false => display_title(&e.title),
        },
        organizer: (!e.private && !e.organizer.is_empty()).then(|| shown_organizer(&e.organizer)),
        can_dial_in: false,
        can_check_in: false,
        countdown: None,
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

/// An event's start and end as the room reads them: RFC 3339 in its zone, or
/// for an all-day event its dates (`YYYY-MM-DD`, the end exclusive as in
/// iCalendar), which no zone may move. Every source places all-day events
/// at the room's midnights, so the dates are read back in the room's zone.
fn bounds(e: &AgendaEvent, zone: Tz) -> (String, String) {
    let stamp = |t: DateTime<Utc>| match e.all_day {
        true => t.with_timezone(&zone).format("%Y-%m-%d").to_string(),
        false => t.with_timezone(&zone).to_rfc3339(),
    };
    (stamp(e.start), stamp(e.end))
}

/// An organiser as the screen shows it: an invite may name anything, so
/// it is cut to what fits a line.
fn shown_organizer(email: &str) -> String {
    cut(email, 60)
}

/// A title as the screen shows it: at most a few lines, however long the invite's.
fn display_title(title: &str) -> String {
    let title = title.trim();
    if title.is_empty() {
        say("event.untitled")
    } else {
        cut(title, 160)
    }
}

/// `text` cut to `most` characters, with an ellipsis where it was cut, and
/// control characters (which only an invite built to bloat the screen
/// carries, each six bytes of JSON) as spaces.
fn cut(text: &str, most: usize) -> String {
    let shown = |t: &str| t.replace(|c: char| c.is_control(), " ");
    match text.char_indices().nth(most) {
        Some((end, _)) => format!("{}…", shown(&text[..end])),
        None => shown(text),
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
    /// Sources that failed on the last refresh, then what a source could not
    /// read (an event, a time zone), each naming its source.
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
    (problems, unreadable): (&[PersonMessage], &[String]),
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
            .map(|e| {
                let (start, end) = bounds(e, zone);
                AgendaEntry {
                    title: e.title.clone(),
                    start,
                    end,
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
                }
            })
            .collect(),
        problems: problems
            .iter()
            .map(|p| p.message.clone())
            .chain(unreadable.iter().cloned())
            .collect(),
    }
}

mod message;
pub use message::{MessageKind, PersonMessage};

#[cfg(test)]
mod tests;
