use super::*;
use chrono::{DateTime, Utc};
use chrono_tz::UTC;

fn wide() -> (DateTime<Utc>, DateTime<Utc>) {
    (
        "1990-01-01T00:00:00Z".parse().unwrap(),
        "2040-01-01T00:00:00Z".parse().unwrap(),
    )
}

const ROOM: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-WR-TIMEZONE:Europe/Berlin\r\n\
BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Product sync\\, weekly\r\nDTSTART:20261122T090000Z\r\n\
DTEND:20261122T100000Z\r\nLOCATION:https://zoom.us/j/85746352410\r\n\
BEGIN:VALARM\r\nDESCRIPTION:not the event's\r\nEND:VALARM\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:b\r\nSUMMARY:Floating\r\nDTSTART:20261122T140000\r\nDURATION:PT30M\r\n\
STATUS:CANCELLED\r\nCLASS:PRIVATE\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:c\r\nSUMMARY:Offsite\r\nDTSTART;VALUE=DATE:20261123\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:d\r\nSUMMARY:Broken\r\nDTSTART:yesterday\r\nEND:VEVENT\r\n\
END:VCALENDAR\r\n";

#[test]
fn reads_events_and_skips_only_the_broken_one() {
    let parsed = parse_calendar(ROOM, UTC, "room", wide()).unwrap();
    let titles: Vec<&str> = parsed.events.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(titles, ["Product sync, weekly", "Floating", "Offsite"]);
    assert_eq!(parsed.warnings.len(), 1);
    assert!(
        parsed.warnings[0].contains("line 27"),
        "{:?}",
        parsed.warnings
    );

    let sync = &parsed.events[0];
    assert_eq!(
        sync.description, "",
        "a VALARM's description is not the event's"
    );
    assert_eq!(sync.location, "https://zoom.us/j/85746352410");

    let floating = &parsed.events[1];
    assert_eq!(
        floating.start.to_rfc3339(),
        "2026-11-22T13:00:00+00:00",
        "X-WR-TIMEZONE places floating times"
    );
    assert_eq!((floating.end - floating.start).num_minutes(), 30);
    assert!(floating.cancelled && floating.private);

    let offsite = &parsed.events[2];
    assert!(offsite.all_day);
    assert_eq!((offsite.end - offsite.start).num_hours(), 24);
}

#[test]
fn refuses_what_is_not_a_calendar() {
    assert!(matches!(
        parse_calendar("<html>login</html>", UTC, "x", wide()),
        Err(Error::NotACalendar)
    ));
    assert!(matches!(
        parse_calendar("", UTC, "x", wide()),
        Err(Error::NotACalendar)
    ));
}

#[test]
fn reads_the_shared_reference_calendars_without_panicking() {
    let root =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/reference/ics");
    let mut files = 0;
    for dir in std::fs::read_dir(&root).expect("shared/reference/ics beside the repo") {
        for entry in walk(&dir.unwrap().path()) {
            let bytes = std::fs::read(&entry).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            let _ = parse_calendar(&text, UTC, "corpus", wide());
            files += 1;
        }
    }
    assert!(
        files > 20,
        "expected the reference corpus, read {files} files"
    );
}

fn walk(path: &std::path::Path) -> Vec<std::path::PathBuf> {
    if path.is_file() {
        return if path.extension().is_some_and(|e| e == "ics") {
            vec![path.to_path_buf()]
        } else {
            vec![]
        };
    }
    std::fs::read_dir(path).map_or(vec![], |d| {
        d.flat_map(|e| walk(&e.unwrap().path())).collect()
    })
}

fn reference(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/reference/ics/recurring-ical-events")
        .join(name);
    std::fs::read_to_string(path).expect("the shared reference calendars")
}

fn instances(text: &str, from: &str, to: &str) -> Vec<(String, String)> {
    let window = (from.parse().unwrap(), to.parse().unwrap());
    let parsed = parse_calendar(text, UTC, "t", window).unwrap();
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    let mut out: Vec<(String, String)> = parsed
        .events
        .iter()
        .filter(|e| !e.cancelled && e.start < window.1 && e.end > window.0)
        .map(|e| (e.start.format("%m-%d %H:%M").to_string(), e.title.clone()))
        .collect();
    out.sort();
    out
}

fn starts(list: &[(String, String)]) -> Vec<&str> {
    list.iter().map(|(s, _)| s.as_str()).collect()
}

fn python_icalendar(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/reference/ics/python-icalendar")
        .join(name);
    let text = std::fs::read_to_string(path).expect("the shared reference calendars");
    // Its events/ files are bare VEVENTs, as a calendar would hold them.
    match text.contains("BEGIN:VCALENDAR") {
        true => text,
        false => format!("BEGIN:VCALENDAR\r\n{text}END:VCALENDAR\r\n"),
    }
}

/// Start instants in UTC, to the second, of every event in the window.
fn utc_starts(text: &str, from: &str, to: &str) -> Vec<String> {
    utc_starts_where(text, from, to, |_| true)
}

/// `utc_starts` of the events called `title`.
fn utc_starts_of(text: &str, from: &str, to: &str, title: &str) -> Vec<String> {
    utc_starts_where(text, from, to, |e| e.title == title)
}

fn utc_starts_where(
    text: &str,
    from: &str,
    to: &str,
    keep: impl Fn(&CalendarEvent) -> bool,
) -> Vec<String> {
    let window = (from.parse().unwrap(), to.parse().unwrap());
    let parsed = parse_calendar(text, UTC, "t", window).unwrap();
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    let mut out: Vec<String> = parsed
        .events
        .iter()
        .filter(|e| keep(e))
        .map(|e| e.start.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .collect();
    out.sort();
    out
}

mod identity;
mod producers;
mod reference_calendars;

#[test]
fn events_without_a_uid_are_each_their_own() {
    let text = "BEGIN:VCALENDAR\r\n\
BEGIN:VEVENT\r\nSUMMARY:One\r\nDTSTART:20261122T090000Z\r\nDTEND:20261122T100000Z\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nSUMMARY:Two\r\nDTSTART:20261122T090000Z\r\nDTEND:20261122T100000Z\r\nEND:VEVENT\r\n\
END:VCALENDAR\r\n";
    let parsed = parse_calendar(text, UTC, "room", wide()).unwrap();
    let uids: Vec<&str> = parsed.events.iter().map(|e| e.uid.as_str()).collect();
    assert_eq!(parsed.events.len(), 2);
    assert_ne!(uids[0], uids[1]);
    // And both reach the agenda: the two share a start but not a key.
    let agenda = crate::room::agenda::build(
        &parsed.events,
        &Default::default(),
        "2026-11-22T00:00:00Z".parse().unwrap(),
        "2026-11-23T00:00:00Z".parse().unwrap(),
    );
    assert_eq!(agenda.len(), 2);
}
