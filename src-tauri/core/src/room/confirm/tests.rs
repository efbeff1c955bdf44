use chrono::Duration;
use serde_json::json;

use super::*;

const DANA_ID: &str = "kFZ3dq9RT8mD1x0yP2a4Qw";
const DANA: &str = "dana.reyes@example.com";

fn event(start: &str, minutes: i64, organizer: &str) -> AgendaEvent {
    let start: DateTime<Utc> = start.parse().unwrap();
    AgendaEvent {
        key: "k".into(),
        hosted_here: true,
        organizer: organizer.into(),
        ..AgendaEvent::timed("Sync", start, start + Duration::minutes(minutes))
    }
}

fn meeting(kind: u8, start: Option<&str>, occurrences: &[&str]) -> Meeting {
    let occurrences: Vec<_> = occurrences
        .iter()
        .enumerate()
        .map(|(i, t)| json!({"occurrence_id": i.to_string(), "start_time": t, "duration": 60}))
        .collect();
    let mut body = json!({
        "id": 85746352410u64, "host_id": DANA_ID, "host_email": "Dana.Reyes@example.com",
        "type": kind, "duration": 60, "occurrences": occurrences,
        "start_url": "https://zoom.us/s/85746352410?zak=x", "join_url": "https://zoom.us/j/85746352410",
    });
    if let Some(t) = start {
        body["start_time"] = json!(t);
    }
    serde_json::from_value(body).unwrap()
}

fn me() -> Hosts {
    let listed: Vec<MeetingSummary> = serde_json::from_value(json!([
        {"id": 85746352410u64, "host_id": DANA_ID, "type": 2}
    ]))
    .unwrap();
    Hosts::new(&["me".into()], &listed)
}

fn window() -> StartWindow {
    StartWindow::default()
}

#[test]
fn a_meeting_scheduled_at_the_invites_time_starts() {
    let m = meeting(2, Some("2026-11-23T10:00:00Z"), &[]);
    assert_eq!(
        confirm(&event("2026-11-23T10:00:00Z", 60, ""), &m, &me(), window()),
        Ok(())
    );
    // Zoom's time may sit anywhere in the event, widened by the early minutes.
    assert_eq!(
        confirm(&event("2026-11-23T10:10:00Z", 60, ""), &m, &me(), window()),
        Ok(())
    );
}

#[test]
fn an_invite_now_cannot_borrow_a_meeting_scheduled_later() {
    let m = meeting(2, Some("2026-11-23T16:00:00Z"), &[]);
    let refused = confirm(&event("2026-11-23T10:00:00Z", 60, ""), &m, &me(), window());
    assert!(
        matches!(refused, Err(Refusal::OtherTime { .. })),
        "{refused:?}"
    );
}

#[test]
fn a_recurring_meeting_starts_at_any_of_its_occurrences() {
    let m = meeting(8, None, &["2026-11-16T10:00:00Z", "2026-11-23T10:00:00Z"]);
    assert_eq!(
        confirm(&event("2026-11-23T10:00:00Z", 60, ""), &m, &me(), window()),
        Ok(())
    );
    let refused = confirm(&event("2026-11-23T14:00:00Z", 60, ""), &m, &me(), window());
    assert!(matches!(refused, Err(Refusal::OtherTime { .. })));
}

#[test]
fn another_hosts_meeting_is_refused() {
    let m = meeting(2, Some("2026-11-23T10:00:00Z"), &[]);
    let sam = Hosts::new(&["sam@example.com".into()], &[]);
    assert_eq!(
        confirm(&event("2026-11-23T10:00:00Z", 60, ""), &m, &sam, window()),
        Err(Refusal::OtherHost)
    );
    // Named by email, in any case.
    let dana = Hosts::new(&["DANA.reyes@example.com".into()], &[]);
    assert_eq!(
        confirm(&event("2026-11-23T10:00:00Z", 60, ""), &m, &dana, window()),
        Ok(())
    );
}

#[test]
fn a_meeting_with_no_fixed_time_needs_a_named_host() {
    for kind in [1, 3, 4] {
        let m = meeting(kind, None, &[]);
        assert_eq!(
            confirm(
                &event("2026-11-23T10:00:00Z", 60, DANA),
                &m,
                &me(),
                window()
            ),
            Ok(())
        );
        let everyone = Hosts::new(&["*".into()], &[]);
        assert_eq!(
            confirm(
                &event("2026-11-23T10:00:00Z", 60, DANA),
                &m,
                &everyone,
                window()
            ),
            Err(Refusal::NoFixedTime),
            "type {kind}"
        );
    }
}

#[test]
fn with_every_user_the_organizer_must_be_the_host() {
    let m = meeting(2, Some("2026-11-23T10:00:00Z"), &[]);
    let everyone = Hosts::new(&["*".into()], &[]);
    let at = "2026-11-23T10:00:00Z";
    assert_eq!(
        confirm(&event(at, 60, DANA), &m, &everyone, window()),
        Ok(())
    );
    assert_eq!(
        confirm(
            &event(at, 60, "mallory@example.com"),
            &m,
            &everyone,
            window()
        ),
        Err(Refusal::OrganizerNotHost)
    );
    assert_eq!(
        confirm(&event(at, 60, ""), &m, &everyone, window()),
        Err(Refusal::NoOrganizer)
    );
}
