//! Property tests: the ICS reader and the link detector take any input,
//! hostile or broken, without panicking or hanging.

use chrono::{DateTime, Utc};
use proptest::prelude::*;
use roomstart_core::calendar::ics::parse_calendar;
use roomstart_core::links::{find_meeting, Field};

fn window() -> (DateTime<Utc>, DateTime<Utc>) {
    (
        "2026-01-01T00:00:00Z".parse().unwrap(),
        "2027-01-01T00:00:00Z".parse().unwrap(),
    )
}

/// Lines that look like iCalendar, with values that are often wrong.
fn ics_line() -> impl Strategy<Value = String> {
    let name = prop_oneof![
        Just("BEGIN"),
        Just("END"),
        Just("DTSTART"),
        Just("DTEND"),
        Just("DURATION"),
        Just("RRULE"),
        Just("RDATE"),
        Just("EXDATE"),
        Just("RECURRENCE-ID"),
        Just("UID"),
        Just("SUMMARY"),
        Just("DESCRIPTION"),
        Just("LOCATION"),
        Just("X-WR-TIMEZONE"),
        Just("STATUS"),
        Just("TZID"),
        Just("TZOFFSETFROM"),
        Just("TZOFFSETTO"),
        Just(" ")
    ];
    let params = prop_oneof![
        Just(""),
        Just(";TZID=Europe/Berlin"),
        Just(";TZID=W. Europe Standard Time"),
        Just(";VALUE=DATE"),
        Just(";RANGE=THISANDFUTURE"),
        Just(";TZID=\"Bad/Zone\""),
        Just(";TZID=Custom"),
        Just(";X=\"unterminated")
    ];
    let value = prop_oneof![
        Just("VCALENDAR".to_string()), Just("VEVENT".to_string()), Just("VALARM".to_string()),
        Just("VTIMEZONE".to_string()), Just("STANDARD".to_string()), Just("DAYLIGHT".to_string()),
        Just("Custom".to_string()),
        "[+-][0-9]{4,6}",
        "(1601|1970|2026)0[1-9]0[1-9]T0[0-9]0000",
        "2026[01][0-9][0-3][0-9]T[0-2][0-9][0-5][0-9][0-5][0-9]Z?",
        "2026[01][0-9][0-3][0-9]",
        "FREQ=(SECONDLY|MINUTELY|DAILY|WEEKLY|MONTHLY|YEARLY)(;COUNT=[0-9]{1,6})?(;INTERVAL=[0-9]{1,3})?(;UNTIL=2026[01][0-9]01(T000000Z?)?)?(;BYDAY=(MO|-1SU|5FR))?",
        "-?P[0-9]{1,20}(W|DT[0-9]{1,12}H)",
        "(1970|2026|9999)0[1-9]0[1-9]T000000Z/[+-]?P[0-9]{1,20}[WD]",
        "https://[a-z.-]{0,20}zoom\\.us/j/[0-9]{8,12}\\?pwd=[A-Za-z0-9.]{0,10}",
        ".{0,40}",
    ];
    (name, params, value).prop_map(|(n, p, v)| format!("{n}{p}:{v}"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn ics_reader_takes_any_text(text in ".{0,400}") {
        let _ = parse_calendar(&text, chrono_tz::UTC, "fuzz", window());
    }

    #[test]
    fn ics_reader_takes_broken_calendars(lines in prop::collection::vec(ics_line(), 0..40), crlf in any::<bool>()) {
        let sep = if crlf { "\r\n" } else { "\n" };
        let text = format!("BEGIN:VCALENDAR{sep}{}{sep}END:VCALENDAR", lines.join(sep));
        if let Ok(parsed) = parse_calendar(&text, chrono_tz::UTC, "fuzz", window()) {
            for e in parsed.events {
                prop_assert!(e.end >= e.start);
            }
        }
    }

    #[test]
    fn link_detector_takes_any_text(text in ".{0,300}") {
        let _ = find_meeting(&[(Field::Description, &text), (Field::DescriptionHtml, &text)]);
    }

    #[test]
    fn link_detector_never_calls_a_lookalike_host_zoom(
        label in "[a-z0-9-]{1,12}",
        tld in "(us|com|de|cn|evil)",
        path in "/(j|s|w|my)/[0-9]{9,11}",
    ) {
        let host = format!("{label}-zoom.{tld}");
        let text = format!("join at https://{host}{path}?pwd=x");
        prop_assert!(find_meeting(&[(Field::Location, &text)]).is_none(), "{}", text);
    }
}

/// A date, a date-time (UTC, zoned or floating) anywhere in the years
/// iCalendar can write, and some it cannot.
fn date_time() -> impl Strategy<Value = String> {
    "(0001|0002|1601|1970|2026|9998|9999|99999)(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])(T([01][0-9]|2[0-3])[0-5][0-9][0-5][0-9]Z?)?"
}

/// A DURATION: any size, any sign, weeks, days and times.
fn duration() -> impl Strategy<Value = String> {
    "[+-]?P([0-9]{1,20}W|[0-9]{1,20}D|[0-9]{0,12}DT[0-9]{1,20}H|T[0-9]{1,20}M|T[0-9]{1,20}S|[0-9]{1,6}DT[0-9]{1,6}H[0-9]{1,6}M[0-9]{1,6}S)"
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Issue 20, item 5: arbitrary periods and durations, in events, in
    /// RDATE and EXDATE lists, in RRULE's UNTIL and in a time zone's offsets.
    /// No read panics: not even one that is caught and turned into a skip.
    #[test]
    fn arbitrary_periods_and_durations_read_without_panic(
        start in date_time(),
        length in duration(),
        period in duration(),
        end in date_time(),
        until in date_time(),
        rule in "FREQ=(SECONDLY|HOURLY|DAILY|WEEKLY|MONTHLY|YEARLY)(;INTERVAL=[0-9]{1,9})?(;COUNT=[0-9]{1,9})?",
        offset in "[+-][0-2][0-9][0-5][0-9]([0-5][0-9])?",
        zoned in any::<bool>(),
    ) {
        let tzid = if zoned { ";TZID=Custom" } else { "" };
        let text = format!(
            "BEGIN:VCALENDAR\nBEGIN:VTIMEZONE\nTZID:Custom\nBEGIN:STANDARD\nDTSTART:{start}\n\
             TZOFFSETFROM:{offset}\nTZOFFSETTO:+0100\nRRULE:{rule};UNTIL={until}\nEND:STANDARD\n\
             END:VTIMEZONE\nBEGIN:VEVENT\nUID:a\nDTSTART{tzid}:{start}\nDURATION:{length}\n\
             RRULE:{rule};UNTIL={until}\nRDATE;VALUE=PERIOD:{start}/{period},{start}/{end}\n\
             EXDATE{tzid}:{end}\nEND:VEVENT\nBEGIN:VEVENT\nUID:a\nRECURRENCE-ID{tzid}:{end}\n\
             DTSTART:{end}\nDTEND:{until}\nEND:VEVENT\nEND:VCALENDAR\n"
        );
        let wide = (
            "0001-01-01T00:00:00Z".parse().unwrap(),
            "9999-12-31T23:59:59Z".parse().unwrap(),
        );
        for window in [window(), wide] {
            let parsed = parse_calendar(&text, chrono_tz::UTC, "fuzz", window);
            prop_assert!(parsed.is_ok(), "{:?}", parsed.err());
            let parsed = parsed.unwrap();
            prop_assert!(
                !parsed.warnings.iter().any(|w| w.ends_with("it could not be read")),
                "{:?}",
                parsed.warnings
            );
            for e in parsed.events {
                prop_assert!(e.end >= e.start);
            }
        }
    }
}

/// Issue 20, item 4: a rule's cost is counted from its text before `rrule`
/// builds anything, in an event and in a time zone alike.
#[test]
fn rules_that_would_build_millions_at_a_time_are_left_out_unbuilt() {
    let list = |n: u32| (0..n).map(|i| i.to_string()).collect::<Vec<_>>().join(",");
    let rule = format!(
        "FREQ=YEARLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYHOUR={};BYMINUTE={};BYSECOND={}",
        list(24),
        list(60),
        list(60)
    );
    let text = format!(
        "BEGIN:VCALENDAR\nBEGIN:VTIMEZONE\nTZID:Custom\nBEGIN:STANDARD\nDTSTART:20000101T000000\n\
         TZOFFSETFROM:+0100\nTZOFFSETTO:+0200\nRRULE:{rule}\nEND:STANDARD\nEND:VTIMEZONE\n\
         BEGIN:VEVENT\nUID:a\nDTSTART;TZID=Custom:20260601T100000\nRRULE:{rule}\nRRULE:{rule}\n\
         END:VEVENT\nEND:VCALENDAR\n"
    );
    let parsed = parse_calendar(&text, chrono_tz::UTC, "fuzz", window()).unwrap();
    let said = |what: &str| parsed.warnings.iter().filter(|w| w.contains(what)).count();
    assert_eq!(
        said("would build 31622400 onsets"),
        1,
        "{:?}",
        parsed.warnings
    );
    assert_eq!(
        said("would build 31622400 instances"),
        2,
        "{:?}",
        parsed.warnings
    );
    // Its rules left out, the series is its first instance.
    assert_eq!(parsed.events.len(), 1);
}

/// Rules that fire every second since long ago (a time zone's, an event's)
/// must not stall the reader.
#[test]
fn rules_firing_every_second_since_long_ago_are_cut_short() {
    let text =
        "BEGIN:VCALENDAR\nBEGIN:VTIMEZONE\nTZID:Custom\nBEGIN:STANDARD\nDTSTART:16010101T000000\n\
TZOFFSETFROM:+0100\nTZOFFSETTO:+0200\nRRULE:FREQ=SECONDLY\nEND:STANDARD\nBEGIN:DAYLIGHT\n\
DTSTART:16010101T000000\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100\nRRULE:FREQ=MINUTELY;INTERVAL=1\n\
END:DAYLIGHT\nEND:VTIMEZONE\nBEGIN:VEVENT\nUID:a\nDTSTART;TZID=Custom:20260601T100000\n\
RRULE:FREQ=SECONDLY\nEND:VEVENT\nBEGIN:VEVENT\nUID:b\nDTSTART:20000101T000000Z\n\
RRULE:FREQ=SECONDLY\nEND:VEVENT\nEND:VCALENDAR\n";
    let started = std::time::Instant::now();
    let parsed = parse_calendar(text, chrono_tz::UTC, "fuzz", window()).unwrap();
    assert!(
        parsed
            .warnings
            .iter()
            .any(|w| w.contains("repeats more than 100000 times")),
        "{:?}",
        parsed.warnings
    );
    // Not a timing assertion on speed, only a guard against a hang.
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Whatever an invite calls a meeting number: it is a valid ID or none,
    /// and every valid one prints, groups and reads back the same.
    #[test]
    fn meeting_ids_are_valid_or_refused(text in "[0-9 -]{0,14}|.{0,14}") {
        if let Ok(id) = text.parse::<roomstart_core::zoom::MeetingId>() {
            let digits = id.to_string();
            prop_assert!((9..=11).contains(&digits.len()) && !digits.starts_with('0'));
            prop_assert_eq!(id.grouped().replace(' ', ""), digits.clone());
            prop_assert_eq!(digits.parse::<roomstart_core::zoom::MeetingId>().ok(), Some(id));
        }
    }

    /// A config file, broken any way, gives a config error, never a panic.
    #[test]
    fn config_files_never_panic(
        lines in prop::collection::vec(config_line(), 0..12),
    ) {
        let text = lines.join("\n");
        let _ = roomstart_core::setup::config::parse(&text, "room.toml");
    }
}

fn config_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("[room]".to_string()),
        Just("[zoom]".to_string()),
        Just("[[graph]]".to_string()),
        Just("[[google]]".to_string()),
        Just("[admin]".to_string()),
        "name = \"[A-Za-z ]{0,8}\"",
        "timezone = \"[A-Za-z/_]{0,16}\"",
        "(api_base|oauth_base|graph_base|login_base) = \"(https?|ftp)://[a-z0-9.:\\[\\]@-]{0,24}(/v2)?\"",
        "(account_id|client_id|tenant_id|mailbox|calendar_id) = \"[a-z@.]{0,8}\"",
        "host_users = \\[(\"[a-z*@.]{0,6}\"(, )?){0,3}\\]",
        "[a-z_.]{1,12} = [0-9a-z\"\\[\\]{}]{0,8}",
        ".{0,30}",
    ]
}
