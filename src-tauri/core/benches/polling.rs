//! What the refresh loop costs at steady state: requests and response bytes
//! per poll for each kind of source, against the fakes on loopback. The room
//! reads an ICS feed, a Google calendar and a Graph room mailbox, and its Zoom
//! account's meetings. Run:
//!   cargo bench -p roomstart-core --bench polling

mod common;

use roomstart_core::calendar::google::{GoogleSource, ServiceAccount};
use roomstart_core::calendar::graph::GraphSource;
use roomstart_core::calendar::CalendarSource;
use roomstart_core::room::{Room, RoomSetup};
use roomstart_core::Secret;
use roomstart_sim::{CalendarEdit, Simulation};

const POLLS: usize = 10;

const ROUTES: [(&str, &str); 5] = [
    ("ICS feed (conditional GET)", "/calendar.ics"),
    (
        "Google events.list (syncToken)",
        "/google/calendar/v3/calendars/{calendar_id}/events",
    ),
    (
        "Graph calendarView/delta",
        "/graph/v1.0/users/{mailbox}/calendarView/delta",
    ),
    ("Zoom upcoming meetings", "/v2/users/{user}/meetings"),
    ("Zoom token", "/oauth/token"),
];

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let sim = common::simulation().await;
    let room = Room::new(RoomSetup {
        zoom: Some(common::zoom_account(&sim)),
        sources: vec![
            CalendarSource::ics_url("feed", Secret::new(sim.calendar_url())),
            google(&sim),
            graph(&sim),
        ],
        ..RoomSetup::new("Bench", chrono_tz::UTC)
    });
    let now = common::clock();
    let snapshot = |sim: &Simulation| ROUTES.map(|(_, r)| (counted(sim, r), sim.bytes_served(r)));

    let before = snapshot(&sim);
    room.refresh(now).await;
    report("first poll (full listings)", 1, &before, &snapshot(&sim));

    let before = snapshot(&sim);
    for _ in 0..POLLS {
        room.refresh(now).await;
    }
    report(
        "steady state, nothing changed",
        POLLS,
        &before,
        &snapshot(&sim),
    );

    sim.edit_calendar("demo-whiteboard@roomstart.test", CalendarEdit::Cancel);
    let before = snapshot(&sim);
    room.refresh(now).await;
    report("one event cancelled", 1, &before, &snapshot(&sim));
    assert!(room.view(now).await.problems.is_empty());

    every_user_for_an_hour().await;
}

/// `host_users = ["*"]`: an hour of one-minute refreshes. The cost follows
/// the meetings on the room's agenda, not the account's users, so it is the
/// same for 2 users (the fake) as for 10,000: the users are never listed.
async fn every_user_for_an_hour() {
    let sim = common::simulation().await;
    let mut account = common::zoom_account(&sim);
    account.host_users = vec!["*".into()];
    let room = Room::new(RoomSetup {
        zoom: Some(account),
        sources: vec![CalendarSource::ics_url(
            "feed",
            Secret::new(sim.calendar_url()),
        )],
        ..RoomSetup::new("Bench", chrono_tz::UTC)
    });
    let start = common::clock();
    for minute in 0..60 {
        room.refresh(start + chrono::Duration::minutes(minute))
            .await;
    }
    let zoom = ["token", "users", "list", "meeting"].map(|e| sim.requests(e));
    println!(
        "host_users = [\"*\"], 60 one-minute refreshes: {} Zoom requests in the hour \
         (token {}, users {}, user meetings {}, Get meeting {}), for any number of users; \
         500 rooms: {} an hour",
        zoom.iter().sum::<usize>(),
        zoom[0],
        zoom[1],
        zoom[2],
        zoom[3],
        500 * zoom.iter().sum::<usize>(),
    );
}

/// Requests on a route, from the fake's own per-endpoint counters.
fn counted(sim: &Simulation, route: &str) -> usize {
    let endpoint = match route {
        "/calendar.ics" => "calendar",
        "/v2/users/{user}/meetings" => "list",
        "/oauth/token" => "token",
        r if r.starts_with("/google/") => "google_events",
        _ => "graph_delta",
    };
    sim.requests(endpoint)
}

fn report(what: &str, polls: usize, before: &[(usize, usize); 5], after: &[(usize, usize); 5]) {
    println!("{what}, per poll ({polls} polls):");
    for (i, (name, _)) in ROUTES.iter().enumerate() {
        let requests = (after[i].0 - before[i].0) as f64 / polls as f64;
        let bytes = (after[i].1 - before[i].1) as f64 / polls as f64;
        println!("  {name:<34} {requests:>5.2} requests  {bytes:>8.0} bytes");
    }
}

fn google(sim: &Simulation) -> CalendarSource {
    let account = ServiceAccount::from_key_file(&Secret::new(sim.google_key_json()))
        .expect("the fake's key file");
    let mut source = GoogleSource::new(
        "google".into(),
        roomstart_sim::ROOM_CALENDAR_ID.into(),
        account,
        None,
    );
    source.api_base = sim.google_api_base().parse().expect("a url");
    CalendarSource::Google(Box::new(source))
}

fn graph(sim: &Simulation) -> CalendarSource {
    let (graph_base, login_base) = sim.graph_bases();
    let mut source = GraphSource::new(
        "graph".into(),
        roomstart_sim::TENANT_ID.into(),
        roomstart_sim::GRAPH_CLIENT_ID.into(),
        Secret::new(roomstart_sim::CLIENT_SECRET),
        roomstart_sim::ROOM_MAILBOX.into(),
    );
    source.graph_base = graph_base.parse().expect("a url");
    source.login_base = login_base.parse().expect("a url");
    CalendarSource::Graph(Box::new(source))
}
