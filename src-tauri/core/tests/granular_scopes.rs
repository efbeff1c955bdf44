//! The Zoom app's scopes in the README are the narrowest that work: a room on
//! a Zoom whose tokens carry only `meeting:read:meeting:admin` and
//! `meeting:read:list_meetings:admin` offers Start and starts, and without
//! either one it cannot.

mod common;

use roomstart_core::room::{StartError, StartVia};
use roomstart_core::zoom;
use roomstart_sim::{Faults, LinkStyle, Simulation};

const GET_MEETING: &str = "meeting:read:meeting:admin";
const LIST_MEETINGS: &str = "meeting:read:list_meetings:admin";
const USER_TOKEN: &str = "user:read:token:admin";

fn granting(sim: &Simulation, scopes: &[&str]) {
    sim.set_faults(Faults {
        scopes: Some(scopes.join(" ")),
        ..Faults::default()
    });
}

#[tokio::test]
async fn the_two_granular_meeting_scopes_start_a_meeting() {
    let sim = common::sim(LinkStyle::Zoom).await;
    granting(&sim, &[GET_MEETING, LIST_MEETINGS]);
    let room = common::room(&sim, roomstart_sim::CLIENT_SECRET);
    let key = room.sync_key().await;
    assert!(room.view(common::now()).await.events[0].can_start);
    let opened = room.tap_start(&key).await.unwrap();
    assert_eq!(Some(&opened), sim.issued_start_urls().last());
}

#[tokio::test]
async fn without_list_meetings_no_meeting_is_known_to_be_hosted_here() {
    let sim = common::sim(LinkStyle::Zoom).await;
    granting(&sim, &[GET_MEETING]);
    let room = common::room(&sim, roomstart_sim::CLIENT_SECRET);
    room.sync_key().await;
    let view = room.view(common::now()).await;
    assert!(view.events.iter().all(|e| !e.can_start));
}

#[tokio::test]
async fn without_get_meeting_a_tap_says_a_permission_is_missing() {
    let sim = common::sim(LinkStyle::Zoom).await;
    granting(&sim, &[LIST_MEETINGS]);
    let room = common::room(&sim, roomstart_sim::CLIENT_SECRET);
    let key = room.sync_key().await;
    let refused = room.tap_start(&key).await.unwrap_err();
    assert!(
        matches!(&refused, StartError::Zoom(zoom::Error::MissingScope { .. })),
        "{refused:?}"
    );
    assert!(room.opened().is_empty());
}

#[tokio::test]
async fn start_with_zoommtg_needs_the_user_token_scope_too() {
    let sim = common::sim(LinkStyle::Zoom).await;
    let zoommtg = |sim: &Simulation| {
        common::room_with(
            sim,
            common::client(sim, roomstart_sim::CLIENT_SECRET),
            |s| {
                if let Some(z) = s.zoom.as_mut() {
                    z.start_via = StartVia::ZoomClient;
                }
            },
        )
    };
    granting(&sim, &[GET_MEETING, LIST_MEETINGS, USER_TOKEN]);
    let room = zoommtg(&sim);
    let key = room.sync_key().await;
    let opened = room.tap_start(&key).await.unwrap();
    assert!(opened.starts_with("zoommtg://us06web.zoom.us/start?confno=85746352410&zak="));

    granting(&sim, &[GET_MEETING, LIST_MEETINGS]);
    let room = zoommtg(&sim);
    let key = room.sync_key().await;
    let refused = room.tap_start(&key).await.unwrap_err();
    assert!(
        matches!(&refused, StartError::Zoom(zoom::Error::MissingScope { .. })),
        "{refused:?}"
    );
}
