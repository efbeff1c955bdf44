//! What the benches share: the simulation, and a Zoom account on it.

use roomstart_core::room::ZoomAccount;
use roomstart_core::zoom::{ZoomClient, ZoomCredentials, ZoomEndpoints};
use roomstart_core::Secret;
use roomstart_sim::{LinkStyle, SimOptions, Simulation};

/// The benches' "now": a working morning, fixed so runs compare.
pub fn clock() -> chrono::DateTime<chrono::Utc> {
    "2026-11-23T10:00:00Z".parse().expect("a valid instant")
}

pub async fn simulation() -> Simulation {
    Simulation::start(SimOptions {
        links: LinkStyle::Zoom,
        ..SimOptions::at(clock())
    })
    .await
    .expect("the simulation starts")
}

pub fn zoom_account(sim: &Simulation) -> ZoomAccount {
    ZoomAccount::new(ZoomClient::new(
        ZoomEndpoints::from_bases(&sim.api_base(), sim.base().as_str()).unwrap(),
        ZoomCredentials {
            account_id: roomstart_sim::ACCOUNT_ID.into(),
            client_id: roomstart_sim::CLIENT_ID.into(),
            client_secret: Secret::new(roomstart_sim::CLIENT_SECRET),
        },
    ))
}
