//! Calendars written the way Outlook/Exchange, Google, Apple and Nextcloud
//! export them, checked instance by instance.

use super::*;

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
