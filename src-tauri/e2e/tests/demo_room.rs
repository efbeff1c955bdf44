//! The real app window in demo mode, under Xvfb, driven through WebDriver.
//! Start and Join reach a real `xdg-open`, routed to a recording handler.

use roomstart_e2e::{Harness, Session};
use roomstart_sim::DEMO_TITLES;

#[tokio::test]
async fn demo_room_starts_and_joins_through_the_os_url_handler() {
    let h = Harness::from_env();
    h.clear_recorded();
    let s = Session::start(&h.driver_url, &h.app, &["demo"]).await;
    let sim = format!("http://127.0.0.1:{}", h.demo_port);

    // The agenda shows the four demo events; the one in progress is featured.
    let events = s.wait_for("[data-testid=event]", 4).await;
    assert_eq!(events.len(), 4, "exactly the four demo events");
    assert_eq!(
        s.attribute(&events[0], "data-when").await.as_deref(),
        Some("now")
    );
    let page = s.page_text().await;
    for title in ["Aurora · Demo room"].iter().chain(&DEMO_TITLES) {
        assert!(page.contains(title), "{title} missing from:\n{page}");
    }
    assert!(
        page.contains("Hosted on another Zoom account: join only"),
        "{page}"
    );
    assert!(page.contains("No meeting link in the invite"), "{page}");
    let starts = s.find_all("[data-testid=start]").await;
    assert_eq!(
        starts.len(),
        1,
        "Start only for the hosted meeting in progress"
    );
    s.screenshot(&h.artifacts.join("demo-room.png")).await;

    // Start: the simulation's launcher page runs out of sight, and the
    // handler receives only the Zoom client's link, with a ZAK.
    s.click(&starts[0]).await;
    let urls = h.wait_for_recorded(1).await;
    let client = "zoommtg://us06web.zoom.us/start?confno=85746352410&zak=sim-zak-";
    assert!(urls[0].starts_with(client), "{}", urls[0]);
    s.wait_for(".status.ok", 1).await;
    s.screenshot(&h.artifacts.join("demo-room-started.png"))
        .await;

    // A second tap fetches a new start_url: nothing is cached.
    let starts = s.wait_for("[data-testid=start]", 1).await;
    s.click(&starts[0]).await;
    let urls = h.wait_for_recorded(2).await;
    assert!(urls[1].starts_with(client), "{}", urls[1]);
    assert_ne!(urls[0], urls[1], "each tap carries a fresh zak");

    // Join hands over the meeting's join link.
    let joins = s.find_all("[data-testid=join]").await;
    s.click(&joins[0]).await;
    let urls = h.wait_for_recorded(3).await;
    assert!(
        urls[2].starts_with(&format!("{sim}/j/85746352410?pwd=")),
        "{}",
        urls[2]
    );

    // A second launch in the same session only brings this window forward.
    let config = h.config_file("roomstart-second", "[room]\nname = \"Second\"\n");
    let mut second = std::process::Command::new(&h.app)
        .args(["--config", config.to_str().unwrap()])
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let status = loop {
        if let Some(status) = second.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = second.kill();
            panic!("the second launch kept running beside the first");
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    };
    assert!(status.success(), "{status:?}");
    assert_eq!(
        s.find_all("[data-testid=event]").await.len(),
        4,
        "the first window is untouched"
    );

    s.end().await;
}
