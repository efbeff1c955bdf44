//! The room's calendar on the Google and Graph fakes, written as well as
//! read: what the booking and calendar-write tests run against, for each vendor.

use roomstart_core::calendar::google::{GoogleSource, ServiceAccount};
use roomstart_core::calendar::graph::GraphSource;
use roomstart_core::calendar::CalendarSource;
use roomstart_core::Secret;
use roomstart_sim::{
    Simulation, CLIENT_SECRET, GRAPH_CLIENT_ID, ROOM_CALENDAR_ID, ROOM_MAILBOX, TENANT_ID,
};

#[derive(Debug, Clone, Copy)]
pub enum Vendor {
    Google,
    Graph,
}

pub const VENDORS: [Vendor; 2] = [Vendor::Google, Vendor::Graph];

/// The room calendar "aurora" on `vendor`'s fake, with the scope to write it.
pub fn source(sim: &Simulation, vendor: Vendor) -> CalendarSource {
    match vendor {
        Vendor::Google => {
            let account =
                ServiceAccount::from_key_file(&Secret::new(sim.google_key_json())).unwrap();
            let mut google =
                GoogleSource::new("aurora".into(), ROOM_CALENDAR_ID.into(), account, None);
            google.api_base = sim.google_api_base().parse().unwrap();
            google.writes = true;
            CalendarSource::Google(Box::new(google))
        }
        Vendor::Graph => {
            let (graph_base, login_base) = sim.graph_bases();
            let mut graph = GraphSource::new(
                "aurora".into(),
                TENANT_ID.into(),
                GRAPH_CLIENT_ID.into(),
                Secret::new(CLIENT_SECRET),
                ROOM_MAILBOX.into(),
            );
            graph.graph_base = graph_base.parse().unwrap();
            graph.login_base = login_base.parse().unwrap();
            CalendarSource::Graph(Box::new(graph))
        }
    }
}
