//! The room's poll plan against the fakes with the vendors' published limits
//! switched on (`Simulation::enforce_quotas`): a throttled identity backs
//! off, keeps its agenda and says so in words; Zoom's `Retry-After` is honoured.

mod common;

use std::time::Duration;

use roomstart_core::calendar::google::{GoogleSource, ServiceAccount};
use roomstart_core::calendar::CalendarSource;
use roomstart_core::Secret;
use roomstart_sim::quota::Limits;
use roomstart_sim::{LinkStyle, CLIENT_SECRET, ROOM_CALENDAR_ID};

#[tokio::test]
async fn a_throttled_google_user_backs_off_keeps_the_agenda_and_says_so() {
    let sim = common::sim(LinkStyle::Zoom).await;
    let account = ServiceAccount::from_key_file(&Secret::new(sim.google_key_json())).unwrap();
    let mut source = GoogleSource::new("aurora".into(), ROOM_CALENDAR_ID.into(), account, None);
    source.api_base = sim.google_api_base().parse().unwrap();
    let room = common::room_with(&sim, common::client(&sim, CLIENT_SECRET), |s| {
        s.sources = vec![CalendarSource::Google(Box::new(source))]
    });
    // One request a minute for the service account: the second read is refused.
    sim.enforce_quotas(Limits {
        google_user_per_minute: 1,
        ..Limits::zoom_pro()
    });
    let now = common::now();
    room.poll(now).await;
    assert_eq!(
        sim.requests("google_events"),
        1,
        "read at once: nothing to show yet"
    );
    assert_eq!(common::titles(&room.view(now).await), common::DEMO_TITLES);

    let later = now + chrono::Duration::minutes(2);
    let next = room.poll(later).await;
    assert_eq!(sim.requests("google_events"), 2);
    let view = room.view(later).await;
    assert_eq!(
        common::titles(&view),
        common::DEMO_TITLES,
        "the last agenda stays"
    );
    let said: Vec<&str> = view.problems.iter().map(|p| p.message.as_str()).collect();
    assert!(
        said.iter()
            .any(|m| m.starts_with("Google is asking this room to slow down; the agenda is from ")),
        "{said:?}"
    );
    // Backed off: at least half of the first 15 s, with no request meanwhile.
    assert!(
        next >= later + chrono::Duration::milliseconds(7_500),
        "{next}"
    );
    room.poll(later + chrono::Duration::seconds(5)).await;
    assert_eq!(
        sim.requests("google_events"),
        2,
        "nothing asked while backing off"
    );

    // Recovers: the quota lets it through again and the words go.
    sim.enforce_quotas(Limits::zoom_pro());
    room.poll(next).await;
    assert_eq!(sim.requests("google_events"), 3);
    assert!(room.view(next).await.problems.is_empty());
}

#[tokio::test]
async fn zooms_retry_after_is_waited_out_before_asking_again() {
    let sim = common::sim(LinkStyle::Zoom).await;
    let room = common::room(&sim, CLIENT_SECRET);
    // No List meetings at all: every one gets 429 with Retry-After: 1.
    sim.enforce_quotas(Limits {
        zoom_medium_per_second: 0,
        ..Limits::zoom_pro()
    });
    let now = common::now();
    let before = std::time::Instant::now();
    let next = room.poll(now).await;
    assert!(
        before.elapsed() >= Duration::from_millis(900),
        "waited once"
    );
    assert_eq!(sim.requests("list"), 2, "asked again once, then gave up");
    let view = room.view(now).await;
    let said: Vec<&str> = view.problems.iter().map(|p| p.message.as_str()).collect();
    assert!(
        said.iter()
            .any(|m| m.starts_with("Zoom asked this room to slow down")),
        "{said:?}"
    );
    assert!(!view.events.is_empty(), "the calendar still shows");
    // The account backs off: no List meetings for at least 7.5 s.
    room.poll(now + chrono::Duration::seconds(7)).await;
    assert_eq!(sim.requests("list"), 2);
    assert!(next > now + chrono::Duration::seconds(7));
}
