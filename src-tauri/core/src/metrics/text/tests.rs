use std::time::Duration;

use chrono::{DateTime, Utc};

use super::*;
use crate::metrics::{Api, CalendarErrorKind, Histogram, RoomHealth};

fn sample() -> Sample {
    let at: DateTime<Utc> = "2026-12-03T09:15:30.250Z".parse().unwrap();
    Sample {
        version: "1.2.3",
        room: RoomHealth {
            state: RoomState::Busy,
            calendars: vec![("aurora".into(), Some(at)), ("never".into(), None)],
        },
        doctor: vec![("keyring".into(), "pass"), ("/proc hidepid".into(), "warn")],
        keyring_available: Some(true),
        zoom_handler_installed: Some(false),
        config_valid: Some(true),
    }
}

fn tallies() -> Tallies {
    let mut t = Tallies::new();
    t.requests.insert((Api::Zoom, Some(200)), 3);
    t.requests.insert((Api::Feed, None), 1);
    t.taps.insert((TapAction::Start, TapResult::Ok), 2);
    t.calendar_errors
        .insert(("aurora".into(), CalendarErrorKind::RateLimited), 4);
    let mut h = Histogram {
        buckets: [0; TAP_BUCKETS.len()],
        sum: 0.0,
        count: 0,
    };
    for s in [0.05, 0.3, 0.4, 20.0] {
        h.observe(Duration::from_secs_f64(s).as_secs_f64());
    }
    t.tap_seconds = h;
    t
}

fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

#[test]
fn every_family_has_help_and_type_once_before_its_series() {
    let text = render(&sample(), &tallies());
    for (name, kind) in [
        ("roomstart_build_info", "gauge"),
        ("roomstart_room_state", "gauge"),
        ("roomstart_calendar_last_success_timestamp_seconds", "gauge"),
        ("roomstart_calendar_errors_total", "counter"),
        ("roomstart_api_requests_total", "counter"),
        ("roomstart_taps_total", "counter"),
        ("roomstart_tap_duration_seconds", "histogram"),
        ("roomstart_keyring_available", "gauge"),
        ("roomstart_zoom_handler_installed", "gauge"),
        ("roomstart_config_valid", "gauge"),
        ("roomstart_doctor_check", "gauge"),
    ] {
        let type_line = format!("# TYPE {name} {kind}");
        assert_eq!(text.matches(&type_line).count(), 1, "{type_line}");
        let help = text.find(&format!("# HELP {name} ")).expect(name);
        let first = text.find(&format!("\n{name}")).expect(name);
        assert!(help < text.find(&type_line).unwrap() && text.find(&type_line).unwrap() < first);
    }
    assert!(text.ends_with('\n'));
}

#[test]
fn series_say_the_sample_and_the_counters() {
    let text = render(&sample(), &tallies());
    let lines = lines(&text);
    for expected in [
        r#"roomstart_build_info{version="1.2.3"} 1"#,
        r#"roomstart_room_state{state="free"} 0"#,
        r#"roomstart_room_state{state="busy"} 1"#,
        r#"roomstart_room_state{state="setup"} 0"#,
        r#"roomstart_calendar_last_success_timestamp_seconds{source="aurora"} 1796289330.25"#,
        r#"roomstart_calendar_last_success_timestamp_seconds{source="never"} 0"#,
        r#"roomstart_calendar_errors_total{source="aurora",kind="rate_limited"} 4"#,
        r#"roomstart_api_requests_total{api="zoom",code="200"} 3"#,
        r#"roomstart_api_requests_total{api="feed",code="none"} 1"#,
        r#"roomstart_taps_total{action="start",result="ok"} 2"#,
        r#"roomstart_taps_total{action="join_by_id",result="error"} 0"#,
        "roomstart_keyring_available 1",
        "roomstart_zoom_handler_installed 0",
        "roomstart_config_valid 1",
        r#"roomstart_doctor_check{check="keyring",status="pass"} 1"#,
        r#"roomstart_doctor_check{check="keyring",status="fail"} 0"#,
        r#"roomstart_doctor_check{check="/proc hidepid",status="warn"} 1"#,
    ] {
        assert!(lines.contains(&expected), "missing {expected} in\n{text}");
    }
    // Every state and every action × result is always there, so `increase()` has a series.
    assert_eq!(text.matches("\nroomstart_room_state{").count(), 5);
    assert_eq!(text.matches("\nroomstart_taps_total{").count(), 9);
}

#[test]
fn the_histogram_is_cumulative_and_ends_at_inf_with_sum_and_count() {
    let text = render(&sample(), &tallies());
    let buckets: Vec<&str> = lines(&text)
        .into_iter()
        .filter(|l| l.starts_with("roomstart_tap_duration_seconds_"))
        .collect();
    assert_eq!(
        buckets,
        [
            r#"roomstart_tap_duration_seconds_bucket{le="0.1"} 1"#,
            r#"roomstart_tap_duration_seconds_bucket{le="0.25"} 1"#,
            r#"roomstart_tap_duration_seconds_bucket{le="0.5"} 3"#,
            r#"roomstart_tap_duration_seconds_bucket{le="1"} 3"#,
            r#"roomstart_tap_duration_seconds_bucket{le="2.5"} 3"#,
            r#"roomstart_tap_duration_seconds_bucket{le="5"} 3"#,
            r#"roomstart_tap_duration_seconds_bucket{le="7.5"} 3"#,
            r#"roomstart_tap_duration_seconds_bucket{le="10"} 3"#,
            r#"roomstart_tap_duration_seconds_bucket{le="+Inf"} 4"#,
            "roomstart_tap_duration_seconds_sum 20.75",
            "roomstart_tap_duration_seconds_count 4",
        ]
    );
}

#[test]
fn label_values_are_escaped() {
    assert_eq!(escape(r#"a "b" \c"#), r#"a \"b\" \\c"#);
    assert_eq!(escape("two\nlines"), r"two\nlines");
    let mut s = sample();
    s.room.calendars = vec![("room \"A\"\\\n".into(), None)];
    let text = render(&s, &Tallies::new());
    assert!(text.contains(r#"{source="room \"A\"\\\n"} 0"#), "{text}");
}

#[test]
fn what_is_not_known_yet_is_left_out() {
    let mut s = sample();
    s.keyring_available = None;
    s.zoom_handler_installed = None;
    s.config_valid = None;
    s.doctor.clear();
    let text = render(&s, &Tallies::new());
    assert!(!text.contains("roomstart_keyring_available"));
    assert!(!text.contains("roomstart_config_valid"));
    assert!(!text.contains("\nroomstart_doctor_check{"));
    assert!(text.contains("roomstart_tap_duration_seconds_count 0"));
}
