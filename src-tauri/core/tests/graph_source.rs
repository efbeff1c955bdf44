//! Microsoft Graph as a calendar source, against the fake over loopback.

mod common;

use chrono::Utc;
use roomstart_core::calendar::graph::GraphSource;
use roomstart_core::calendar::{CalendarSource, Reading};
use roomstart_core::Secret;
use roomstart_sim::{
    CalendarEdit, Faults, LinkStyle, Simulation, CLIENT_SECRET, DEMO_TITLES, GRAPH_CLIENT_ID,
    ROOM_MAILBOX, TENANT_ID,
};

fn graph(sim: &Simulation, secret: &str) -> CalendarSource {
    paged_graph(sim, secret, 100)
}

fn paged_graph(sim: &Simulation, secret: &str, page_size: u16) -> CalendarSource {
    let (graph_base, login_base) = sim.graph_bases();
    let mut source = GraphSource::new(
        "aurora".into(),
        TENANT_ID.into(),
        GRAPH_CLIENT_ID.into(),
        Secret::new(secret),
        ROOM_MAILBOX.into(),
    );
    source.graph_base = graph_base.parse().unwrap();
    source.login_base = login_base.parse().unwrap();
    source.page_size = page_size;
    CalendarSource::Graph(Box::new(source))
}

fn today() -> (chrono::DateTime<Utc>, chrono::DateTime<Utc>) {
    let now = common::now();
    (
        now - chrono::Duration::hours(12),
        now + chrono::Duration::hours(24),
    )
}

#[tokio::test]
async fn the_room_mailbox_gives_the_agenda_and_its_zoom_links() {
    let sim = common::sim(LinkStyle::Zoom).await;
    let room = common::room_with(&sim, common::client(&sim, CLIENT_SECRET), |s| {
        s.sources = vec![graph(&sim, CLIENT_SECRET)]
    });
    let now = common::now();
    room.refresh(now).await;
    let view = room.view(now).await;
    assert_eq!(common::titles(&view), common::DEMO_TITLES);
    assert!(
        view.events[0].can_start,
        "the Zoom link in the text body was found"
    );
    assert_eq!(
        view.events[3].meeting_number.as_deref(),
        Some("934 5678 9012")
    );
    assert!(view.problems.is_empty(), "{:?}", view.problems);
}

#[tokio::test]
async fn every_page_is_followed_and_throttling_is_waited_out() {
    let sim = common::sim(LinkStyle::Zoom).await;
    sim.set_faults(Faults {
        graph_throttle: 1,
        ..Faults::default()
    });
    let http = roomstart_core::http::HttpClients::new();
    let parsed = paged_graph(&sim, CLIENT_SECRET, 3)
        .fetch(&http, chrono_tz::UTC, today(), Reading::Once)
        .await
        .unwrap();
    assert_eq!(
        parsed.events.len(),
        4,
        "three on the first page, one on the next"
    );
    assert_eq!(
        sim.requests("graph_calendar_view"),
        3,
        "one 429 with Retry-After: 1, then two pages"
    );
    assert!(parsed.hints.is_empty());
}

#[tokio::test]
async fn bodies_removed_by_exchange_are_explained_to_it() {
    let sim = common::sim(LinkStyle::Zoom).await;
    sim.set_faults(Faults {
        graph_bodies_removed: true,
        ..Faults::default()
    });
    let http = roomstart_core::http::HttpClients::new();
    let parsed = graph(&sim, CLIENT_SECRET)
        .fetch(&http, chrono_tz::UTC, today(), Reading::Once)
        .await
        .unwrap();
    assert_eq!(parsed.events.len(), 4);
    assert!(
        parsed.hints[0].contains("all 4 events came without a body"),
        "{:?}",
        parsed.hints
    );
    assert!(parsed.hints[0]
        .contains("Set-CalendarProcessing aurora@demo.roomstart.test -DeleteComments $false"));
}

#[tokio::test]
async fn a_wrong_secret_is_named_and_not_shown() {
    let sim = common::sim(LinkStyle::Zoom).await;
    let http = roomstart_core::http::HttpClients::new();
    let err = graph(&sim, "graph-wrong-secret-77")
        .fetch(&http, chrono_tz::UTC, today(), Reading::Once)
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("Entra ID refused the app's credentials (401 invalid_client): AADSTS7000215: Invalid client secret provided."),
        "{text}"
    );
    assert!(!text.contains("graph-wrong-secret-77"));
}

#[tokio::test]
async fn the_refresh_loop_takes_one_delta_round_then_only_changes() {
    let sim = common::sim(LinkStyle::Zoom).await;
    let room = common::room_with(&sim, common::client(&sim, CLIENT_SECRET), |s| {
        s.sources = vec![paged_graph(&sim, CLIENT_SECRET, 3)]
    });
    let now = common::now();
    room.refresh(now).await;
    assert_eq!(common::titles(&room.view(now).await).len(), 4);
    assert_eq!(
        sim.requests("graph_delta"),
        2,
        "the round's first listing: 3 + 1"
    );
    assert_eq!(sim.requests("graph_calendar_view"), 0);

    sim.edit_calendar("demo-whiteboard@roomstart.test", CalendarEdit::Cancel);
    sim.edit_calendar(
        "demo-review@roomstart.test",
        CalendarEdit::Retitle("Design review: onboarding, round 2".into()),
    );
    // Moved to next week: out of the window, so Graph reports it removed.
    sim.edit_calendar(
        "demo-acme@roomstart.test",
        CalendarEdit::MoveTo(now + chrono::Duration::days(7)),
    );
    room.refresh(now).await;
    let view = room.view(now).await;
    assert!(view.problems.is_empty(), "{:?}", view.problems);
    assert_eq!(
        common::titles(&view),
        [DEMO_TITLES[0], "Design review: onboarding, round 2"]
    );
    assert!(view.events[0].can_start, "unchanged events keep their link");
    assert_eq!(
        sim.requests("graph_delta"),
        3,
        "the delta link: one request"
    );

    room.refresh(now).await;
    assert_eq!(
        sim.requests("graph_delta"),
        4,
        "nothing changed: one small request"
    );

    sim.expire_sync_tokens();
    room.refresh(now).await;
    let view = room.view(now).await;
    assert!(view.problems.is_empty(), "{:?}", view.problems);
    assert_eq!(
        sim.requests("graph_delta"),
        5 + 1,
        "410 Gone, then a new round of one page"
    );
    assert_eq!(
        common::titles(&view),
        [DEMO_TITLES[0], "Design review: onboarding, round 2"]
    );
    assert_eq!(sim.requests("graph_token"), 1, "the token is reused");
}

#[tokio::test]
async fn a_new_day_starts_a_new_round() {
    let sim = common::sim(LinkStyle::Zoom).await;
    let room = common::room_with(&sim, common::client(&sim, CLIENT_SECRET), |s| {
        s.sources = vec![graph(&sim, CLIENT_SECRET)]
    });
    let now = common::now();
    room.refresh(now).await;
    room.refresh(now + chrono::Duration::days(1)).await;
    let view = room.view(now + chrono::Duration::days(1)).await;
    assert!(view.problems.is_empty(), "{:?}", view.problems);
    assert_eq!(
        sim.requests("graph_delta"),
        2,
        "the window moved: a new round, not the old delta link"
    );
}

#[tokio::test]
async fn a_failed_poll_keeps_the_delta_round_and_the_events() {
    let sim = common::sim(LinkStyle::Zoom).await;
    let room = common::room_with(&sim, common::client(&sim, CLIENT_SECRET), |s| {
        s.sources = vec![paged_graph(&sim, CLIENT_SECRET, 3)]
    });
    let now = common::now();
    room.refresh(now).await;
    assert_eq!(sim.requests("graph_delta"), 2, "a round of two pages");

    // Throttled past the two short waits: this poll fails.
    sim.set_faults(Faults {
        graph_throttle: 3,
        ..Faults::default()
    });
    room.refresh(now).await;
    let view = room.view(now).await;
    assert_eq!(view.events.len(), 4, "the last events stand");
    assert!(
        view.problems[0]
            .message
            .starts_with("Microsoft 365 is asking this room to slow down; the agenda is from "),
        "{:?}",
        view.problems
    );
    assert_eq!(sim.requests("graph_delta"), 5);

    sim.set_faults(Faults::default());
    room.refresh(now).await;
    assert!(room.view(now).await.problems.is_empty());
    assert_eq!(
        sim.requests("graph_delta"),
        6,
        "the round's delta link, not a new two-page round"
    );
}

#[tokio::test]
async fn a_refused_token_is_renewed_once_as_after_a_sleep() {
    let sim = common::sim(LinkStyle::Zoom).await;
    let source = graph(&sim, CLIENT_SECRET);
    let http = roomstart_core::http::HttpClients::new();
    let read = || source.fetch(&http, chrono_tz::UTC, today(), Reading::Once);
    read().await.unwrap();
    // The tokens died while the room slept: the next read gets a 401 first.
    sim.revoke_tokens();
    let parsed = read().await.unwrap();
    assert_eq!(parsed.events.len(), DEMO_TITLES.len());
    assert_eq!(sim.requests("graph_token"), 2, "one new token, not a loop");
}
