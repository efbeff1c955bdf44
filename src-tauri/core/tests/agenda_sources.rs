//! Calendar sources over loopback: polling at steady state, and a failing
//! source that keeps its last data.

mod common;

use chrono::Utc;
use common::{room, sim};
use roomstart_sim::{LinkStyle, CLIENT_SECRET};

#[tokio::test]
async fn an_unchanged_feed_costs_one_304_per_poll() {
    let sim = sim(LinkStyle::Zoom).await;
    let room = room(&sim, CLIENT_SECRET);
    let now = Utc::now();
    room.refresh(now).await;
    room.refresh(now).await;
    room.refresh(now).await;
    assert_eq!(sim.requests("calendar"), 3, "one request per poll");
    assert_eq!(
        sim.requests("calendar_not_modified"),
        2,
        "the second and third were 304s"
    );
    assert_eq!(
        room.view(now).await.events.len(),
        4,
        "the cached body still gives the agenda"
    );
}

#[tokio::test]
async fn a_failing_source_keeps_its_last_events_and_is_reported() {
    let sim = sim(LinkStyle::Zoom).await;
    let room = room(&sim, CLIENT_SECRET);
    let now = Utc::now();
    room.refresh(now).await;
    drop(sim); // the calendar and Zoom go away
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    room.refresh(now).await;
    let view = room.view(now).await;
    assert_eq!(view.events.len(), 4, "last known events stay on screen");
    let problem = view
        .problems
        .iter()
        .find(|p| p.starts_with("calendar room could not be reached"));
    let age = format!("showing what it said at {}", now.format("%H:%M"));
    assert!(
        problem.is_some_and(|p| p.ends_with(&age)),
        "{:?}",
        view.problems
    );
}
