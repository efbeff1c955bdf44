//! Rooms on Microsoft 365 and on Google Workspace, in the real window: the
//! agenda read through Graph and the Calendar API, changes on the calendar
//! reaching the screen through the refresh loop's incremental sync, and
//! Start from an event read that way.

use std::time::Duration;

use roomstart_e2e::{Harness, Session};
use roomstart_sim::{CalendarEdit, LinkStyle, SimOptions, Simulation, DEMO_TITLES};

const SECRET: &str = "cloud-e2e-client-secret-H5t1";

/// Waits for the refresh loop (every 15 s) to bring `wanted` onto the screen.
async fn wait_for_page(s: &Session, wanted: impl Fn(&str) -> bool) -> String {
    s.wait_for_page(Duration::from_secs(45), wanted).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graph_and_google_rooms_follow_their_calendars_in_the_window() {
    let h = Harness::from_env();
    h.clear_recorded();
    let sim = Simulation::start(SimOptions {
        links: LinkStyle::ZoomWithLocalLauncher,
        client_secret: SECRET.into(),
        ..SimOptions::at(roomstart_e2e::app_clock())
    })
    .await
    .unwrap();

    // Microsoft 365: the room mailbox through Graph.
    let (graph_base, login_base) = sim.graph_bases();
    let config = h.config_file(
        "roomstart-graph",
        &roomstart_e2e::room_config(
            &sim,
            "Aurora (Microsoft 365)",
            "refresh_seconds = 15",
            &format!(
                "[[graph]]\nname = \"aurora\"\ntenant_id = \"{}\"\nclient_id = \"{}\"\nmailbox = \"{}\"\n\
                 graph_base = \"{graph_base}\"\nlogin_base = \"{login_base}\"\n",
                roomstart_sim::TENANT_ID,
                roomstart_sim::GRAPH_CLIENT_ID,
                roomstart_sim::ROOM_MAILBOX,
            ),
        ),
    );
    h.set_secret(&config, "zoom.client_secret", SECRET);
    h.set_secret(&config, "graph.client_secret", SECRET);
    let s = Session::start(
        &h.driver_url,
        &h.app,
        &["--config", config.to_str().unwrap()],
    )
    .await;
    s.wait_for("[data-testid=event]", 4).await;
    let page = s.page_text().await;
    for title in ["Aurora (Microsoft 365)"].iter().chain(&DEMO_TITLES) {
        assert!(page.contains(title), "{title} missing from:\n{page}");
    }
    s.screenshot(&h.artifacts.join("graph-room.png")).await;

    let rounds_before = sim.requests("graph_delta");
    sim.edit_calendar("demo-whiteboard@roomstart.test", CalendarEdit::Cancel);
    sim.edit_calendar(
        "demo-review@roomstart.test",
        CalendarEdit::Retitle("Design review: onboarding, round 2".into()),
    );
    let page = wait_for_page(&s, |p| p.contains("round 2") && !p.contains(DEMO_TITLES[1])).await;
    assert!(page.contains(DEMO_TITLES[0]), "{page}");
    assert!(
        sim.requests("graph_delta") > rounds_before,
        "the change came by the delta link"
    );
    assert_eq!(
        sim.requests("graph_calendar_view"),
        0,
        "the window never re-lists"
    );
    s.screenshot(&h.artifacts.join("graph-room-after-changes.png"))
        .await;

    // Start from an event Graph gave: the Zoom client gets the link the
    // fresh start_url's launcher page hands on, and nothing else does.
    let starts = s.wait_for("[data-testid=start]", 1).await;
    s.click(&starts[0]).await;
    let urls = h.wait_for_recorded(1).await;
    assert_eq!(urls, [roomstart_e2e::client_start_link(&sim, 85746352410)]);
    s.wait_for(".status.ok", 1).await;
    s.end().await;

    // Google Workspace: the room calendar through the Calendar API.
    let config = h.config_file(
        "roomstart-google",
        &roomstart_e2e::room_config(
            &sim,
            "Aurora (Google Workspace)",
            "refresh_seconds = 15",
            &format!(
                "[[google]]\nname = \"aurora\"\ncalendar_id = \"{}\"\napi_base = \"{}\"\n",
                roomstart_sim::ROOM_CALENDAR_ID,
                sim.google_api_base(),
            ),
        ),
    );
    h.set_secret(&config, "google.service_account", &sim.google_key_json());
    let s = Session::start(
        &h.driver_url,
        &h.app,
        &["--config", config.to_str().unwrap()],
    )
    .await;
    // The edits above stand: the whiteboard session is cancelled, the review renamed.
    s.wait_for("[data-testid=event]", 3).await;
    let page = s.page_text().await;
    assert!(page.contains("Aurora (Google Workspace)"), "{page}");
    assert!(
        page.contains("round 2") && !page.contains(DEMO_TITLES[1]),
        "{page}"
    );
    s.screenshot(&h.artifacts.join("google-room.png")).await;

    let listings_before = sim.requests("google_events");
    sim.edit_calendar(
        "demo-acme@roomstart.test",
        CalendarEdit::Retitle("Acme partnership: contract review".into()),
    );
    wait_for_page(&s, |p| p.contains("contract review")).await;
    assert!(sim.requests("google_events") > listings_before);
    s.screenshot(&h.artifacts.join("google-room-after-changes.png"))
        .await;
    s.end().await;
}
