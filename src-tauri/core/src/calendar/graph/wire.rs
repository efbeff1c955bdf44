//! Graph's `calendarView` and delta pages as they arrive, and their events as ours.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Deserialize;

use crate::calendar::event::{capped, midnight_in, CalendarEvent};

#[derive(Deserialize)]
pub(super) struct Page {
    // Raw: a delta page mixes events with `{"id", "@removed"}` stubs.
    #[serde(default)]
    pub value: Vec<serde_json::Value>,
    #[serde(rename = "@odata.nextLink")]
    pub next_link: Option<String>,
    #[serde(rename = "@odata.deltaLink")]
    pub delta_link: Option<String>,
}

/// One entry of a page.
pub(super) enum Change {
    Event(Box<GraphEvent>),
    Removed(String),
    Unreadable(String),
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct GraphEvent {
    id: String,
    /// The change key `If-Match` names when the room writes the event.
    #[serde(default, rename = "@odata.etag")]
    etag: Option<String>,
    #[serde(default)]
    subject: Option<String>,
    start: GraphTime,
    end: GraphTime,
    #[serde(default)]
    is_all_day: bool,
    #[serde(default)]
    is_cancelled: bool,
    #[serde(default)]
    sensitivity: Option<String>,
    #[serde(default)]
    location: Option<Location>,
    #[serde(default)]
    body: Option<Body>,
    #[serde(default)]
    online_meeting: Option<OnlineMeeting>,
    #[serde(default)]
    organizer: Option<Recipient>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Recipient {
    #[serde(default)]
    email_address: Option<EmailAddress>,
}

#[derive(Deserialize)]
struct EmailAddress {
    #[serde(default)]
    address: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GraphTime {
    date_time: String,
    time_zone: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(default)]
    display_name: Option<String>,
}

#[derive(Deserialize)]
struct Body {
    #[serde(default)]
    content: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OnlineMeeting {
    #[serde(default)]
    join_url: Option<String>,
}

pub(super) fn event(e: GraphEvent, source: &str) -> Result<CalendarEvent, String> {
    let start = utc(&e.start)?;
    let end = utc(&e.end)?;
    if end < start {
        return Err(format!("event {} ends before it starts", e.id));
    }
    let private = e
        .sensitivity
        .as_deref()
        .is_some_and(|s| s == "private" || s == "confidential");
    Ok(CalendarEvent {
        uid: e.id,
        title: capped(e.subject.unwrap_or_default()),
        start,
        end,
        all_day: e.is_all_day,
        cancelled: e.is_cancelled,
        private,
        recurring: false,
        location: capped(e.location.and_then(|l| l.display_name).unwrap_or_default()),
        description: capped(e.body.and_then(|b| b.content).unwrap_or_default()),
        description_html: String::new(),
        url: String::new(),
        organizer: e
            .organizer
            .and_then(|o| o.email_address)
            .and_then(|a| a.address)
            .unwrap_or_default()
            .to_lowercase(),
        conference: e
            .online_meeting
            .and_then(|m| m.join_url)
            .into_iter()
            .collect(),
        source: source.to_string(),
        etag: e.etag.unwrap_or_default(),
    })
}

pub(super) fn change(value: serde_json::Value) -> Change {
    let id = value["id"].as_str().unwrap_or_default().to_string();
    if value.get("@removed").is_some() {
        return Change::Removed(id);
    }
    match serde_json::from_value::<GraphEvent>(value) {
        Ok(e) => Change::Event(Box::new(e)),
        // serde's message could quote a field, and fields may hold passcodes.
        Err(_) => Change::Unreadable(format!(
            "event {id:?} could not be read: a field is missing or of the wrong type"
        )),
    }
}

/// With `Prefer: outlook.timezone="UTC"` Graph sends `2026-11-22T09:00:00.0000000` in UTC.
fn utc(t: &GraphTime) -> Result<DateTime<Utc>, String> {
    if !t.time_zone.eq_ignore_ascii_case("UTC") {
        return Err(format!(
            "time in zone {:?}, though UTC was asked for",
            t.time_zone
        ));
    }
    NaiveDateTime::parse_from_str(&t.date_time, "%Y-%m-%dT%H:%M:%S%.f")
        .map(|n| n.and_utc())
        .map_err(|_| format!("{:?} is not a Graph date-time", t.date_time))
}

/// An all-day event is a date in the room. Graph sends it as midnight to
/// midnight labelled with whatever zone was asked for (UTC here), so those
/// midnights are dates, placed at the room's own midnights; read as instants
/// they would start at 01:00 in Berlin, or the evening before in Los Angeles.
pub(super) fn place_all_day(e: &mut CalendarEvent, zone: chrono_tz::Tz) {
    if !e.all_day {
        return;
    }
    let (first, after_last) = (e.start.date_naive(), e.end.date_naive());
    e.start = midnight_in(zone, first);
    e.end = midnight_in(zone, after_last).max(e.start);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_day(from: &str, to: &str) -> CalendarEvent {
        let json = format!(
            r#"{{"id": "a", "subject": "Offsite", "isAllDay": true,
                "start": {{"dateTime": "{from}T00:00:00.0000000", "timeZone": "UTC"}},
                "end": {{"dateTime": "{to}T00:00:00.0000000", "timeZone": "UTC"}}}}"#
        );
        event(serde_json::from_str(&json).unwrap(), "graph").unwrap()
    }

    #[test]
    fn an_all_day_event_is_its_date_in_the_room() {
        for (zone, start, end) in [
            (
                chrono_tz::Europe::Berlin,
                "2026-11-23T23:00:00Z",
                "2026-11-24T23:00:00Z",
            ),
            (
                chrono_tz::America::Los_Angeles,
                "2026-11-24T08:00:00Z",
                "2026-11-25T08:00:00Z",
            ),
            (
                chrono_tz::Pacific::Auckland,
                "2026-11-23T11:00:00Z",
                "2026-11-24T11:00:00Z",
            ),
        ] {
            let mut e = all_day("2026-11-24", "2026-11-25");
            place_all_day(&mut e, zone);
            assert_eq!(e.start, start.parse::<DateTime<Utc>>().unwrap(), "{zone}");
            assert_eq!(e.end, end.parse::<DateTime<Utc>>().unwrap(), "{zone}");
            assert_eq!(
                e.start.with_timezone(&zone).date_naive().to_string(),
                "2026-11-24"
            );
        }
    }
}
