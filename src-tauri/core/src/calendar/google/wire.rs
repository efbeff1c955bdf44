//! Calendar API v3 `events.list` as Google sends it, and its events as ours.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::Deserialize;

use crate::calendar::event::{capped, CalendarEvent};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Events {
    #[serde(default)]
    pub items: Vec<Event>,
    pub next_page_token: Option<String>,
    pub next_sync_token: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Event {
    pub id: String,
    /// The version `If-Match` names when the room writes the event.
    #[serde(default)]
    pub etag: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    location: Option<String>,
    #[serde(default)]
    visibility: Option<String>,
    // A deleted event in a sync listing is only its id and status.
    #[serde(default)]
    start: Option<When>,
    #[serde(default)]
    end: Option<When>,
    #[serde(default)]
    hangout_link: Option<String>,
    #[serde(default)]
    conference_data: Option<ConferenceData>,
    #[serde(default)]
    attendees: Vec<Attendee>,
    #[serde(default)]
    organizer: Option<Person>,
}

#[derive(Deserialize)]
struct Person {
    #[serde(default)]
    email: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct When {
    date_time: Option<DateTime<chrono::FixedOffset>>,
    date: Option<NaiveDate>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ConferenceData {
    #[serde(default)]
    entry_points: Vec<EntryPoint>,
    #[serde(default)]
    conference_id: Option<String>,
    #[serde(default)]
    conference_solution: Option<ConferenceSolution>,
}

#[derive(Deserialize)]
struct ConferenceSolution {
    #[serde(default)]
    name: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct EntryPoint {
    entry_point_type: String,
    #[serde(default)]
    uri: Option<String>,
}

#[derive(Deserialize)]
struct Attendee {
    #[serde(default, rename = "self")]
    is_self: bool,
    #[serde(default, rename = "responseStatus")]
    response_status: Option<String>,
}

pub(super) fn event(e: Event, zone: Tz, source: &str) -> Result<CalendarEvent, String> {
    let (start, all_day) = e
        .start
        .as_ref()
        .and_then(|w| when(w, zone))
        .ok_or_else(|| format!("event {} has no start", e.id))?;
    let (end, _) = e
        .end
        .as_ref()
        .and_then(|w| when(w, zone))
        .ok_or_else(|| format!("event {} has no end", e.id))?;
    let declined_by_room = e
        .attendees
        .iter()
        .any(|a| a.is_self && a.response_status.as_deref() == Some("declined"));
    let mut conference = e.conference_data.map(conference_links).unwrap_or_default();
    conference.extend(e.hangout_link);
    Ok(CalendarEvent {
        uid: e.id,
        title: capped(e.summary.unwrap_or_default()),
        start,
        end: end.max(start),
        all_day,
        cancelled: e.status.as_deref() == Some("cancelled") || declined_by_room,
        private: matches!(e.visibility.as_deref(), Some("private" | "confidential")),
        recurring: false,
        location: capped(e.location.unwrap_or_default()),
        description: String::new(),
        // Google's descriptions are HTML.
        description_html: capped(e.description.unwrap_or_default()),
        url: String::new(),
        organizer: e
            .organizer
            .and_then(|o| o.email)
            .unwrap_or_default()
            .to_lowercase(),
        conference,
        source: source.to_string(),
        etag: e.etag.unwrap_or_default(),
    })
}
/// The video entry points' links. The Zoom add-on's `conferenceId` is the
/// meeting ID: when no video entry point came with it, that ID alone is
/// enough for Start (Join then opens without the passcode).
fn conference_links(c: ConferenceData) -> Vec<String> {
    let zoom_add_on = c
        .conference_solution
        .and_then(|s| s.name)
        .is_some_and(|name| name.starts_with("Zoom"));
    let mut links: Vec<String> = c
        .entry_points
        .into_iter()
        .filter(|p| p.entry_point_type == "video")
        .filter_map(|p| p.uri)
        .collect();
    if links.is_empty() && zoom_add_on {
        let id = c
            .conference_id
            .filter(|id| id.parse::<crate::zoom::MeetingId>().is_ok());
        links.extend(id.map(|id| format!("https://zoom.us/j/{id}")));
    }
    links
}

/// `dateTime` with its offset, or an all-day `date` at midnight in the room's zone.
fn when(w: &When, zone: Tz) -> Option<(DateTime<Utc>, bool)> {
    if let Some(t) = w.date_time {
        return Some((t.with_timezone(&Utc), false));
    }
    // The date in the room, as every source places all-day events.
    Some((crate::calendar::event::midnight_in(zone, w.date?), true))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(json: &str) -> Vec<String> {
        conference_links(serde_json::from_str(json).unwrap())
    }

    #[test]
    fn the_zoom_add_on_gives_its_video_link_or_at_least_its_meeting_id() {
        assert_eq!(
            links(
                r#"{"entryPoints": [{"entryPointType": "phone", "uri": "tel:+1346"}, {"entryPointType": "video", "uri": "https://acme.zoom.us/j/85746352410?pwd=x"}], "conferenceId": "85746352410", "conferenceSolution": {"name": "Zoom Meeting"}}"#
            ),
            ["https://acme.zoom.us/j/85746352410?pwd=x"]
        );
        assert_eq!(
            links(
                r#"{"entryPoints": [{"entryPointType": "phone", "uri": "tel:+1346"}], "conferenceId": "85746352410", "conferenceSolution": {"name": "Zoom Meeting"}}"#
            ),
            ["https://zoom.us/j/85746352410"]
        );
        assert!(
            links(
                r#"{"conferenceId": "abc-defg-hij", "conferenceSolution": {"name": "Google Meet"}}"#
            )
            .is_empty(),
            "a Meet code is not a Zoom ID"
        );
        assert!(
            links(r#"{"conferenceId": "12", "conferenceSolution": {"name": "Zoom Meeting"}}"#)
                .is_empty()
        );
    }
}
