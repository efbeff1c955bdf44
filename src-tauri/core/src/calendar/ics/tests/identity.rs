//! Issue 11's classes, each in the smallest calendar that shows it: all-day
//! dates, RECURRENCE-ID value types, re-sent masters, UNTIL and mixed types.

use super::*;
use chrono_tz::Europe::Berlin;

/// `(start, end, title)` in a room in Berlin, in Berlin's wall-clock time.
fn in_berlin(body: &str, from: &str, to: &str) -> Vec<(String, String, String)> {
    let text = format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{body}END:VCALENDAR\r\n");
    let window = (from.parse().unwrap(), to.parse().unwrap());
    let parsed = parse_calendar(&text, Berlin, "t", window).unwrap();
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    let mut out: Vec<_> = parsed
        .events
        .iter()
        .filter(|e| !e.cancelled && e.start < window.1 && e.end > window.0)
        .map(|e| {
            let local =
                |t: DateTime<Utc>| t.with_timezone(&Berlin).format("%m-%d %H:%M").to_string();
            (local(e.start), local(e.end), e.title.clone())
        })
        .collect();
    out.sort();
    out
}

fn row(start: &str, end: &str, title: &str) -> (String, String, String) {
    (start.into(), end.into(), title.into())
}

#[test]
fn an_all_day_event_is_its_date_in_the_room_whatever_the_calendars_zone() {
    // Written in Sydney; read in Berlin it is still 10 August, midnight to midnight.
    let got = in_berlin(
        "X-WR-TIMEZONE:Australia/Sydney\r\nBEGIN:VEVENT\r\nUID:a\r\nSUMMARY:All Day\r\n\
         DTSTART;VALUE=DATE:20230810\r\nDTEND;VALUE=DATE:20230811\r\nEND:VEVENT\r\n",
        "2023-08-01T00:00:00Z",
        "2023-08-20T00:00:00Z",
    );
    assert_eq!(got, [row("08-10 00:00", "08-11 00:00", "All Day")]);
}

#[test]
fn an_outlook_date_time_recurrence_id_replaces_its_all_day_instance() {
    // Outlook names the moved day of an all-day series with a zoned midnight.
    let got = in_berlin(
        "BEGIN:VEVENT\r\nUID:bin\r\nSUMMARY:Bins\r\nDTSTART;VALUE=DATE:20200402\r\n\
         DTEND;VALUE=DATE:20200403\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:bin\r\nSUMMARY:Bins (moved)\r\n\
         RECURRENCE-ID;TZID=GMT Standard Time:20200409T000000\r\n\
         DTSTART;VALUE=DATE:20200410\r\nDTEND;VALUE=DATE:20200411\r\nEND:VEVENT\r\n",
        "2020-04-01T00:00:00Z",
        "2020-04-30T00:00:00Z",
    );
    assert_eq!(
        got,
        [
            row("04-02 00:00", "04-03 00:00", "Bins"),
            row("04-10 00:00", "04-11 00:00", "Bins (moved)"),
            row("04-16 00:00", "04-17 00:00", "Bins"),
        ]
    );
}

#[test]
fn a_floating_or_utc_recurrence_id_names_a_zoned_instance() {
    let series =
        "BEGIN:VEVENT\r\nUID:s\r\nSUMMARY:Sync\r\nDTSTART;TZID=Europe/Berlin:20240902T100000\r\n\
                  DURATION:PT1H\r\nRRULE:FREQ=DAILY;COUNT=3\r\nEND:VEVENT\r\n";
    for rid in ["20240903T100000", "20240903T080000Z", "20240903"] {
        let got = in_berlin(
            &format!(
                "{series}BEGIN:VEVENT\r\nUID:s\r\nSUMMARY:Sync (moved)\r\nRECURRENCE-ID:{rid}\r\n\
                 DTSTART;TZID=Europe/Berlin:20240903T150000\r\nDURATION:PT1H\r\nEND:VEVENT\r\n"
            ),
            "2024-09-01T00:00:00Z",
            "2024-09-10T00:00:00Z",
        );
        assert_eq!(
            got,
            [
                row("09-02 10:00", "09-02 11:00", "Sync"),
                row("09-03 15:00", "09-03 16:00", "Sync (moved)"),
                row("09-04 10:00", "09-04 11:00", "Sync"),
            ],
            "RECURRENCE-ID:{rid}"
        );
    }
}

#[test]
fn a_resent_series_with_a_higher_sequence_replaces_the_old_one() {
    // The organizer deleted 15 July and sent the series again: it stays deleted.
    let got = in_berlin(
        "BEGIN:VEVENT\r\nUID:111\r\nSEQUENCE:2\r\nSUMMARY:test123 - edited\r\n\
         DTSTART;VALUE=DATE:20240701\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\nEXDATE;VALUE=DATE:20240708\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:111\r\nSEQUENCE:1\r\nSUMMARY:test123\r\n\
         DTSTART;VALUE=DATE:20240701\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\nEND:VEVENT\r\n",
        "2024-06-25T00:00:00Z",
        "2024-07-30T00:00:00Z",
    );
    assert_eq!(
        got,
        [
            row("07-01 00:00", "07-02 00:00", "test123 - edited"),
            row("07-15 00:00", "07-16 00:00", "test123 - edited"),
        ]
    );
}

#[test]
fn a_utc_until_on_an_all_day_series_ends_it_on_that_date() {
    // Outlook in London: the last Thursday is 3 September, UNTIL the 16th at 23:00 UTC.
    let got = in_berlin(
        "BEGIN:VEVENT\r\nUID:b\r\nSUMMARY:Bins\r\nDTSTART;VALUE=DATE:20200820\r\n\
         DTEND;VALUE=DATE:20200821\r\nRRULE:FREQ=WEEKLY;UNTIL=20200916T230000Z;INTERVAL=2;BYDAY=TH\r\n\
         END:VEVENT\r\n",
        "2020-08-01T00:00:00Z",
        "2020-10-01T00:00:00Z",
    );
    assert_eq!(
        got,
        [
            row("08-20 00:00", "08-21 00:00", "Bins"),
            row("09-03 00:00", "09-04 00:00", "Bins"),
        ]
    );
}

#[test]
fn mixed_value_types_read_as_the_start_says() {
    let got = in_berlin(
        "BEGIN:VEVENT\r\nUID:1\r\nSUMMARY:hours on a date\r\nDTSTART;VALUE=DATE:20000101\r\nDURATION:PT10H\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:2\r\nSUMMARY:same-day end\r\nDTSTART;VALUE=DATE:20000103\r\nDTEND;VALUE=DATE:20000103\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:3\r\nSUMMARY:date-time end\r\nDTSTART;VALUE=DATE:20000105\r\nDTEND:20000106T040000\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:4\r\nSUMMARY:swapped\r\nDTSTART:20000108T100000\r\nDTEND:20000108T090000\r\nEND:VEVENT\r\n",
        "1999-12-30T00:00:00Z",
        "2000-01-10T00:00:00Z",
    );
    assert_eq!(
        got,
        [
            row("01-01 00:00", "01-02 00:00", "hours on a date"),
            row("01-03 00:00", "01-04 00:00", "same-day end"),
            row("01-05 00:00", "01-07 00:00", "date-time end"),
            row("01-08 09:00", "01-08 10:00", "swapped"),
        ]
    );
}

#[test]
fn an_rdate_period_gives_its_instance_its_own_length() {
    let got = in_berlin(
        "BEGIN:VEVENT\r\nUID:p\r\nSUMMARY:Talk\r\nDTSTART:20231212T200000Z\r\nDTEND:20231212T220000Z\r\n\
         RDATE;VALUE=PERIOD:20231213T200000Z/PT3H\r\nEND:VEVENT\r\n",
        "2023-12-01T00:00:00Z",
        "2023-12-31T00:00:00Z",
    );
    assert_eq!(
        got,
        [
            row("12-12 21:00", "12-12 23:00", "Talk"),
            row("12-13 21:00", "12-14 00:00", "Talk"),
        ]
    );
}
