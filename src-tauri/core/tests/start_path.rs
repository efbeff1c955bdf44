//! The start path against the simulated Zoom, over real HTTP on loopback.

mod common;

use common::{room, room_with, sim};
use std::time::Duration;

use roomstart_core::launch::opener::{Opener, Opening};
use roomstart_core::launch::LaunchUrl;
use roomstart_core::room::view::When;
use roomstart_core::room::StartError;
use roomstart_core::zoom;
use roomstart_sim::LinkStyle;

#[tokio::test]
async fn two_taps_fetch_two_fresh_start_urls_with_one_request_each() {
    let sim = sim(LinkStyle::Zoom).await;
    let room = room(&sim, roomstart_sim::CLIENT_SECRET);
    let now = common::now();
    room.refresh(now).await;

    let view = room.view(now).await;
    assert_eq!(common::titles(&view), common::DEMO_TITLES);
    let startable: Vec<bool> = view.events.iter().map(|e| e.can_start).collect();
    assert_eq!(startable, [true, false, false, false]);
    assert_eq!(
        view.events[3].note.as_deref(),
        Some("Hosted on another Zoom account: join only")
    );
    assert_eq!(
        view.events[1].note.as_deref(),
        Some("No meeting link in the invite")
    );

    let key = &view.events[0].key;
    let before = sim.requests("meeting");
    let tokens_before = sim.requests("token");
    let first = room.start(key, now).await.unwrap();
    room.start(key, now).await.unwrap();
    assert_eq!(
        sim.requests("meeting") - before,
        2,
        "one Get meeting per tap"
    );
    assert_eq!(
        sim.requests("token"),
        tokens_before,
        "the token minted at refresh is reused"
    );

    let opened = room.opened();
    assert_eq!(
        opened,
        sim.issued_start_urls(),
        "each tap opened its fresh url"
    );
    let zak = |u: &str| u.split("zak=").nth(1).unwrap().to_string();
    assert_ne!(zak(&opened[0]), zak(&opened[1]), "a zak is never reused");
    assert!(opened[0].starts_with("https://us06web.zoom.us/s/85746352410?zak=sim-zak-"));
    assert_eq!(
        first.redacted,
        "https://us06web.zoom.us/s/85746352410?zak=REDACTED"
    );
}

/// The demo day laid out around each clock, in a room whose zone changes its
/// clocks: the whole day is on screen (tomorrow's part under Tomorrow), and
/// Start is offered for the meeting in progress only.
#[tokio::test]
async fn the_demo_day_reads_the_same_at_every_hour() {
    for clock in common::CLOCKS {
        let now = clock.parse().unwrap();
        let sim = common::sim_at(LinkStyle::Zoom, now).await;
        let room = room_with(
            &sim,
            common::client(&sim, roomstart_sim::CLIENT_SECRET),
            |s| s.zone = common::ZONE,
        );
        room.refresh(now).await;
        let view = room.view(now).await;
        assert_eq!(common::titles(&view), common::DEMO_TITLES, "at {clock}");
        let startable: Vec<bool> = view.events.iter().map(|e| e.can_start).collect();
        assert_eq!(startable, [true, false, false, false], "at {clock}");
        let when: Vec<When> = view.events.iter().map(|e| e.when).collect();
        assert_eq!(
            when,
            [When::Now, When::Next, When::Later, When::Later],
            "at {clock}"
        );
        room.start(&view.events[0].key, now)
            .await
            .unwrap_or_else(|e| panic!("at {clock}: {e}"));
    }
}

#[tokio::test]
async fn start_is_refused_for_a_meeting_this_account_does_not_host() {
    let sim = sim(LinkStyle::Local).await;
    let room = room_with(
        &sim,
        common::client(&sim, roomstart_sim::CLIENT_SECRET),
        |s| {
            s.demo_join_origin = Some(sim.base().clone());
        },
    );
    let now = common::now() + chrono::Duration::minutes(175);
    room.refresh(now).await;
    let view = room.view(now).await;
    let acme = view
        .events
        .iter()
        .find(|e| e.title.starts_with("Acme"))
        .unwrap();
    assert!(!acme.can_start && acme.can_join);
    let err = room.start(&acme.key, now).await.unwrap_err();
    assert!(matches!(err, StartError::NotAllowed(_)), "{err:?}");
    assert_eq!(
        sim.requests("meeting"),
        0,
        "nothing is asked of Zoom for a refused start"
    );

    room.join(&acme.key).await.unwrap();
    assert!(room.opened()[0].starts_with(&format!("{}j/93456789012?pwd=", sim.base())));
}

#[tokio::test]
async fn wrong_credentials_are_named_and_the_secret_is_not() {
    let sim = sim(LinkStyle::Zoom).await;
    let room = room(&sim, "wrong-secret-value-123");
    let key = room.sync_key().await;
    let err = room.tap_start(&key).await.unwrap_err();
    assert!(
        matches!(err, StartError::Zoom(zoom::Error::InvalidClient { .. })),
        "{err:?}"
    );
    let text = format!("{err} {err:?}");
    assert!(!text.contains("wrong-secret-value-123"), "{text}");
    assert!(
        room.opened().is_empty(),
        "nothing is opened for a failed start"
    );
}

#[tokio::test]
async fn a_meeting_deleted_on_zoom_since_the_refresh_is_not_found() {
    let sim = sim(LinkStyle::Zoom).await;
    let room = room(&sim, roomstart_sim::CLIENT_SECRET);
    let key = room.sync_key().await;
    sim.set_faults(roomstart_sim::Faults {
        deleted_meetings: vec![85746352410],
        ..Default::default()
    });
    let err = room.tap_start(&key).await.unwrap_err();
    assert!(
        matches!(err, StartError::Zoom(zoom::Error::MeetingNotFound { .. })),
        "{err:?}"
    );
    assert!(room.opened().is_empty());
}

/// The deadline covers the whole tap: the opener is given only what is left
/// of it, so a URL handler that never exits cannot hold the tap past it.
#[tokio::test]
async fn the_opener_gets_what_is_left_of_the_tap_deadline() {
    #[derive(Default)]
    struct Patient(std::sync::Mutex<Option<Duration>>);
    impl Opener for Patient {
        fn open<'a>(&'a self, _: &'a LaunchUrl, wait: Duration) -> Opening<'a> {
            *self.0.lock().unwrap() = Some(wait);
            Box::pin(async { Ok(()) })
        }
    }
    let sim = sim(LinkStyle::Zoom).await;
    let opener = std::sync::Arc::new(Patient::default());
    let deadline = Duration::from_millis(800);
    let room = room_with(
        &sim,
        common::client(&sim, roomstart_sim::CLIENT_SECRET),
        |s| {
            s.opener = opener.clone();
            s.tap_deadline = deadline;
        },
    );
    let key = room.sync_key().await;
    room.start(&key, common::now()).await.unwrap();
    let wait = opener.0.lock().unwrap().expect("the opener was called");
    assert!(
        wait < deadline,
        "{wait:?}: the Zoom request came out of the same budget"
    );
}
