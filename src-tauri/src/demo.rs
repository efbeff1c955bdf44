//! The embedded demo room: the simulation on loopback, wired like a real room.

use roomstart_core::calendar::CalendarSource;
use roomstart_core::launch::TrustedOrigins;
use roomstart_core::room::{Room, RoomSetup, ZoomAccount};
use roomstart_core::zoom::{ZoomClient, ZoomCredentials, ZoomEndpoints};
use roomstart_core::{setup, Secret};
use roomstart_sim::{LinkStyle, SimOptions, Simulation};

use crate::Opening;

/// `ROOMSTART_DEMO_PORT` fixes the simulation's port (tests use it); else any free one.
pub async fn open_demo_room() -> Opening {
    let port = std::env::var("ROOMSTART_DEMO_PORT")
        .ok()
        .and_then(|p| p.parse::<u16>().ok())
        .unwrap_or(0);
    let options = SimOptions {
        addr: ([127, 0, 0, 1], port).into(),
        links: LinkStyle::Local,
        ..SimOptions::at(chrono::Utc::now())
    };
    let sim = match Simulation::start(options).await {
        Ok(sim) => sim,
        Err(e) => {
            return Opening::Setup {
                problem: format!(
                    "the demo room could not start its simulation on 127.0.0.1:{port}: {e}"
                ),
            }
        }
    };
    tracing::info!(base = %sim.base(), "demo simulation listening");
    let client = ZoomClient::new(
        ZoomEndpoints::from_bases(&sim.api_base(), sim.base().as_str())
            .expect("the demo serves on a loopback address"),
        ZoomCredentials {
            account_id: roomstart_sim::ACCOUNT_ID.into(),
            client_id: roomstart_sim::CLIENT_ID.into(),
            client_secret: Secret::new(roomstart_sim::CLIENT_SECRET),
        },
    );
    let setup = RoomSetup {
        // New meeting works in the demo too: the simulation creates meetings
        // for its host (an ICS room cannot be booked, so only the meeting is made).
        zoom: Some(ZoomAccount {
            room_user: Some(roomstart_sim::HOST_EMAIL.into()),
            ..ZoomAccount::new(client)
        }),
        sources: vec![CalendarSource::ics_url(
            "demo",
            Secret::new(sim.calendar_url()),
        )],
        trusted: TrustedOrigins::with_loopback(sim.base())
            .expect("the simulation listens on loopback"),
        demo_join_origin: Some(sim.base().clone()),
        opener: std::sync::Arc::new(crate::handoff::HandoffOpener::demo(sim.base())),
        ..RoomSetup::new("Aurora · Demo room", setup::system_zone())
    };
    // The simulation lives as long as the process.
    std::mem::forget(sim);
    Opening::Room(Box::new(Room::new(setup)))
}
