//! Google Calendar as a calendar source: service account JWT and events.list
//! against the fake over loopback.

mod common;

use roomstart_core::calendar::google::{GoogleSource, ServiceAccount};
use roomstart_core::calendar::{CalendarSource, Reading};
use roomstart_core::Secret;
use roomstart_sim::{
    CalendarEdit, LinkStyle, Simulation, CLIENT_SECRET, DELEGATED_USER, DEMO_TITLES,
    ROOM_CALENDAR_ID,
};

fn google(sim: &Simulation, subject: Option<&str>, page_size: u16) -> CalendarSource {
    let account = ServiceAccount::from_key_file(&Secret::new(sim.google_key_json())).unwrap();
    let mut source = GoogleSource::new(
        "aurora".into(),
        ROOM_CALENDAR_ID.into(),
        account,
        subject.map(str::to_string),
    );
    source.api_base = sim.google_api_base().parse().unwrap();
    source.page_size = page_size;
    CalendarSource::Google(Box::new(source))
}

#[tokio::test]
async fn the_room_calendar_gives_the_agenda_with_the_zoom_add_on_and_wrapped_links() {
    let sim = common::sim(LinkStyle::Zoom).await;
    let room = common::room_with(&sim, common::client(&sim, CLIENT_SECRET), |s| {
        s.sources = vec![google(&sim, None, 2)]
    });
    let now = common::now();
    room.refresh(now).await;
    let view = room.view(now).await;
    assert!(view.problems.is_empty(), "{:?}", view.problems);
    assert_eq!(common::titles(&view), common::DEMO_TITLES);
    assert!(
        view.events[0].can_start,
        "found in conferenceData from the Zoom add-on"
    );
    assert_eq!(
        view.events[3].meeting_number.as_deref(),
        Some("934 5678 9012"),
        "found behind Google's /url?q= wrapper in the HTML description"
    );
    assert_eq!(sim.requests("google_events"), 2, "two pages of two");
    assert_eq!(sim.requests("google_token"), 1);
}

#[tokio::test]
async fn domain_wide_delegation_signs_for_a_user_the_admin_allowed() {
    let sim = common::sim(LinkStyle::Zoom).await;
    let http = roomstart_core::http::HttpClients::new();
    let now = common::now();
    let window = (
        now - chrono::Duration::hours(12),
        now + chrono::Duration::hours(24),
    );
    let parsed = google(&sim, Some(DELEGATED_USER), 250)
        .fetch(&http, chrono_tz::UTC, window, Reading::Once)
        .await
        .unwrap();
    assert_eq!(parsed.events.len(), 4);
    let err = google(&sim, Some("mallory@elsewhere.example"), 250)
        .fetch(&http, chrono_tz::UTC, window, Reading::Once)
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("Google refused the service account (400 unauthorized_client)"),
        "{err}"
    );
}

#[test]
fn a_key_file_that_is_not_one_is_named_without_quoting_it() {
    let err = ServiceAccount::from_key_file(&Secret::new(
        "{\"private_key\": \"-----BEGIN PRIVATE KEY-----abc\"",
    ))
    .err()
    .unwrap();
    assert!(
        err.contains("cut short") || err.contains("not JSON"),
        "{err}"
    );
    assert!(!err.contains("BEGIN PRIVATE KEY"));
}

#[tokio::test]
async fn the_refresh_loop_lists_everything_once_then_only_what_changed() {
    let sim = common::sim(LinkStyle::Zoom).await;
    let room = common::room_with(&sim, common::client(&sim, CLIENT_SECRET), |s| {
        s.sources = vec![google(&sim, None, 2)]
    });
    let now = common::now();
    room.refresh(now).await;
    assert_eq!(
        sim.requests("google_events"),
        2,
        "the full listing, two pages"
    );

    sim.edit_calendar("demo-whiteboard@roomstart.test", CalendarEdit::Cancel);
    sim.edit_calendar(
        "demo-review@roomstart.test",
        CalendarEdit::Retitle("Design review: onboarding, round 2".into()),
    );
    room.refresh(now).await;
    let view = room.view(now).await;
    assert!(view.problems.is_empty(), "{:?}", view.problems);
    assert_eq!(
        common::titles(&view),
        [
            DEMO_TITLES[0],
            "Design review: onboarding, round 2",
            DEMO_TITLES[3]
        ]
    );
    assert!(view.events[0].can_start, "unchanged events keep their link");
    assert_eq!(
        sim.requests("google_events"),
        3,
        "one request for the changes"
    );

    room.refresh(now).await;
    assert_eq!(
        sim.requests("google_events"),
        4,
        "nothing changed: one small request"
    );
    assert_eq!(common::titles(&room.view(now).await).len(), 3);

    sim.expire_sync_tokens();
    room.refresh(now).await;
    let view = room.view(now).await;
    assert!(view.problems.is_empty(), "{:?}", view.problems);
    assert_eq!(
        sim.requests("google_events"),
        7,
        "410 Gone, then the full listing again (two pages)"
    );
    assert_eq!(
        common::titles(&view),
        [
            DEMO_TITLES[0],
            "Design review: onboarding, round 2",
            DEMO_TITLES[3]
        ]
    );
    assert_eq!(sim.requests("google_token"), 1, "the token is reused");
}

#[tokio::test]
async fn a_moved_event_moves_on_the_agenda() {
    let sim = common::sim(LinkStyle::Zoom).await;
    let room = common::room_with(&sim, common::client(&sim, CLIENT_SECRET), |s| {
        s.sources = vec![google(&sim, None, 250)]
    });
    let now = common::now();
    room.refresh(now).await;
    // From later today to before the product sync, which began 10 to 15 minutes ago.
    let moved_to = now - chrono::Duration::minutes(20);
    sim.edit_calendar("demo-acme@roomstart.test", CalendarEdit::MoveTo(moved_to));
    room.refresh(now).await;
    let view = room.view(now).await;
    assert_eq!(view.events[0].title, DEMO_TITLES[3]);
    assert_eq!(view.events.len(), 4, "moved, not copied");
}

#[tokio::test]
async fn a_refused_token_is_renewed_once_as_after_a_sleep() {
    let sim = common::sim(LinkStyle::Zoom).await;
    let source = google(&sim, None, 250);
    let http = roomstart_core::http::HttpClients::new();
    let window = (
        common::now() - chrono::Duration::hours(12),
        common::now() + chrono::Duration::hours(24),
    );
    let read = || source.fetch(&http, chrono_tz::UTC, window, Reading::Once);
    read().await.unwrap();
    sim.revoke_tokens();
    let parsed = read().await.unwrap();
    assert_eq!(parsed.events.len(), DEMO_TITLES.len());
    assert_eq!(sim.requests("google_token"), 2, "one new token, not a loop");
}
