//! The room's agenda and whether Start is allowed: pure functions of the
//! events, the Zoom account's meetings and `now`.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use crate::calendar::{midnight_in, CalendarEvent};
use crate::links::{self, Field, MeetingLink, Service};
use crate::zoom::MeetingId;

#[derive(Debug, Clone)]
pub struct AgendaEvent {
    /// Stable across refreshes; the only handle the UI gets.
    pub key: String,
    pub title: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub all_day: bool,
    pub source: String,
    pub link: Option<MeetingLink>,
    /// The Zoom account this room's credentials belong to hosts the meeting.
    pub hosted_here: bool,
    pub private: bool,
    /// The organizer's email, lowercased (empty: none named).
    pub organizer: String,
    /// The event's calendar vouches for its organizer (Google and Graph do;
    /// an ICS feed's ORGANIZER is whatever the sender wrote).
    pub organizer_vouched: bool,
    /// Start rests on the organizer being the meeting's host (`host_users =
    /// ["*"]` and a host nobody named), so it needs a vouched organizer.
    pub start_rests_on_organizer: bool,
    /// The invite carried text (description or location) to search for a link.
    pub has_text: bool,
}

/// For tests: a plain timed event, keyed by its title, with no link.
#[cfg(test)]
impl AgendaEvent {
    pub(crate) fn timed(title: &str, start: DateTime<Utc>, end: DateTime<Utc>) -> Self {
        AgendaEvent {
            key: title.into(),
            title: title.into(),
            start,
            end,
            all_day: false,
            source: "room".into(),
            link: None,
            hosted_here: false,
            private: false,
            organizer: String::new(),
            organizer_vouched: false,
            start_rests_on_organizer: false,
            has_text: true,
        }
    }
}

/// How long before its start a meeting may be started, and how long after its end.
#[derive(Debug, Clone, Copy)]
pub struct StartWindow {
    pub before_start: Duration,
    pub after_end: Duration,
}

impl Default for StartWindow {
    fn default() -> Self {
        StartWindow {
            before_start: Duration::minutes(15),
            after_end: Duration::zero(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartDecision {
    /// Start may fetch a `start_url` for this meeting.
    Allowed(MeetingId),
    NoMeetingLink,
    NotZoom(Service),
    /// A personal link or registration page carries no meeting ID to start.
    NoMeetingId,
    NotHostedHere,
    /// `host_users = ["*"]` trusts the organizer, and this calendar cannot vouch for it.
    OrganizerNotVouched,
    TooEarly {
        opens_at: DateTime<Utc>,
    },
    Ended,
}

pub fn start_decision(
    event: &AgendaEvent,
    now: DateTime<Utc>,
    window: StartWindow,
) -> StartDecision {
    let Some(link) = &event.link else {
        return StartDecision::NoMeetingLink;
    };
    if link.service != Service::Zoom {
        return StartDecision::NotZoom(link.service);
    }
    let Some(id) = link.zoom_id else {
        return StartDecision::NoMeetingId;
    };
    if !event.hosted_here {
        return StartDecision::NotHostedHere;
    }
    if event.start_rests_on_organizer && !event.organizer_vouched {
        return StartDecision::OrganizerNotVouched;
    }
    let opens_at = event.start - window.before_start;
    if now < opens_at {
        return StartDecision::TooEarly { opens_at };
    }
    if now >= event.end + window.after_end {
        return StartDecision::Ended;
    }
    StartDecision::Allowed(id)
}

/// Join is offered on every meeting with a link until it ends: an attendee
/// may join early, and joining reveals nothing the invite did not.
pub fn join_allowed(event: &AgendaEvent, now: DateTime<Utc>, window: StartWindow) -> bool {
    event.link.is_some() && now < event.end + window.after_end
}

/// Today in the room's time zone, as a UTC range.
pub fn today(now: DateTime<Utc>, zone: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
    let date = now.with_timezone(&zone).date_naive();
    (
        midnight_in(zone, date),
        midnight_in(zone, date.succ_opt().unwrap_or(date)),
    )
}

/// Today and tomorrow in the room's time zone, as a UTC range: what the room
/// screen shows, so the next meeting is there even late at night. Tomorrow ends
/// at its own midnight, which a DST change moves.
pub fn today_and_tomorrow(now: DateTime<Utc>, zone: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
    let (start, end_of_today) = today(now, zone);
    (start, today(end_of_today, zone).1)
}

/// Events overlapping `[from, to)`, without cancelled ones, ordered, each with
/// its meeting link found and matched against the account's meetings.
pub fn build(
    events: &[CalendarEvent],
    hosted: &HashSet<MeetingId>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<AgendaEvent> {
    let mut links = LinkFinder::default();
    let mut agenda: Vec<AgendaEvent> = events
        .iter()
        .filter(|e| {
            !e.cancelled && e.start < to && (e.end > from || (e.end == e.start && e.start >= from))
        })
        .map(|e| {
            let link = links.find(e);
            let hosted_here = link
                .as_ref()
                .and_then(|l| l.zoom_id)
                .is_some_and(|id| hosted.contains(&id));
            AgendaEvent {
                key: event_key(&e.source, &e.uid, e.start),
                title: e.title.clone(),
                start: e.start,
                end: e.end,
                all_day: e.all_day,
                source: e.source.clone(),
                link,
                hosted_here,
                private: e.private,
                organizer: e.organizer.clone(),
                organizer_vouched: false,
                start_rests_on_organizer: false,
                has_text: [&e.description, &e.description_html, &e.location, &e.url]
                    .iter()
                    .any(|t| !t.trim().is_empty())
                    || !e.conference.is_empty(),
            }
        })
        .collect();
    agenda.sort_by(|a, b| (a.start, a.end, &a.title).cmp(&(b.start, b.end, &b.title)));
    agenda.dedup_by(|a, b| a.key == b.key);
    let mut kept: Vec<AgendaEvent> = Vec::with_capacity(agenda.len());
    for event in agenda {
        if !kept.iter().any(|k| same_meeting(k, &event)) {
            kept.push(event);
        }
    }
    kept
}

/// An instance's key: 32 hex digits of a SHA-256 of its source, UID and
/// start. Stable across refreshes; short whatever the invite's UID (which
/// may be 32 KiB); and not something an invite can make collide with another's.
pub(crate) fn event_key(source: &str, uid: &str, start: DateTime<Utc>) -> String {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    for part in [
        source.as_bytes(),
        uid.as_bytes(),
        &start.timestamp().to_be_bytes(),
    ] {
        hash.update((part.len() as u64).to_be_bytes());
        hash.update(part);
    }
    hash.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The account's meetings that no calendar event carries, as events of the
/// source `zoom`, for rooms configured to show them.
pub fn unlisted_zoom_meetings(
    meetings: &[crate::zoom::MeetingSummary],
    calendar: &[CalendarEvent],
) -> Vec<CalendarEvent> {
    let mut links = LinkFinder::default();
    let listed: HashSet<MeetingId> = calendar
        .iter()
        .filter_map(|e| links.find(e)?.zoom_id)
        .collect();
    meetings
        .iter()
        .filter(|m| !listed.contains(&m.id))
        .filter_map(|m| {
            let start = m.start_time?;
            Some(CalendarEvent {
                uid: format!("zoom-{}", m.id),
                title: m.topic.clone(),
                start,
                end: start + Duration::minutes(m.duration.unwrap_or(60).into()),
                all_day: false,
                cancelled: false,
                private: false,
                recurring: false,
                location: String::new(),
                description: String::new(),
                description_html: String::new(),
                url: String::new(),
                organizer: String::new(),
                conference: vec![m.join_url.as_ref().map_or_else(
                    || format!("https://zoom.us/j/{}", m.id),
                    |u| u.expose().to_string(),
                )],
                source: "zoom".into(),
                etag: String::new(),
            })
        })
        .collect()
}

/// The same meeting on two sources (a room on both ICS and Graph) shows once:
/// same start and end, and the same Zoom meeting or the same title.
fn same_meeting(a: &AgendaEvent, b: &AgendaEvent) -> bool {
    let zoom = |e: &AgendaEvent| e.link.as_ref().and_then(|l| l.zoom_id);
    a.source != b.source
        && a.start == b.start
        && a.end == b.end
        && match (zoom(a), zoom(b)) {
            (Some(x), Some(y)) => x == y,
            _ => a.title.trim().eq_ignore_ascii_case(b.title.trim()),
        }
}

/// The Zoom meeting IDs of the events in `window`, soonest first, each once.
pub fn zoom_meetings_on<'a>(
    events: impl Iterator<Item = &'a CalendarEvent>,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
) -> Vec<MeetingId> {
    let mut links = LinkFinder::default();
    let mut found: Vec<(DateTime<Utc>, MeetingId)> = events
        .filter(|e| !e.cancelled && e.start < to && e.end >= from)
        .filter_map(|e| Some((e.start, links.find(e)?.zoom_id?)))
        .collect();
    found.sort();
    let mut seen = HashSet::new();
    found
        .into_iter()
        .map(|(_, id)| id)
        .filter(|id| seen.insert(*id))
        .collect()
}

/// Finds each event's meeting link, scanning the text of a series once: its
/// instances carry the same fields, so they are told apart by a hash of them.
#[derive(Default)]
struct LinkFinder(std::collections::HashMap<u64, Option<MeetingLink>>);

impl LinkFinder {
    fn find(&mut self, e: &CalendarEvent) -> Option<MeetingLink> {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (&e.source, &e.uid, &e.url, &e.location).hash(&mut hasher);
        (&e.description, &e.description_html, &e.conference).hash(&mut hasher);
        self.0
            .entry(hasher.finish())
            .or_insert_with(|| find_link(e))
            .clone()
    }
}

fn find_link(e: &CalendarEvent) -> Option<MeetingLink> {
    let mut fields: Vec<(Field, &str)> = e
        .conference
        .iter()
        .map(|c| (Field::Conference, c.as_str()))
        .collect();
    fields.extend([
        (Field::Url, e.url.as_str()),
        (Field::Location, e.location.as_str()),
        (Field::Description, e.description.as_str()),
        (Field::DescriptionHtml, e.description_html.as_str()),
    ]);
    links::find_meeting(&fields)
}

#[cfg(test)]
mod tests;
