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

#[test]
fn weekly_in_berlin_with_two_utc_exdates() {
    // Sabre/Nextcloud export: COUNT=8, two EXDATEs written in UTC.
    let got = instances(
        &reference("each_week_but_two_deleted.ics"),
        "2019-03-01T00:00:00Z",
        "2019-05-01T00:00:00Z",
    );
    assert_eq!(
        starts(&got),
        // 00:30 Berlin: 23:30 UTC the day before in winter, 22:30 after 31 March.
        [
            "03-03 23:30",
            "03-17 23:30",
            "03-31 22:30",
            "04-07 22:30",
            "04-14 22:30",
            "04-21 22:30"
        ]
    );
}

#[test]
fn range_thisandfuture_moves_every_later_instance() {
    let got = instances(
        &reference("issue_75_range_parameter.ics"),
        "2024-09-01T00:00:00Z",
        "2024-10-01T00:00:00Z",
    );
    let expected = [
        ("09-01 12:00", "ORIGINAL EVENT"),
        ("09-03 12:00", "ORIGINAL EVENT"),
        ("09-05 12:00", "ORIGINAL EVENT"),
        ("09-07 12:00", "ORIGINAL EVENT"),
        ("09-09 12:00", "ORIGINAL EVENT"),
        ("09-11 12:00", "ORIGINAL EVENT"),
        ("09-13 09:00", "MODIFIED EVENT"),
        // The RDATE at 09-14 09:00 follows the 09-13 THISANDFUTURE move of -3 h.
        ("09-14 06:00", "MODIFIED EVENT"),
        ("09-15 17:00", "MODIFIED EVENT"),
        ("09-17 09:00", "MODIFIED EVENT"),
        ("09-19 09:00", "MODIFIED EVENT"),
        ("09-22 14:22", "EDITED EVENT"),
        ("09-24 14:22", "EDITED EVENT"),
        ("09-26 14:22", "EDITED EVENT"),
        ("09-28 14:22", "EDITED EVENT"),
        ("09-30 14:22", "EDITED EVENT"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(got, expected);
}

/// Written the way Outlook/Exchange exports: Windows zone names, UNTIL in
/// local time, an EXDATE with its own TZID, a moved and a cancelled instance.
const OUTLOOK: &str = "BEGIN:VCALENDAR\r\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r\nVERSION:2.0\r\n\
BEGIN:VEVENT\r\nUID:040000008200E00074C5B7101A82E008\r\nSUMMARY:Team sync\r\n\
DTSTART;TZID=W. Europe Standard Time:20261102T093000\r\nDTEND;TZID=W. Europe Standard Time:20261102T100000\r\n\
RRULE:FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20261125T093000\r\n\
EXDATE;TZID=W. Europe Standard Time:20261111T093000\r\n\
LOCATION:https://acme.zoom.us/j/85746352410?pwd=abc\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:040000008200E00074C5B7101A82E008\r\nRECURRENCE-ID;TZID=W. Europe Standard Time:20261116T093000\r\n\
SUMMARY:Team sync (moved)\r\nDTSTART;TZID=W. Europe Standard Time:20261116T140000\r\nDTEND;TZID=W. Europe Standard Time:20261116T143000\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:040000008200E00074C5B7101A82E008\r\nRECURRENCE-ID;TZID=W. Europe Standard Time:20261118T093000\r\n\
SUMMARY:Team sync\r\nSTATUS:CANCELLED\r\nDTSTART;TZID=W. Europe Standard Time:20261118T093000\r\nDTEND;TZID=W. Europe Standard Time:20261118T100000\r\nEND:VEVENT\r\n\
END:VCALENDAR\r\n";

#[test]
fn outlook_windows_zones_local_until_exdate_moved_and_cancelled() {
    let got = instances(OUTLOOK, "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z");
    assert_eq!(
        got.iter()
            .map(|(s, t)| format!("{s} {t}"))
            .collect::<Vec<_>>(),
        [
            "11-02 08:30 Team sync",
            "11-04 08:30 Team sync",
            "11-09 08:30 Team sync",
            // 11-11 is an EXDATE
            "11-16 13:00 Team sync (moved)",
            // 11-18 is cancelled
            "11-23 08:30 Team sync",
            "11-25 08:30 Team sync",
        ]
    );
}

/// Google exports all-day events as DATE values and floating times with X-WR-TIMEZONE.
const GOOGLE: &str = "BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nVERSION:2.0\r\n\
X-WR-TIMEZONE:America/New_York\r\n\
BEGIN:VEVENT\r\nUID:allday@google.com\r\nDTSTART;VALUE=DATE:20261107\r\nDTEND;VALUE=DATE:20261108\r\n\
RRULE:FREQ=DAILY;COUNT=3\r\nSUMMARY:Offsite\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:standup@google.com\r\nDTSTART:20261030T090000\r\nDTEND:20261030T091500\r\n\
RRULE:FREQ=WEEKLY;BYDAY=FR\r\nSUMMARY:Standup\r\nEND:VEVENT\r\n\
END:VCALENDAR\r\n";

#[test]
fn google_all_day_and_floating_across_dst() {
    let got = instances(GOOGLE, "2026-10-29T00:00:00Z", "2026-11-10T00:00:00Z");
    assert_eq!(
        got.iter()
            .map(|(s, t)| format!("{s} {t}"))
            .collect::<Vec<_>>(),
        [
            // 09:00 in New York: EDT before 1 November, EST after.
            "10-30 13:00 Standup",
            "11-06 14:00 Standup",
            // Local midnight in New York, across the DST change.
            "11-07 05:00 Offsite",
            "11-08 05:00 Offsite",
            "11-09 05:00 Offsite",
        ]
    );
}

/// Written the way Apple Calendar (iCloud) exports: its own VTIMEZONE, a
/// monthly rule by weekday, an EXDATE, and an all-day event on a DST weekend.
const APPLE: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Apple Inc.//macOS 15.1//EN\r\nCALSCALE:GREGORIAN\r\n\
BEGIN:VTIMEZONE\r\nTZID:America/Los_Angeles\r\nBEGIN:DAYLIGHT\r\nTZOFFSETFROM:-0800\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\n\
DTSTART:20070311T020000\r\nTZNAME:PDT\r\nTZOFFSETTO:-0700\r\nEND:DAYLIGHT\r\nBEGIN:STANDARD\r\nTZOFFSETFROM:-0700\r\n\
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\nDTSTART:20071104T020000\r\nTZNAME:PST\r\nTZOFFSETTO:-0800\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n\
BEGIN:VEVENT\r\nUID:9A4C2D1E-APPLE\r\nDTSTART;TZID=America/Los_Angeles:20260908T160000\r\nDTEND;TZID=America/Los_Angeles:20260908T170000\r\n\
RRULE:FREQ=MONTHLY;BYDAY=2TU\r\nEXDATE;TZID=America/Los_Angeles:20261013T160000\r\nSUMMARY:Board update\r\n\
X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC\r\nURL;VALUE=URI:https://acme.zoom.us/j/85746352410?pwd=apple\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:1B2C-APPLE-ALLDAY\r\nDTSTART;VALUE=DATE:20261031\r\nDTEND;VALUE=DATE:20261102\r\nSUMMARY:Hackathon\r\nEND:VEVENT\r\n\
END:VCALENDAR\r\n";

#[test]
fn apple_monthly_by_weekday_with_exdate_and_a_multi_day_all_day_event() {
    let got = instances(APPLE, "2026-09-01T00:00:00Z", "2027-01-01T00:00:00Z");
    assert_eq!(
        got.iter()
            .map(|(s, t)| format!("{s} {t}"))
            .collect::<Vec<_>>(),
        [
            // Second Tuesdays, 16:00 in Los Angeles: PDT (UTC-7) until 1 November,
            // then PST (UTC-8), which is midnight UTC the next day.
            "09-08 23:00 Board update",
            // 10-13 is an EXDATE
            "10-31 00:00 Hackathon",
            "11-11 00:00 Board update",
            "12-09 00:00 Board update",
        ]
    );
    let parsed = parse_calendar(APPLE, UTC, "t", wide()).unwrap();
    let board = parsed
        .events
        .iter()
        .find(|e| e.title == "Board update")
        .unwrap();
    assert_eq!(board.url, "https://acme.zoom.us/j/85746352410?pwd=apple");
    let hack = parsed
        .events
        .iter()
        .find(|e| e.title == "Hackathon")
        .unwrap();
    assert!(hack.all_day);
    assert_eq!((hack.end - hack.start).num_hours(), 48);
}

/// Written the way Nextcloud (sabre/vobject) exports a subscription: its
/// VTIMEZONE with X-LIC-LOCATION, UNTIL in UTC, an EXDATE, a moved instance,
/// escaped commas, and lines folded at 75 octets through the Zoom link.
const NEXTCLOUD: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nCALSCALE:GREGORIAN\r\n\
PRODID:-//Sabre//Sabre VObject 4.5.4//EN\r\nX-WR-CALNAME:Aurora (4th floor)\r\nREFRESH-INTERVAL;VALUE=DURATION:PT4H\r\n\
BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nX-LIC-LOCATION:Europe/Berlin\r\nBEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\n\
TZOFFSETTO:+0200\r\nTZNAME:CEST\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n\
BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nDTSTART:19701025T030000\r\n\
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n\
BEGIN:VEVENT\r\nCREATED:20261001T120000Z\r\nDTSTAMP:20261001T120000Z\r\nLAST-MODIFIED:20261101T080000Z\r\nSEQUENCE:2\r\n\
UID:4f2b7c1e-9d3a-4e55-b6a0-nextcloud\r\nDTSTART;TZID=Europe/Berlin:20261102T100000\r\nDTEND;TZID=Europe/Berlin:20261102T104500\r\n\
STATUS:CONFIRMED\r\nSUMMARY:Sprint sync\\, backend\r\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20261130T225959Z\r\n\
EXDATE;TZID=Europe/Berlin:20261111T100000\r\nDESCRIPTION:Join Zoom Meeting\\nhttps://us06web.zoom.us/j/85746352410?pwd\r\n \
=b3JkZXJzLXN5bmMtZGVtby0x\\n\\nMeeting ID: 857 4635 2410\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:4f2b7c1e-9d3a-4e55-b6a0-nextcloud\r\nRECURRENCE-ID;TZID=Europe/Berlin:20261118T100000\r\n\
DTSTART;TZID=Europe/Berlin:20261118T140000\r\nDTEND;TZID=Europe/Berlin:20261118T144500\r\nSUMMARY:Sprint sync (moved)\r\n\
SEQUENCE:3\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

#[test]
fn nextcloud_weekly_with_utc_until_exdate_moved_instance_and_a_folded_link() {
    let got = instances(NEXTCLOUD, "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z");
    assert_eq!(
        got.iter()
            .map(|(s, t)| format!("{s} {t}"))
            .collect::<Vec<_>>(),
        [
            // 10:00 in Berlin is 09:00 UTC in November.
            "11-02 09:00 Sprint sync, backend",
            "11-04 09:00 Sprint sync, backend",
            "11-09 09:00 Sprint sync, backend",
            // 11-11 is an EXDATE
            "11-16 09:00 Sprint sync, backend",
            "11-18 13:00 Sprint sync (moved)",
            "11-23 09:00 Sprint sync, backend",
            "11-25 09:00 Sprint sync, backend",
            // UNTIL 22:59:59 UTC on the 30th: the last Monday is kept.
            "11-30 09:00 Sprint sync, backend",
        ]
    );
    let parsed = parse_calendar(NEXTCLOUD, UTC, "t", wide()).unwrap();
    let link = crate::links::find_meeting(&[(
        crate::links::Field::Description,
        &parsed.events[0].description,
    )])
    .unwrap();
    assert_eq!(
        link.join_url.expose(),
        "https://us06web.zoom.us/j/85746352410?pwd=b3JkZXJzLXN5bmMtZGVtby0x"
    );
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
    let window = (from.parse().unwrap(), to.parse().unwrap());
    let parsed = parse_calendar(text, UTC, "t", window).unwrap();
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    let mut out: Vec<String> = parsed
        .events
        .iter()
        .map(|e| e.start.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .collect();
    out.sort();
    out
}

#[test]
fn a_custom_tzid_is_read_through_its_vtimezone() {
    // custom_America/New_York: a full history of US rules, from 1967 on.
    let starts = utc_starts(
        &python_icalendar("calendars/america_new_york.ics"),
        "2014-08-01T00:00:00Z",
        "2014-09-01T00:00:00Z",
    );
    assert_eq!(starts, ["2014-08-29T12:00:00Z"], "08:00 EDT");
}

#[test]
fn a_transition_that_repeats_two_hours_takes_the_first() {
    // MyTimezone goes from +12 to +10 at 08:00 on 5 May 2024.
    let starts = utc_starts(
        &python_icalendar("calendars/issue_722_timezone_transition_ambiguity.ics"),
        "2024-01-01T00:00:00Z",
        "2025-01-01T00:00:00Z",
    );
    assert_eq!(
        starts,
        [
            "2024-03-02T20:00:00Z", // 08:00 at +12 (winter)
            "2024-05-04T19:00:01Z", // 07:00:01 happens twice: the first, at +12
            "2024-05-04T22:00:01Z", // 08:00:01 exists only at +10
            "2024-08-02T22:00:00Z", // 08:00 at +10 (summer)
        ]
    );
}

#[test]
fn exchange_names_its_zone_by_offsets_and_spaces_its_weekdays() {
    // "GMT +0100 (Standard) / GMT +0200 (Daylight)" with rules from 1601, and
    // BYDAY=MO, TU, WE, TH, FR as Exchange's CDO wrote it.
    let starts = utc_starts(
        &python_icalendar("calendars/issue_165_missing_event.ics"),
        "2015-07-01T00:00:00Z",
        "2015-08-01T00:00:00Z",
    );
    let days: Vec<&str> = starts.iter().map(|s| &s[8..10]).collect();
    assert_eq!(
        days,
        ["03", "06", "07", "08", "09", "10", "13", "14", "15", "16", "17", "20", "21", "22"],
        "weekdays until UNTIL (22 July, 08:00Z)"
    );
    assert!(
        starts.iter().all(|s| s.ends_with("T08:00:00Z")),
        "10:00 CEST: {starts:?}"
    );
}

/// `utc_starts` of the events called `title`.
fn utc_starts_of(text: &str, from: &str, to: &str, title: &str) -> Vec<String> {
    let window = (from.parse().unwrap(), to.parse().unwrap());
    let parsed = parse_calendar(text, UTC, "t", window).unwrap();
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    let mut out: Vec<String> = parsed
        .events
        .iter()
        .filter(|e| e.title == title)
        .map(|e| e.start.format("%Y-%m-%dT%H:%MZ").to_string())
        .collect();
    out.sort();
    out
}

#[test]
fn python_icalendar_recurrences_instance_by_instance() {
    // Tuesdays in Vienna, five EXDATEs on separate lines, UNTIL inclusive.
    assert_eq!(
        utc_starts(
            &python_icalendar("events/event_with_recurrence_exdates_on_different_lines.ics"),
            "2012-01-01T00:00:00Z",
            "2013-01-01T00:00:00Z",
        ),
        [
            "2012-03-27T08:00:00Z",
            "2012-04-24T08:00:00Z",
            "2012-05-08T08:00:00Z",
            "2012-05-15T08:00:00Z",
            "2012-05-22T08:00:00Z",
            "2012-06-05T08:00:00Z",
            "2012-06-12T08:00:00Z",
            "2012-06-19T08:00:00Z",
            "2012-06-26T08:00:00Z",
            "2012-07-03T08:00:00Z",
        ]
    );
    // Google export: Fridays and Saturdays at noon in New York, two EXDATEs,
    // UNTIL at 23:59:59 local written in UTC.
    let starts = utc_starts(
        &python_icalendar("events/issue_112_missing_tzinfo_on_exdate.ics"),
        "2013-01-01T00:00:00Z",
        "2014-01-01T00:00:00Z",
    );
    let days: Vec<&str> = starts.iter().map(|s| &s[5..10]).collect();
    assert_eq!(
        days,
        [
            "09-07", "09-13", "09-14", "09-20", "09-21", "09-27", "09-28", "10-04", "10-05",
            "10-18", "10-19"
        ]
    );
    assert!(
        starts.iter().all(|s| s.ends_with("T16:00:00Z")),
        "{starts:?}"
    );
    // RDATE as a PERIOD counts by its start.
    assert_eq!(
        utc_starts(
            &python_icalendar("events/issue_156_RDATE_with_PERIOD.ics"),
            "1996-12-01T00:00:00Z",
            "1997-02-01T00:00:00Z",
        ),
        ["1996-12-30T02:00:00Z", "1997-01-01T18:00:00Z"]
    );
}

#[test]
fn weekly_series_keep_their_local_time_across_the_dst_change() {
    let text = reference("daylight_saving_time.ics");
    // Europe/Berlin moved to summer time on 31 March 2019.
    assert_eq!(
        utc_starts_of(
            &text,
            "2019-03-25T00:00:00Z",
            "2019-04-12T00:00:00Z",
            "Montessori Schulklasse"
        ),
        [
            "2019-03-28T07:30Z",
            "2019-03-29T07:30Z",
            "2019-04-04T06:30Z",
            "2019-04-05T06:30Z",
            "2019-04-11T06:30Z",
        ]
    );
    // COUNT=6 on Mondays to Wednesdays.
    assert_eq!(
        utc_starts_of(
            &text,
            "2019-03-01T00:00:00Z",
            "2019-04-01T00:00:00Z",
            "Open Health HACKademy - freie Termine"
        ),
        [
            "2019-03-04T13:00Z",
            "2019-03-05T13:00Z",
            "2019-03-06T13:00Z",
            "2019-03-11T13:00Z",
            "2019-03-12T13:00Z",
            "2019-03-13T13:00Z",
        ]
    );
}
