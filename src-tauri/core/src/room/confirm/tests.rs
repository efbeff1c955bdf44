use chrono::Duration;
use serde_json::json;

use super::*;

const DANA_ID: &str = "kFZ3dq9RT8mD1x0yP2a4Qw";
const DANA: &str = "dana.reyes@example.com";
/// When the host taps, in the tests that do not move it.
const NOW: &str = "2026-11-23T10:05:00Z";

fn event(start: &str, minutes: i64, organizer: &str) -> AgendaEvent {
    let start: DateTime<Utc> = start.parse().unwrap();
    AgendaEvent {
        key: "k".into(),
        hosted_here: true,
        organizer: organizer.into(),
        organizer_vouched: true,
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

fn at(t: &str) -> DateTime<Utc> {
    t.parse().unwrap()
}

#[test]
fn a_meeting_scheduled_at_the_invites_time_starts() {
    let m = meeting(2, Some("2026-11-23T10:00:00Z"), &[]);
    assert_eq!(
        confirm(
            &event("2026-11-23T10:00:00Z", 60, ""),
            &m,
            &me(),
            window(),
            at(NOW)
        ),
        Ok(())
    );
    // Zoom's time may sit anywhere in the event, widened by the early minutes.
    assert_eq!(
        confirm(
            &event("2026-11-23T10:10:00Z", 60, ""),
            &m,
            &me(),
            window(),
            at(NOW)
        ),
        Ok(())
    );
}

#[test]
fn an_invite_now_cannot_borrow_a_meeting_scheduled_later() {
    let m = meeting(2, Some("2026-11-23T16:00:00Z"), &[]);
    let refused = confirm(
        &event("2026-11-23T10:00:00Z", 60, ""),
        &m,
        &me(),
        window(),
        at(NOW),
    );
    assert!(
        matches!(refused, Err(Refusal::OtherTime { .. })),
        "{refused:?}"
    );
}

#[test]
fn a_recurring_meeting_starts_at_any_of_its_occurrences() {
    let m = meeting(8, None, &["2026-11-16T10:00:00Z", "2026-11-23T10:00:00Z"]);
    assert_eq!(
        confirm(
            &event("2026-11-23T10:00:00Z", 60, ""),
            &m,
            &me(),
            window(),
            at(NOW)
        ),
        Ok(())
    );
    let refused = confirm(
        &event("2026-11-23T14:00:00Z", 60, ""),
        &m,
        &me(),
        window(),
        at(NOW),
    );
    assert!(matches!(refused, Err(Refusal::OtherTime { .. })));
}

#[test]
fn another_hosts_meeting_is_refused() {
    let m = meeting(2, Some("2026-11-23T10:00:00Z"), &[]);
    let sam = Hosts::new(&["sam@example.com".into()], &[]);
    assert_eq!(
        confirm(
            &event("2026-11-23T10:00:00Z", 60, ""),
            &m,
            &sam,
            window(),
            at(NOW)
        ),
        Err(Refusal::OtherHost)
    );
    // Named by email, in any case.
    let dana = Hosts::new(&["DANA.reyes@example.com".into()], &[]);
    assert_eq!(
        confirm(
            &event("2026-11-23T10:00:00Z", 60, ""),
            &m,
            &dana,
            window(),
            at(NOW)
        ),
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
                window(),
                at(NOW),
            ),
            Ok(())
        );
        let everyone = Hosts::new(&["*".into()], &[]);
        assert_eq!(
            confirm(
                &event("2026-11-23T10:00:00Z", 60, DANA),
                &m,
                &everyone,
                window(),
                at(NOW),
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
    let ten = "2026-11-23T10:00:00Z";
    assert_eq!(
        confirm(&event(ten, 60, DANA), &m, &everyone, window(), at(NOW)),
        Ok(())
    );
    assert_eq!(
        confirm(
            &event(ten, 60, "mallory@example.com"),
            &m,
            &everyone,
            window(),
            at(NOW),
        ),
        Err(Refusal::OrganizerNotHost)
    );
    assert_eq!(
        confirm(&event(ten, 60, ""), &m, &everyone, window(), at(NOW)),
        Err(Refusal::NoOrganizer)
    );
}

/// Issue 20, item 1: Zoom's schedule and `now` decide, not the invite's span.
#[test]
fn a_long_invite_cannot_borrow_a_meeting_zoom_schedules_later() {
    let later = meeting(2, Some("2026-11-23T16:00:00Z"), &[]);
    // An invite from now until tonight carrying the link of the 16:00 meeting.
    let all_day = event("2026-11-23T09:00:00Z", 14 * 60, "");
    let refused = confirm(&all_day, &later, &me(), window(), at(NOW));
    assert!(
        matches!(refused, Err(Refusal::OtherTime { .. })),
        "{refused:?}"
    );
    // At 15:50 the meeting is Zoom's to start, and the invite covers it.
    assert_eq!(
        confirm(
            &all_day,
            &later,
            &me(),
            window(),
            at("2026-11-23T15:50:00Z")
        ),
        Ok(())
    );
    // Not sooner than the early minutes, whatever the invite says.
    let refused = confirm(
        &all_day,
        &later,
        &me(),
        window(),
        at("2026-11-23T15:44:00Z"),
    );
    assert!(
        matches!(refused, Err(Refusal::OtherTime { .. })),
        "{refused:?}"
    );
}

#[test]
fn a_meeting_under_way_by_zooms_record_starts_until_its_end() {
    let m = meeting(2, Some("2026-11-23T10:00:00Z"), &[]);
    let invite = event("2026-11-23T10:00:00Z", 60, "");
    let check = |now: &str| confirm(&invite, &m, &me(), window(), at(now)).is_ok();
    assert!(check("2026-11-23T09:45:00Z"));
    assert!(check("2026-11-23T10:59:59Z"));
    assert!(!check("2026-11-23T09:44:59Z"));
    assert!(!check("2026-11-23T11:00:00Z"));
}

#[test]
fn the_invite_must_overlap_the_occurrence_zoom_has_now() {
    // Zoom's 09:00 half hour is under way at 09:20; the invite is for 10:30.
    let m = meeting(2, Some("2026-11-23T09:00:00Z"), &[]);
    let refused = confirm(
        &event("2026-11-23T10:30:00Z", 60, ""),
        &m,
        &me(),
        window(),
        at("2026-11-23T09:20:00Z"),
    );
    assert!(
        matches!(refused, Err(Refusal::OtherTime { .. })),
        "{refused:?}"
    );
}

#[test]
fn a_deleted_occurrence_confirms_nothing() {
    let mut m = meeting(8, None, &["2026-11-23T10:00:00Z"]);
    m.occurrences[0].status = Some("deleted".into());
    let refused = confirm(
        &event("2026-11-23T10:00:00Z", 60, ""),
        &m,
        &me(),
        window(),
        at(NOW),
    );
    assert!(
        matches!(refused, Err(Refusal::OtherTime { .. })),
        "{refused:?}"
    );
}

#[test]
fn the_biggest_numbers_zoom_could_send_refuse_without_panicking() {
    let mut m = meeting(2, Some("2026-11-23T10:00:00Z"), &[]);
    m.duration = Some(u32::MAX);
    assert_eq!(
        confirm(
            &event("2026-11-23T10:00:00Z", 60, ""),
            &m,
            &me(),
            window(),
            at(NOW)
        ),
        Ok(()),
        "a long meeting under way is still under way"
    );
    m.start_time = Some(DateTime::<Utc>::MAX_UTC);
    assert!(confirm(
        &event("2026-11-23T10:00:00Z", 60, ""),
        &m,
        &me(),
        window(),
        DateTime::<Utc>::MAX_UTC
    )
    .is_err());
    m.start_time = Some(DateTime::<Utc>::MIN_UTC);
    assert!(confirm(
        &event("2026-11-23T10:00:00Z", 60, ""),
        &m,
        &me(),
        window(),
        DateTime::<Utc>::MIN_UTC
    )
    .is_err());
}

/// Issue 20, item 2: an ICS feed's ORGANIZER is whatever the sender typed.
#[test]
fn with_every_user_an_organizer_no_calendar_vouches_for_is_join_only() {
    let m = meeting(2, Some("2026-11-23T10:00:00Z"), &[]);
    let everyone = Hosts::new(&["*".into()], &[]);
    let from_a_feed = AgendaEvent {
        organizer_vouched: false,
        ..event("2026-11-23T10:00:00Z", 60, DANA)
    };
    assert_eq!(
        confirm(&from_a_feed, &m, &everyone, window(), at(NOW)),
        Err(Refusal::OrganizerNotVouched)
    );
    // A host IT named needs no organizer at all.
    let dana = Hosts::new(&["*".into(), DANA.into()], &[]);
    assert_eq!(confirm(&from_a_feed, &m, &dana, window(), at(NOW)), Ok(()));
}
