//! Calendar sources over loopback: polling at steady state, and a failing
//! source that keeps its last data.

mod common;

use common::{room, sim};
use roomstart_core::room::view::MessageKind;
use roomstart_sim::{CalendarEdit, LinkStyle, CLIENT_SECRET, DEMO_TITLES};

#[tokio::test]
async fn an_unchanged_feed_costs_one_304_per_poll() {
    let sim = sim(LinkStyle::Zoom).await;
    let room = room(&sim, CLIENT_SECRET);
    let now = common::now();
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

    // The feed changes: its ETag changes, and the next poll reads it whole.
    sim.edit_calendar("demo-whiteboard@roomstart.test", CalendarEdit::Cancel);
    room.refresh(now).await;
    assert_eq!(sim.requests("calendar_not_modified"), 2, "a 200, not a 304");
    let titles: Vec<String> = room
        .view(now)
        .await
        .events
        .into_iter()
        .map(|e| e.title)
        .collect();
    assert!(!titles.contains(&DEMO_TITLES[1].to_string()), "{titles:?}");
    assert_eq!(titles.len(), 3);
}

#[tokio::test]
async fn a_failing_source_keeps_its_last_events_and_is_reported() {
    let sim = sim(LinkStyle::Zoom).await;
    let room = room(&sim, CLIENT_SECRET);
    let now = common::now();
    room.refresh(now).await;
    drop(sim); // the calendar and Zoom go away
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    room.refresh(now).await;
    let view = room.view(now).await;
    assert_eq!(view.events.len(), 4, "last known events stay on screen");
    // No answer at all reads as offline, with how old the agenda is.
    assert_eq!(view.updated_minutes_ago, Some(0));
    let problem = view.problems.iter().find(|p| {
        p.message
            .starts_with("The calendar “room” could not be reached;")
    });
    let age = format!("showing what it said at {}", now.format("%H:%M"));
    assert!(
        problem.is_some_and(|p| p.kind == MessageKind::Offline && p.message.ends_with(&age)),
        "{:?}",
        view.problems
    );
    // Zoom went too: said in the room's words, not Zoom's or reqwest's.
    let zoom = view
        .problems
        .iter()
        .find(|p| p.kind == MessageKind::ZoomUnreadable);
    assert_eq!(
        zoom.map(|p| p.message.as_str()),
        Some("Zoom could not be reached, so Start may be unavailable. Join still works."),
        "{:?}",
        view.problems
    );
}

#[tokio::test]
async fn a_restart_without_network_shows_the_saved_agenda_and_its_age() {
    let dir = std::env::temp_dir().join(format!("roomstart-cache-{}", std::process::id()));
    let cache = dir.join("agenda.json");
    let sim = sim(LinkStyle::Zoom).await;
    let with_cache = |s: &mut roomstart_core::room::RoomSetup| s.cache_file = Some(cache.clone());
    let first = common::room_with(&sim, common::client(&sim, CLIENT_SECRET), with_cache);
    let now = common::now();
    first.refresh(now).await;
    let saved = std::fs::read_to_string(&cache).expect("the agenda was saved");
    assert!(saved.contains(DEMO_TITLES[0]) && saved.contains("85746352410"));
    for m in &sim.schedule().meetings {
        assert!(
            !saved.contains(m.passcode) && !saved.contains(m.encrypted_passcode),
            "no passcode in the cache"
        );
    }
    assert!(!saved.contains("pwd") && !saved.contains("zak") && !saved.contains("sim-token"));

    let restarted = common::room_with(&sim, common::client(&sim, CLIENT_SECRET), with_cache);
    drop(sim); // no network after the restart
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    let view = restarted.view(now).await;
    assert_eq!(view.events.len(), 4);
    assert_eq!(view.problems[0].kind, MessageKind::Offline);
    assert!(
        view.problems[0]
            .message
            .starts_with("No answer from the calendar yet: showing the agenda saved at"),
        "{:?}",
        view.problems
    );
    restarted.refresh(now).await;
    let view = restarted.view(now).await;
    assert_eq!(
        view.events.len(),
        4,
        "a failed refresh keeps the saved agenda"
    );
    assert!(
        view.problems
            .iter()
            .any(|p| p.message.contains("showing what it said at")),
        "{:?}",
        view.problems
    );
    std::fs::remove_dir_all(dir).unwrap();
}

/// Two reads at once (the screen confirming a write while the room polls):
/// one that started first but answers last, with what the feed held when it
/// asked, must not put back what the later read replaced.
#[tokio::test]
async fn a_slow_answer_does_not_undo_a_newer_one() {
    let sim = sim(LinkStyle::Zoom).await;
    let room = room(&sim, CLIENT_SECRET);
    let now = common::now();
    sim.set_faults(roomstart_sim::Faults {
        feed_late: Some(std::time::Duration::from_millis(800)),
        ..Default::default()
    });
    let newer = async {
        // The slow read has its answer, the whole demo day, in hand.
        while sim.requests("calendar_late") == 0 {
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        sim.set_faults(roomstart_sim::Faults::default());
        sim.edit_calendar("demo-whiteboard@roomstart.test", CalendarEdit::Cancel);
        room.refresh(now).await;
    };
    tokio::join!(room.refresh(now), newer);
    let view = room.view(now).await;
    let titles = common::titles(&view);
    assert!(!titles.contains(&DEMO_TITLES[1]), "{titles:?}");
    assert_eq!(titles.len(), 3, "{titles:?}");
}
