mod autostart;
mod browser;
#[cfg(windows)]
mod on_windows;
mod proc_mounts;
// Linux paths: "/etc/xdg" is not absolute on Windows, which joins with '\'.
#[cfg(unix)]
mod xdg;

use super::checks::*;
use super::*;

/// A directory standing for `/`, with `files` (paths relative to it) written in.
fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = root.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    root
}

/// The XDG directories of an account whose home is `root`/home, on GNOME.
fn xdg_under(root: &std::path::Path) -> super::xdg::XdgDirs {
    super::xdg::XdgDirs {
        config_home: root.join("home/.config"),
        config_dirs: vec![root.join("etc/xdg")],
        data_home: root.join("home/.local/share"),
        data_dirs: vec![root.join("usr/share")],
        desktops: vec!["gnome".into()],
    }
}

#[test]
fn a_source_whose_events_carry_no_text_gets_the_likely_cause() {
    let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\nSUMMARY:Busy\nDTSTART:20261122T100000Z\nDTEND:20261122T110000Z\nEND:VEVENT\nEND:VCALENDAR\n";
    let day: (DateTime<Utc>, DateTime<Utc>) = (
        "2026-11-22T00:00:00Z".parse().unwrap(),
        "2026-11-23T00:00:00Z".parse().unwrap(),
    );
    let parsed = crate::calendar::ics::parse_calendar(text, chrono_tz::UTC, "room", day).unwrap();
    let c = calendar_check("calendar room".into(), parsed, day);
    assert_eq!(
        (c.status, c.detail.as_str()),
        (Status::Warn, "1 events today and tomorrow")
    );
    assert!(c.fix.unwrap().contains("free/busy only"));
    let with_text = text.replace("SUMMARY:Busy", "SUMMARY:Busy\nLOCATION:Aurora");
    let parsed =
        crate::calendar::ics::parse_calendar(&with_text, chrono_tz::UTC, "room", day).unwrap();
    assert_eq!(
        calendar_check("calendar room".into(), parsed, day).status,
        Status::Pass
    );
}

#[test]
fn what_a_source_cannot_read_is_named_not_dropped_in_silence() {
    let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\nSUMMARY:Sync\nLOCATION:Aurora\n\
                DTSTART;TZID=Mars/Olympus:20261122T100000\nDURATION:PT1H\nEND:VEVENT\n\
                BEGIN:VEVENT\nUID:b\nSUMMARY:Broken\nDTSTART:tomorrow\nEND:VEVENT\nEND:VCALENDAR\n";
    let day: (DateTime<Utc>, DateTime<Utc>) = (
        "2026-11-22T00:00:00Z".parse().unwrap(),
        "2026-11-23T00:00:00Z".parse().unwrap(),
    );
    let parsed = crate::calendar::ics::parse_calendar(text, chrono_tz::UTC, "room", day).unwrap();
    let c = calendar_check("calendar room".into(), parsed, day);
    assert_eq!(
        (c.status, c.detail.as_str()),
        (
            Status::Warn,
            "1 events today and tomorrow, 2 things it could not read"
        )
    );
    let fix = c.fix.unwrap();
    assert!(fix.starts_with("room: event at line"), "{fix}");
    assert!(fix.contains("and 1 more: see `roomstart agenda`"), "{fix}");
}

#[test]
fn scope_and_clock_checks() {
    assert_eq!(
        scope_check(&["meeting:read:admin".into()]).status,
        Status::Pass
    );
    assert_eq!(
        scope_check(&["meeting:read:meeting:admin".into()]).status,
        Status::Pass
    );
    let missing = scope_check(&["user:read:admin".into()]);
    assert_eq!(missing.status, Status::Fail);
    assert!(missing
        .detail
        .contains("missing meeting:read:meeting:admin"));
    // Listing meetings alone shows the agenda but can start nothing.
    let list_only = scope_check(&["meeting:read:list_meetings:admin".into()]);
    assert_eq!(list_only.status, Status::Fail);
    assert!(list_only
        .fix
        .unwrap()
        .contains("meeting:read:meeting:admin"));
    let now: DateTime<Utc> = "2026-11-22T10:00:00Z".parse().unwrap();
    assert_eq!(
        skew_check(Some(now - chrono::Duration::seconds(30)), now).status,
        Status::Pass
    );
    assert_eq!(
        skew_check(Some(now - chrono::Duration::seconds(90)), now).status,
        Status::Fail
    );
    assert_eq!(skew_check(None, now).status, Status::Warn);
}

#[test]
fn the_updates_check_says_where_updates_come_from() {
    use crate::setup::config::UpdatesConfig;
    let off = updates(&UpdatesConfig::default());
    let on = updates(&UpdatesConfig {
        enabled: true,
        feed: Some("https://updates.example.com/latest.json".into()),
        public_key: Some("dW50cnVzdGVkIGNvbW1lbnQ6IG1pbmlzaWduIHB1YmxpYyBrZXkK".into()),
    });
    if cfg!(any(windows, target_os = "macos")) {
        assert_eq!(off.status, Status::Warn);
        assert!(on.detail.contains("updates.example.com"), "{}", on.detail);
    } else {
        assert_eq!(off.status, Status::Pass);
        assert!(off.detail.contains("apt"), "{}", off.detail);
        assert!(
            on.detail.contains("[updates] is for Windows and macOS"),
            "{}",
            on.detail
        );
    }
    assert_eq!(on.status, Status::Pass);
}

/// A Google user over its quota is a warning in words, with the fix, not a failure.
#[tokio::test]
async fn a_throttled_calendar_warns_that_the_vendor_asks_to_slow_down() {
    use roomstart_sim::{quota::Limits, SimOptions, Simulation, ROOM_CALENDAR_ID};
    let now: DateTime<Utc> = "2026-12-03T10:00:00Z".parse().unwrap();
    let sim = Simulation::start(SimOptions::at(now)).await.unwrap();
    sim.enforce_quotas(Limits {
        google_user_per_minute: 0,
        ..Limits::zoom_pro()
    });
    let key = crate::Secret::new(sim.google_key_json());
    let account = crate::calendar::google::ServiceAccount::from_key_file(&key).unwrap();
    let mut google = crate::calendar::google::GoogleSource::new(
        "aurora".into(),
        ROOM_CALENDAR_ID.into(),
        account,
        None,
    );
    google.api_base = sim.google_api_base().parse().unwrap();
    let source = crate::calendar::CalendarSource::Google(Box::new(google));
    let window = (now, now + chrono::Duration::days(1));
    let http = crate::http::HttpClients::new();
    let c = calendar_source_check(&http, &source, chrono_tz::UTC, window).await;
    assert_eq!(c.status, Status::Warn, "{c:?}");
    assert!(
        c.detail
            .starts_with("Google is asking this room to slow down"),
        "{c:?}"
    );
    assert!(c.fix.unwrap().contains("subject"));
}

/// `[booking]` on: whether each calendar may be written, found without
/// writing, with the exact permission to grant; a feed is a warning.
#[tokio::test]
async fn the_booking_check_says_whether_the_room_may_write_without_writing() {
    use roomstart_sim::{
        SimOptions, Simulation, GRAPH_CLIENT_ID, ROOM_CALENDAR_ID, ROOM_MAILBOX, TENANT_ID,
    };
    let now: DateTime<Utc> = "2026-12-03T10:00:00Z".parse().unwrap();
    let sim = Simulation::start(SimOptions::at(now)).await.unwrap();
    let key = crate::Secret::new(sim.google_key_json());
    let account = crate::calendar::google::ServiceAccount::from_key_file(&key).unwrap();
    let mut google = crate::calendar::google::GoogleSource::new(
        "aurora".into(),
        ROOM_CALENDAR_ID.into(),
        account,
        None,
    );
    google.api_base = sim.google_api_base().parse().unwrap();
    google.writes = true;
    let (graph_base, login_base) = sim.graph_bases();
    let mut graph = crate::calendar::graph::GraphSource::new(
        "boardroom".into(),
        TENANT_ID.into(),
        GRAPH_CLIENT_ID.into(),
        crate::Secret::new(roomstart_sim::CLIENT_SECRET),
        ROOM_MAILBOX.into(),
    );
    graph.graph_base = graph_base.parse().unwrap();
    graph.login_base = login_base.parse().unwrap();
    let sources = [
        crate::calendar::CalendarSource::Google(Box::new(google)),
        crate::calendar::CalendarSource::Graph(Box::new(graph)),
    ];
    let http = reqwest::Client::new();
    for source in &sources {
        let c = booking_check(&http, source).await;
        assert_eq!(c.status, Status::Pass, "{c:?}");
    }
    sim.calendar_read_only(true);
    let google = booking_check(&http, &sources[0]).await;
    assert_eq!(google.status, Status::Fail, "{google:?}");
    assert!(google.detail.contains("reader"), "{google:?}");
    let graph = booking_check(&http, &sources[1]).await;
    assert_eq!(graph.status, Status::Fail, "{graph:?}");
    assert!(graph.detail.contains("Calendars.ReadWrite"), "{graph:?}");
    assert!(graph.fix.unwrap().contains("RBAC for Applications"));
    assert!(sim.calendar_writes().is_empty(), "doctor wrote nothing");

    let feed = crate::calendar::CalendarSource::IcsFile {
        name: "room".into(),
        path: "room.ics".into(),
    };
    let c = booking_check(&http, &feed).await;
    assert_eq!(c.status, Status::Warn, "{c:?}");
    assert!(c.detail.contains("cannot be written"), "{c:?}");
}

#[test]
fn meet_now_needs_a_scope_that_creates_meetings() {
    let granted = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
    let ok = meet_now_check(
        "room@example.com",
        &granted("meeting:read:admin meeting:write:admin"),
    );
    assert_eq!(ok.status, Status::Pass);
    let missing = meet_now_check("room@example.com", &granted("meeting:read:meeting:admin"));
    assert_eq!(missing.status, Status::Fail);
    assert!(missing.fix.unwrap().contains("meeting:write:meeting:admin"));
    assert_eq!(missing.name, "zoom meet now room@example.com");
}

/// `doctor --json` is a contract with fleet monitoring (Intune, Jamf,
/// Ansible's doctor step, docs/doctor-json.md): these names and values may
/// only grow, never change.
#[test]
fn the_json_report_keeps_its_field_names_and_status_values() {
    let report = Report {
        ok: false,
        room: Some("Aurora".into()),
        checks: vec![
            check("config", Status::Pass, "reads cleanly", None),
            check(
                "browser",
                Status::Warn,
                "no policy",
                Some("install it".into()),
            ),
            check(
                "secret zoom.client_secret",
                Status::Fail,
                "not set",
                Some("set it".into()),
            ),
        ],
    };
    assert_eq!(
        serde_json::to_value(&report).unwrap(),
        serde_json::json!({
            "ok": false,
            "room": "Aurora",
            "checks": [
                {"name": "config", "status": "pass", "detail": "reads cleanly", "fix": null},
                {"name": "browser", "status": "warn", "detail": "no policy", "fix": "install it"},
                {"name": "secret zoom.client_secret", "status": "fail", "detail": "not set", "fix": "set it"},
            ]
        })
    );
    let unconfigured = Report {
        ok: false,
        room: None,
        checks: vec![],
    };
    assert_eq!(
        serde_json::to_value(&unconfigured).unwrap(),
        serde_json::json!({"ok": false, "room": null, "checks": []})
    );
}
