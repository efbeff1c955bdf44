//! Issue 20, item 10: the start link goes only to the Zoom client. A tap on
//! Start runs Zoom's launcher page (here the simulation's, which behaves like
//! Zoom's: its script navigates to `zoommtg://…/start?confno=…&zak=…`) in the
//! app's own hidden web view, and hands the OS only that client link. The
//! recording handler stands for both the Zoom client (`zoommtg`) and the
//! browser (`http`, `https`): it must receive the client link and nothing else,
//! and nothing on disk may keep the start link.

use std::path::{Path, PathBuf};

use roomstart_e2e::{app_log, Harness, Session};
use roomstart_sim::{Faults, LinkStyle, SimOptions, Simulation};

#[tokio::test]
async fn start_hands_the_os_only_the_zoom_client_link() {
    let h = Harness::from_env();
    h.clear_recorded();
    let s = Session::start(&h.driver_url, &h.app, &["demo"]).await;

    let start = s.wait_for("[data-testid=start]", 1).await;
    s.click(&start[0]).await;
    let urls = h.wait_for_recorded(1).await;
    s.wait_for(".status.ok", 1).await;
    // The tap has answered, so its one hand-off to the OS is over: the
    // handler's list is final.
    let urls_after = h.recorded_urls();
    assert_eq!(urls, urls_after);
    assert_eq!(urls.len(), 1, "one link for one tap: {urls:?}");
    let link = &urls[0];
    assert!(
        link.starts_with("zoommtg://us06web.zoom.us/start?confno=85746352410&zak=sim-zak-"),
        "the Zoom client gets the launcher page's own link for this meeting, not {link}"
    );
    assert!(
        !urls.iter().any(|u| u.starts_with("http")),
        "the browser gets nothing: {urls:?}"
    );
    let zak = link.split("zak=").nth(1).unwrap().to_string();

    // The start link stays out of the room screen, the log and every file the
    // app or its web views wrote (history, cache, cookies).
    assert!(
        !s.source().await.contains(&zak),
        "the room screen never holds it"
    );
    let log = app_log();
    assert!(
        log.contains("zoom's launcher page handed on the client link"),
        "{log}"
    );
    assert!(!log.contains(&zak), "the log holds only redacted links");
    let mut scanned = 0;
    for var in [
        "XDG_CONFIG_HOME",
        "XDG_DATA_HOME",
        "XDG_STATE_HOME",
        "XDG_CACHE_HOME",
    ] {
        for file in files_under(&PathBuf::from(std::env::var(var).unwrap())) {
            let bytes = std::fs::read(&file).unwrap_or_default();
            assert!(
                !String::from_utf8_lossy(&bytes).contains(&zak),
                "{} keeps the start credential",
                file.display()
            );
            scanned += 1;
        }
    }
    eprintln!("no trace of the start link in {scanned} files");

    // A second tap does the same with a fresh credential.
    h.clear_recorded();
    let start = s.wait_for("[data-testid=start]", 1).await;
    s.click(&start[0]).await;
    let urls = h.wait_for_recorded(1).await;
    assert!(urls[0].starts_with("zoommtg://us06web.zoom.us/start?confno=85746352410&zak=sim-zak-"));
    assert!(!urls[0].contains(&zak), "each tap carries a fresh zak");
    s.end().await;
}

/// A launcher page that hands on nothing, another meeting's link or another
/// host's: the tap says why in words, and nothing at all is
/// opened, in a browser or anywhere (no silent fall-back to the start link).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_launcher_page_that_hands_on_no_link_of_this_meeting_opens_nothing() {
    let h = Harness::from_env();
    let sim = Simulation::start(SimOptions {
        links: LinkStyle::ZoomWithLocalLauncher,
        ..SimOptions::at(roomstart_e2e::app_clock())
    })
    .await
    .unwrap();
    let config = h.config_file(
        "roomstart-handoff",
        &roomstart_e2e::room_config(&sim, "Handoff", "", "[[ics]]\nname = \"room\"\n"),
    );
    h.set_secret(&config, "zoom.client_secret", roomstart_sim::CLIENT_SECRET);
    h.set_secret(&config, "ics.room.url", &sim.calendar_url());
    let s = Session::start(
        &h.driver_url,
        &h.app,
        &["--config", config.to_str().unwrap()],
    )
    .await;
    s.wait_for("[data-testid=event]", 4).await;
    for (link, what, (kind, words)) in [
        (
            "zoommtg://us06web.zoom.us/start?confno=81234567890&zak=sim-zak-other",
            "another meeting",
            ("unsafe_link", "does not trust"),
        ),
        (
            "zoommtg://evil.example/start?confno=85746352410&zak=sim-zak-other",
            "another host",
            ("unsafe_link", "does not trust"),
        ),
        // Worth another tap: the screen shows it as a wait, not an error.
        ("", "no link at all", ("slow", "did not answer in time")),
    ] {
        h.clear_recorded();
        sim.set_faults(Faults {
            launcher_link: Some(link.into()),
            ..Faults::default()
        });
        let start = s.wait_for("[data-testid=start]", 1).await;
        s.click(&start[0]).await;
        let refused = s
            .wait_for(&format!("[data-testid=status][data-kind={kind}]"), 1)
            .await;
        let said = s.text(&refused[0]).await;
        assert!(said.contains(words), "{what}: {said}");
        assert_eq!(h.recorded_urls(), Vec::<String>::new(), "{what}");

        // The page as Zoom's: the next tap starts, so the next refusal is new.
        sim.set_faults(Faults::default());
        let start = s.wait_for("[data-testid=start]", 1).await;
        s.click(&start[0]).await;
        s.wait_for(".status.ok", 1).await;
        assert_eq!(
            h.recorded_urls(),
            [roomstart_e2e::client_start_link(&sim, 85746352410)]
        );
    }
    s.end().await;
}

/// Zoom's page runs with no capability: asked over Tauri's IPC for the room's
/// screen, it gets nothing, and still hands on its link.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_launcher_page_cannot_call_roomstart() {
    let h = Harness::from_env();
    h.clear_recorded();
    let sim = Simulation::start(SimOptions {
        links: LinkStyle::ZoomWithLocalLauncher,
        ..SimOptions::at(roomstart_e2e::app_clock())
    })
    .await
    .unwrap();
    let config = h.config_file(
        "roomstart-handoff-ipc",
        &roomstart_e2e::room_config(&sim, "Handoff", "", "[[ics]]\nname = \"room\"\n"),
    );
    h.set_secret(&config, "zoom.client_secret", roomstart_sim::CLIENT_SECRET);
    h.set_secret(&config, "ics.room.url", &sim.calendar_url());
    sim.set_faults(Faults {
        launcher_probe: true,
        ..Faults::default()
    });
    let s = Session::start(
        &h.driver_url,
        &h.app,
        &["--config", config.to_str().unwrap()],
    )
    .await;
    let start = s.wait_for("[data-testid=start]", 1).await;
    s.click(&start[0]).await;
    let urls = h.wait_for_recorded(1).await;
    let expected = roomstart_e2e::client_start_link(&sim, 85746352410);
    let probe = urls[0]
        .strip_prefix(&format!("{expected}&probe="))
        .unwrap_or_else(|| panic!("not the page's link: {}", urls[0]));
    // Tauri's refusal names the page by its URL, start link and ZAK included:
    // only the words before it reach the test's output.
    let said = probe.split("%2C%20URL").next().unwrap_or_default();
    eprintln!("the launcher page asked for room_view: {said}");
    assert!(
        probe.starts_with("denied:") || matches!(probe, "no-ipc" | "no-answer"),
        "the launcher page reached Roomstart's commands: {probe}"
    );
    let zak = expected.split("zak=").nth(1).unwrap();
    assert!(
        !app_log().contains(zak),
        "the refusal, which names the page, is the page's alone"
    );
    s.end().await;
}

/// On a computer with no Zoom client the client link goes nowhere: xdg-open
/// would hand it, ZAK and all, to the browser. The demo then shows the
/// simulation's page standing in for the client, which names the meeting only.
#[tokio::test]
async fn with_no_zoom_client_the_demo_shows_its_stand_in_and_no_browser_gets_the_link() {
    let h = Harness::from_env();
    h.clear_recorded();
    let _no_client = NoZoomClient::now();
    let s = Session::start(&h.driver_url, &h.app, &["demo"]).await;
    let start = s.wait_for("[data-testid=start]", 1).await;
    s.click(&start[0]).await;
    let urls = h.wait_for_recorded(1).await;
    s.wait_for(".status.ok", 1).await;
    assert_eq!(
        urls,
        [format!(
            "http://127.0.0.1:{}/client/start?confno=85746352410",
            h.demo_port
        )]
    );
    s.end().await;
}

/// Takes `zoommtg:` off the session's URL handlers until dropped.
struct NoZoomClient {
    files: Vec<(PathBuf, String)>,
}

impl NoZoomClient {
    fn now() -> NoZoomClient {
        let config = PathBuf::from(std::env::var("XDG_CONFIG_HOME").unwrap());
        let data = PathBuf::from(std::env::var("XDG_DATA_HOME").unwrap());
        let files = [
            config.join("mimeapps.list"),
            data.join("applications/roomstart-recorder.desktop"),
        ];
        let mut kept = Vec::new();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            let without: String = text
                .lines()
                .filter(|l| !l.starts_with("x-scheme-handler/zoommtg"))
                .map(|l| format!("{}\n", l.replace("x-scheme-handler/zoommtg;", "")))
                .collect();
            std::fs::write(&file, without).unwrap();
            kept.push((file, text));
        }
        NoZoomClient { files: kept }
    }
}

impl Drop for NoZoomClient {
    fn drop(&mut self) {
        for (file, text) in &self.files {
            let _ = std::fs::write(file, text);
        }
    }
}

/// Regular files only: sockets cannot be read.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return vec![];
    };
    entries
        .flatten()
        .flat_map(|e| match e.file_type() {
            Ok(t) if t.is_dir() => files_under(&e.path()),
            Ok(t) if t.is_file() => vec![e.path()],
            _ => vec![],
        })
        .collect()
}
