//! The shared reference calendars (recurring-ical-events, python-icalendar),
//! checked instance by instance against what their projects expect.

use super::*;

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
            "2019-03-28T07:30:00Z",
            "2019-03-29T07:30:00Z",
            "2019-04-04T06:30:00Z",
            "2019-04-05T06:30:00Z",
            "2019-04-11T06:30:00Z",
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
            "2019-03-04T13:00:00Z",
            "2019-03-05T13:00:00Z",
            "2019-03-06T13:00:00Z",
            "2019-03-11T13:00:00Z",
            "2019-03-12T13:00:00Z",
            "2019-03-13T13:00:00Z",
        ]
    );
}
