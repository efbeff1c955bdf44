//! The room screen as a kiosk, in the real window: the status band and
//! countdown, every size from portrait to 4K (screenshots saved, touch
//! targets and overflow measured, axe-core run), Start's feedback and its
//! errors, join by ID through the keypad to the real URL handler, dial-in,
//! private mode, offline, kiosk mode, a crashed web view, and no display.

use std::time::{Duration, Instant};

use roomstart_e2e::{app_log, Harness, Session};
use roomstart_sim::{
    Faults, LinkStyle, RateLimit, RetryAfter, SimOptions, Simulation, DEMO_TITLES,
};
use serde_json::{json, Value};

const SECRET: &str = "room-screen-e2e-secret-7Qw";
const FEED: &str = "room-screen-feed-token-Zx81";
const SIZES: [(u32, u32); 4] = [(1280, 800), (1920, 1080), (1080, 1920), (3840, 2160)];

fn screen_config(h: &Harness, sim: &Simulation, dir: &str, screen: &str) -> std::path::PathBuf {
    let sources = format!("[[ics]]\nname = \"room\"\n\n[screen]\n{screen}\n");
    let config = h.config_file(
        dir,
        &roomstart_e2e::room_config(sim, "Aurora", "refresh_seconds = 15", &sources),
    );
    h.set_secret(&config, "zoom.client_secret", SECRET);
    h.set_secret(
        &config,
        "ics.room.url",
        &format!("{}feeds/{FEED}", sim.base()),
    );
    config
}

async fn open(h: &Harness, config: &std::path::Path) -> Session {
    let s = Session::start(
        &h.driver_url,
        &h.app,
        &["--config", config.to_str().unwrap()],
    )
    .await;
    s.wait_for("[data-testid=event]", 4).await;
    s
}

/// What a person would trip over at this size: a page wider than the
/// screen, a button under 64 px, text cut off by the window's edge.
const LAYOUT_PROBLEMS: &str = r#"
const out = [];
const w = window.innerWidth, h = window.innerHeight;
if (document.documentElement.scrollWidth > w) out.push(`page is ${document.documentElement.scrollWidth}px wide in a ${w}px window`);
for (const b of document.querySelectorAll('button')) {
  const r = b.getBoundingClientRect();
  if (r.width < 64 || r.height < 64) out.push(`${b.dataset.testid} is ${r.width}x${r.height}`);
  if (r.right > w) out.push(`${b.dataset.testid} ends at ${r.right} past ${w}`);
}
const band = document.querySelector('[data-testid=room-status]').getBoundingClientRect();
if (band.top > h) out.push(`the status band is below the fold at ${band.top}`);
return out;"#;

async fn axe_violations(s: &Session) -> Vec<String> {
    let axe = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../ui/node_modules/axe-core/axe.min.js"
    ))
    .expect("axe-core is installed with the UI's packages");
    s.execute(&axe, json!([])).await;
    let found = s
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})
               .then(r => done(r.violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)))
               .catch(e => done([`axe failed: ${e}`]));",
            json!([]),
        )
        .await;
    serde_json::from_value(found).unwrap_or_else(|_| vec!["axe gave no answer".into()])
}

/// The demo day on the Zoom fake, with the room's feed behind a secret address.
async fn simulation() -> Simulation {
    Simulation::start(SimOptions {
        links: LinkStyle::ZoomWithLocalLauncher,
        client_secret: SECRET.into(),
        feed_token: Some(FEED.into()),
        ..SimOptions::at(roomstart_e2e::app_clock())
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_room_screen_in_every_state_and_size() {
    let h = Harness::from_env();
    h.clear_recorded();
    let sim = simulation().await;
    let config = screen_config(&h, &sim, "roomstart-screen", "kiosk = false\ndial_in = true\ndial_in_numbers = [\"+44 20 3481 5240\"]\nlocale = \"en_GB\"");
    let s = open(&h, &config).await;

    // The status band in colour and words, and the meeting on now with its countdown.
    let band = s.wait_for("[data-testid=room-status]", 1).await;
    assert_eq!(
        s.attribute(&band[0], "data-state").await.as_deref(),
        Some("busy")
    );
    assert!(
        s.text(&band[0]).await.starts_with("Busy until "),
        "{}",
        s.text(&band[0]).await
    );
    let countdown = s.wait_for(".featured [data-testid=countdown]", 1).await;
    assert!(s.text(&countdown[0]).await.starts_with("Ends in "));
    // Join on every meeting with a link, later ones included.
    assert!(
        s.find_all("[data-testid=join]").await.len() >= 3,
        "Join on the later meetings too"
    );

    // Every size: screenshot, touch targets, nothing off the screen.
    for (w, hgt) in SIZES {
        s.resize(w, hgt).await;
        s.screenshot(&h.artifacts.join(format!("room-{w}x{hgt}.png")))
            .await;
        let problems: Vec<String> =
            serde_json::from_value(s.execute(LAYOUT_PROBLEMS, json!([])).await).unwrap();
        assert!(problems.is_empty(), "at {w}x{hgt}: {problems:?}");
    }
    s.resize(1280, 800).await;
    let violations = axe_violations(&s).await;
    assert!(violations.is_empty(), "axe-core: {violations:?}");

    // Start: pressed and "Starting…" at once, then the answer.
    sim.set_faults(Faults {
        delay: Some(Duration::from_millis(2500)),
        ..Faults::default()
    });
    let start = s.wait_for("[data-testid=start]", 1).await;
    s.click(&start[0]).await;
    let pressed = s
        .wait_for_within("[data-testid=start].pressed", 1, Duration::from_secs(2))
        .await;
    assert_eq!(s.text(&pressed[0]).await, "Starting…");
    s.screenshot(&h.artifacts.join("room-starting.png")).await;
    s.wait_for(".status.ok", 1).await;
    sim.set_faults(Faults::default());

    // Each error, in plain words with what to do next, in its colour.
    let errors: [(Faults, &str, &str, &str); 3] = [
        (
            Faults {
                rate_limit: Some(RateLimit {
                    retry_after: RetryAfter::Seconds(30),
                    limit_type: "QPS",
                    times: 100,
                }),
                ..Faults::default()
            },
            "wait",
            "rate_limited",
            "Join",
        ),
        (
            Faults {
                server_error: Some(503),
                ..Faults::default()
            },
            "error",
            "zoom_error",
            "tap Join",
        ),
        (
            Faults {
                deleted_meetings: vec![85746352410],
                ..Faults::default()
            },
            "error",
            "not_found",
            "Ask the organiser",
        ),
    ];
    for (faults, tone, kind, advice) in errors {
        sim.set_faults(faults);
        let start = s.wait_for("[data-testid=start]", 1).await;
        s.click(&start[0]).await;
        let shown = s
            .wait_for(&format!(".status.{tone}[data-kind={kind}]"), 1)
            .await;
        let words = s.text(&shown[0]).await;
        assert!(words.contains(advice), "{kind}: {words}");
        s.screenshot(&h.artifacts.join(format!("room-error-{kind}.png")))
            .await;
        sim.set_faults(Faults::default());
    }

    // Dial-in: the ID and the phone passcode from Zoom's record, on request.
    let dial = s.wait_for(".featured [data-testid=dial-in]", 1).await;
    s.click(&dial[0]).await;
    let passcode = s.wait_for("[data-testid=dial-in-passcode]", 1).await;
    assert_eq!(s.text(&passcode[0]).await, "482913");
    let id = s.wait_for("[data-testid=dial-in-id]", 1).await;
    assert_eq!(s.text(&id[0]).await, "857 4635 2410");
    s.screenshot(&h.artifacts.join("room-dial-in.png")).await;
    let close = s.wait_for("[data-testid=dial-in-close]", 1).await;
    s.click(&close[0]).await;
    assert!(
        !s.source().await.contains("482913"),
        "the passcode leaves the page with the dialog"
    );

    // Join by ID: the keypad (touch for the ID, keyboard for the passcode)
    // to the real URL handler. A bad ID is refused in words first.
    h.clear_recorded();
    let keypad = s.wait_for("[data-testid=join-by-id]", 1).await;
    s.click(&keypad[0]).await;
    for digit in "012345678".chars() {
        let key = s
            .wait_for(&format!("[aria-label='Digit {digit}']"), 1)
            .await;
        s.click(&key[0]).await;
    }
    let next = s.wait_for("[data-testid=keypad-next]", 1).await;
    s.click(&next[0]).await;
    let join = s.wait_for("[data-testid=keypad-join]", 1).await;
    s.click(&join[0]).await;
    let refused = s
        .wait_for(".status.error[data-kind=not_a_meeting_id]", 1)
        .await;
    assert!(s.text(&refused[0]).await.contains("not a Zoom meeting ID"));
    let back = s.wait_for("[data-testid=keypad-back]", 1).await;
    s.click(&back[0]).await;
    // Each press redraws the keypad, so each key is found afresh.
    for _ in 0..9 {
        let erase = s.wait_for("[data-testid=erase]", 1).await;
        s.click(&erase[0]).await;
    }
    for digit in "93456789012".chars() {
        let key = s
            .wait_for(&format!("[aria-label='Digit {digit}']"), 1)
            .await;
        s.click(&key[0]).await;
    }
    let value = s.wait_for("[data-testid=keypad-value]", 1).await;
    assert_eq!(s.text(&value[0]).await, "934 5678 9012");
    let next = s.wait_for("[data-testid=keypad-next]", 1).await;
    s.click(&next[0]).await;
    let key = s.wait_for("[aria-label='Digit 1']", 1).await;
    s.type_keys(&key[0], "551209").await;
    s.screenshot(&h.artifacts.join("room-keypad.png")).await;
    let join = s.wait_for("[data-testid=keypad-join]", 1).await;
    s.click(&join[0]).await;
    let urls = h.wait_for_recorded(1).await;
    assert_eq!(
        urls[0], "zoommtg://zoom.us/join?action=join&confno=93456789012&pwd=551209&uname=Aurora",
        "a zoommtg handler is registered, so the keypad's meeting goes straight to the client"
    );
    s.end().await;

    // Private mode: no title and no organiser reaches the window.
    let private = screen_config(
        &h,
        &sim,
        "roomstart-private",
        "kiosk = false\nprivate = true",
    );
    let s = open(&h, &private).await;
    let source = s.source().await;
    for title in DEMO_TITLES.iter().chain(&[roomstart_sim::ACME_ORGANIZER]) {
        assert!(
            !source.contains(title),
            "{title} reached the window in private mode"
        );
    }
    assert!(s.page_text().await.contains("Private meeting"));
    s.screenshot(&h.artifacts.join("room-private.png")).await;

    // Offline: the calendar and Zoom go away; the agenda stays, with its age.
    drop(sim);
    let page = s
        .wait_for_page(Duration::from_secs(45), |p| {
            p.contains("Offline · showing the calendar as of")
        })
        .await;
    assert!(
        page.contains("Private meeting"),
        "the agenda stays on screen:\n{page}"
    );
    s.screenshot(&h.artifacts.join("room-offline.png")).await;
    s.end().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kiosk_mode_fills_the_screen_locks_the_page_and_survives_a_crash() {
    let h = Harness::from_env();
    let sim = simulation().await;
    let kiosk = screen_config(&h, &sim, "roomstart-kiosk", "kiosk = true");
    let s = open(&h, &kiosk).await;
    let locked = s
        .execute(
            "const menu = new MouseEvent('contextmenu', {bubbles: true, cancelable: true});
             const select = new Event('selectstart', {bubbles: true, cancelable: true});
             const title = document.querySelector('.featured .title');
             return {
               size: [window.innerWidth, window.innerHeight],
               screen: [screen.width, screen.height],
               menuBlocked: !title.dispatchEvent(menu),
               selectBlocked: !title.dispatchEvent(select),
               userSelect: getComputedStyle(title).webkitUserSelect || getComputedStyle(title).userSelect,
               touchAction: getComputedStyle(document.body).touchAction,
             };",
            json!([]),
        )
        .await;
    assert_eq!(
        locked["size"], locked["screen"],
        "the window fills the screen: {locked}"
    );
    assert_eq!(locked["menuBlocked"], Value::Bool(true), "{locked}");
    assert_eq!(locked["selectBlocked"], Value::Bool(true), "{locked}");
    assert_eq!(locked["userSelect"], "none", "{locked}");
    assert_eq!(
        locked["touchAction"], "pan-x pan-y",
        "no pinch zoom: {locked}"
    );
    s.screenshot(&h.artifacts.join("kiosk.png")).await;

    // Navigation away from the app is refused: the page stays the room.
    s.execute("window.location.href = 'https://example.com/';", json!([]))
        .await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let here = s
        .execute(
            "return location.protocol + '//' + location.host;",
            json!([]),
        )
        .await;
    assert_eq!(here, "tauri://localhost");

    // The web view's process dies: the window starts a new one and loads
    // the room again. WebDriver's session dies with the old process, so the
    // new page is seen in the app's log, where it asks for the room.
    let asked = |log: &str| log.matches("the window asked for the room screen").count();
    let before = asked(&app_log());
    let pids = web_processes();
    assert!(!pids.is_empty(), "a WebKit web process is running");
    for pid in &pids {
        let _ = std::process::Command::new("kill")
            .args(["-KILL", pid])
            .status();
    }
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let log = app_log();
        let fresh: Vec<String> = web_processes()
            .into_iter()
            .filter(|p| !pids.contains(p))
            .collect();
        if log.contains("the web view's process died") && asked(&log) > before && !fresh.is_empty()
        {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the room did not come back after the crash:\n{log}"
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    // The session died with the old page, so it cannot close the app: stop
    // it here, or the next window would only bring this one forward.
    s.end().await;
    let _ = std::process::Command::new("pkill")
        .args(["-f", kiosk.to_str().unwrap()])
        .status();
    tokio::time::sleep(Duration::from_secs(1)).await;
}

/// The pids of WebKit's web content processes.
fn web_processes() -> Vec<String> {
    let out = std::process::Command::new("pgrep")
        .args(["-f", "WebKitWebProcess"])
        .output()
        .expect("pgrep runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn without_a_display_roomstart_says_so_in_one_line() {
    let h = Harness::from_env();
    let out = std::process::Command::new(&h.app)
        .args(["--config", "/nonexistent/roomstart.toml"])
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("roomstart runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("no display") && stderr.contains("roomstart doctor"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}
