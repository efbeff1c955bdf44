//! A room wired to the simulated Zoom and its feed over loopback, as the
//! integration tests need it.

// Each test binary that includes this module uses a different part of it.
#![allow(dead_code)]

#[cfg(target_os = "linux")]
pub mod tls;
pub mod writable;

use chrono::{DateTime, Utc};
use roomstart_core::calendar::CalendarSource;
use roomstart_core::launch::TrustedOrigins;
use std::ops::Deref;
use std::sync::Arc;

use roomstart_core::launch::opener::RecordingOpener;
use roomstart_core::room::{Room, RoomSetup, StartError, ZoomAccount};
use roomstart_core::zoom::{ZoomClient, ZoomCredentials, ZoomEndpoints};
use roomstart_core::Secret;
use roomstart_sim::{LinkStyle, SimOptions, Simulation};

/// The moment the tests run at, unless they say otherwise. No test reads the
/// wall clock; this one is late in the evening (UTC), where a demo day laid
/// out from "now" runs past midnight, which is what used to break tests at night.
pub fn now() -> DateTime<Utc> {
    "2026-11-23T22:40:00Z".parse().unwrap()
}

/// Moments that have each broken a clock-dependent test somewhere: noon, late
/// evening, a day's last minutes in the room's zone, and the nights Berlin's
/// clocks change (the room zone `ZONE` below).
pub const CLOCKS: [&str; 6] = [
    "2026-11-23T12:00:00Z",
    "2026-11-23T22:40:00Z",
    "2026-11-23T22:55:00Z", // 23:55 in Berlin
    "2026-03-28T23:30:00Z", // 00:30 CET, the night of the spring change
    "2026-03-29T00:55:00Z", // 01:55 CET, five minutes before 02:00 becomes 03:00
    "2026-10-25T00:50:00Z", // 02:50 CEST, ten minutes before 03:00 becomes 02:00
];

/// A room zone with daylight saving time, for the tests run at every clock.
pub const ZONE: chrono_tz::Tz = chrono_tz::Europe::Berlin;

/// The simulation with its demo day laid out around `now()`.
pub async fn sim(links: LinkStyle) -> Simulation {
    sim_at(links, now()).await
}

pub async fn sim_at(links: LinkStyle, anchor: DateTime<Utc>) -> Simulation {
    Simulation::start(SimOptions {
        links,
        ..SimOptions::at(anchor)
    })
    .await
    .unwrap()
}

pub fn client(sim: &Simulation, secret: &str) -> ZoomClient {
    ZoomClient::new(
        ZoomEndpoints::from_bases(&sim.api_base(), sim.base().as_str()).unwrap(),
        ZoomCredentials {
            account_id: roomstart_sim::ACCOUNT_ID.into(),
            client_id: roomstart_sim::CLIENT_ID.into(),
            client_secret: Secret::new(secret),
        },
    )
}

/// A client of a Zoom that is not there (a closed loopback port).
pub fn client_nowhere() -> ZoomClient {
    ZoomClient::new(
        ZoomEndpoints::from_bases("http://127.0.0.1:9/v2", "http://127.0.0.1:9").unwrap(),
        ZoomCredentials {
            account_id: roomstart_sim::ACCOUNT_ID.into(),
            client_id: roomstart_sim::CLIENT_ID.into(),
            client_secret: Secret::new("nowhere"),
        },
    )
}

/// A room whose taps open nothing: its opener records what it was handed.
pub struct TestRoom {
    pub room: Room,
    pub opener: Arc<RecordingOpener>,
}

impl Deref for TestRoom {
    type Target = Room;
    fn deref(&self) -> &Room {
        &self.room
    }
}

impl TestRoom {
    /// Every URL its taps opened, oldest first.
    pub fn opened(&self) -> Vec<String> {
        self.opener.opened()
    }

    /// Reads the calendar at `now()` and returns the key of the event on now,
    /// the demo's hosted meeting (85746352410).
    pub async fn sync_key(&self) -> String {
        self.refresh(now()).await;
        self.view(now()).await.events[0].key.clone()
    }

    /// A tap on the meeting on now, as the screen would send it.
    pub async fn tap_start(&self, key: &str) -> Result<String, StartError> {
        self.start(key, now()).await?;
        Ok(self.opened().pop().expect("a started meeting was opened"))
    }
}

/// A room on the simulation; `adjust` changes the setup before the room is built.
pub fn room_with(
    sim: &Simulation,
    client: ZoomClient,
    adjust: impl FnOnce(&mut RoomSetup),
) -> TestRoom {
    let opener = Arc::new(RecordingOpener::default());
    let mut setup = RoomSetup {
        opener: opener.clone(),
        zoom: Some(ZoomAccount::new(client)),
        sources: vec![CalendarSource::ics_url(
            "room",
            Secret::new(sim.calendar_url()),
        )],
        trusted: TrustedOrigins::with_loopback(sim.base()).unwrap(),
        ..RoomSetup::new("Aurora", chrono_tz::UTC)
    };
    adjust(&mut setup);
    TestRoom {
        room: Room::new(setup),
        opener,
    }
}

pub fn room(sim: &Simulation, secret: &str) -> TestRoom {
    room_with(sim, client(sim, secret), |_| {})
}

/// The agenda's titles, in the order the screen shows them.
pub fn titles(view: &roomstart_core::room::view::RoomView) -> Vec<&str> {
    view.events.iter().map(|e| e.title.as_str()).collect()
}

#[allow(unused_imports)]
pub use roomstart_sim::DEMO_TITLES;
