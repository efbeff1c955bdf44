//! A room wired to the simulated Zoom and its feed over loopback, as the
//! integration tests need it.

// Each test binary that includes this module uses a different part of it.
#![allow(dead_code)]

use roomstart_core::calendar::CalendarSource;
use roomstart_core::launch::TrustedOrigins;
use roomstart_core::room::{Room, RoomSetup, ZoomAccount};
use roomstart_core::zoom::{ZoomClient, ZoomCredentials, ZoomEndpoints};
use roomstart_core::Secret;
use roomstart_sim::{LinkStyle, SimOptions, Simulation};

pub async fn sim(links: LinkStyle) -> Simulation {
    Simulation::start(SimOptions {
        links,
        ..SimOptions::default()
    })
    .await
    .unwrap()
}

pub fn client(sim: &Simulation, secret: &str) -> ZoomClient {
    ZoomClient::new(
        ZoomEndpoints::from_bases(&sim.api_base(), sim.base().as_str()),
        ZoomCredentials {
            account_id: roomstart_sim::ACCOUNT_ID.into(),
            client_id: roomstart_sim::CLIENT_ID.into(),
            client_secret: Secret::new(secret),
        },
    )
}

/// A room on the simulation; `adjust` changes the setup before the room is built.
pub fn room_with(
    sim: &Simulation,
    client: ZoomClient,
    adjust: impl FnOnce(&mut RoomSetup),
) -> Room {
    let mut setup = RoomSetup {
        zoom: Some(ZoomAccount::new(client)),
        sources: vec![CalendarSource::ics_url(
            "room",
            Secret::new(sim.calendar_url()),
        )],
        trusted: TrustedOrigins::with_loopback(sim.base()).unwrap(),
        ..RoomSetup::new("Aurora", chrono_tz::UTC)
    };
    adjust(&mut setup);
    Room::new(setup)
}

pub fn room(sim: &Simulation, secret: &str) -> Room {
    room_with(sim, client(sim, secret), |_| {})
}

/// The agenda's titles, in the order the screen shows them.
pub fn titles(view: &roomstart_core::view::RoomView) -> Vec<&str> {
    view.events.iter().map(|e| e.title.as_str()).collect()
}

/// The demo day's events, in order, as every source gives them unedited.
pub const DEMO_TITLES: [&str; 4] = [
    "Weekly product sync",
    "Team lunch",
    "Design review: onboarding flow",
    "Acme partnership check-in",
];
