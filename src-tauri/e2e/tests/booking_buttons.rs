//! The room books itself, in the real window and from the CLI, on Microsoft
//! 365 and on Google Workspace: Check in, End now, Book now, Extend, a
//! conflict in words, New meeting (started as host, its QR code decoded from
//! the screenshot by zbarimg), a no-show released, and the hourly limit.

use std::path::{Path, PathBuf};
use std::time::Duration;

use roomstart_e2e::{Harness, Session};
use roomstart_sim::{CalendarEdit, LinkStyle, SimOptions, Simulation, DEMO_TITLES, HOST_EMAIL};

const SECRET: &str = "booking-e2e-client-secret-Q7w2";

#[derive(Debug, Clone, Copy)]
enum Vendor {
    Graph,
    Google,
}

impl Vendor {
    fn name(self) -> &'static str {
        match self {
            Vendor::Graph => "graph",
            Vendor::Google => "google",
        }
    }
}

async fn simulation() -> Simulation {
    Simulation::start(SimOptions {
        links: LinkStyle::ZoomWithLocalLauncher,
        client_secret: SECRET.into(),
        ..SimOptions::at(roomstart_e2e::app_clock())
    })
    .await
    .unwrap()
}

/// A room on `vendor` that books itself; `booking` is its `[booking]` table.
fn configured(h: &Harness, sim: &Simulation, vendor: Vendor, booking: &str) -> PathBuf {
    let calendar = match vendor {
        Vendor::Graph => {
            let (graph_base, login_base) = sim.graph_bases();
            format!(
                "[[graph]]\nname = \"aurora\"\ntenant_id = \"{}\"\nclient_id = \"{}\"\nmailbox = \"{}\"\n\
                 graph_base = \"{graph_base}\"\nlogin_base = \"{login_base}\"\n",
                roomstart_sim::TENANT_ID,
                roomstart_sim::GRAPH_CLIENT_ID,
                roomstart_sim::ROOM_MAILBOX,
            )
        }
        Vendor::Google => format!(
            "[[google]]\nname = \"aurora\"\ncalendar_id = \"{}\"\napi_base = \"{}\"\n",
            roomstart_sim::ROOM_CALENDAR_ID,
            sim.google_api_base(),
        ),
    };
    // `room_user` follows the `[zoom]` keys room_config writes.
    let tables = format!(
        "room_user = \"{HOST_EMAIL}\"\n\n{calendar}\n[booking]\n{booking}\n\
         [screen]\nkiosk = false\ndial_in_numbers = [\"+44 20 3481 5240\"]\n"
    );
    let config = h.config_file(
        &format!("roomstart-booking-{}", vendor.name()),
        &roomstart_e2e::room_config(sim, "Aurora", "refresh_seconds = 15", &tables),
    );
    h.set_secret(&config, "zoom.client_secret", SECRET);
    match vendor {
        Vendor::Graph => h.set_secret(&config, "graph.client_secret", SECRET),
        Vendor::Google => h.set_secret(&config, "google.service_account", &sim.google_key_json()),
    }
    forget_writes();
    config
}

/// Each phase starts with no writes this hour: the ledger is the session's,
/// shared by every test's rooms (one XDG cache home).
fn forget_writes() {
    let cache = PathBuf::from(std::env::var("XDG_CACHE_HOME").expect("set by e2e-session.sh"));
    let _ = std::fs::remove_file(cache.join("roomstart/booking.json"));
}

async fn open(h: &Harness, config: &Path) -> Session {
    let s = Session::start(
        &h.driver_url,
        &h.app,
        &["--config", config.to_str().unwrap()],
    )
    .await;
    s.wait_for("[data-testid=event]", 3).await;
    s
}

/// Clicks the first match of `css` and waits for the status line to say `words`.
async fn tap(s: &Session, css: &str, words: &str) -> String {
    let found = s.wait_for(css, 1).await;
    s.click(&found[0]).await;
    status_saying(s, words).await
}

async fn status_saying(s: &Session, words: &str) -> String {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let shown = s.find_all("[data-testid=status]").await;
        let text = match shown.first() {
            Some(status) => s.text(status).await,
            None => String::new(),
        };
        if text.contains(words) {
            return text;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the status line never said {words:?}; it says {text:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn shot(h: &Harness, s: &Session, vendor: Vendor, state: &str) -> PathBuf {
    let path = h
        .artifacts
        .join(format!("booking-{}-{state}.png", vendor.name()));
    s.screenshot(&path).await;
    path
}

fn writes(sim: &Simulation) -> Vec<&'static str> {
    sim.calendar_writes().iter().map(|w| w.kind).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_booking_button_on_microsoft_365_and_google() {
    let h = Harness::from_env();
    for vendor in [Vendor::Graph, Vendor::Google] {
        buttons(&h, vendor).await;
        release(&h, vendor).await;
        let config = cli(&h, vendor).await;
        // The e2e tests share one keyring: the tests after this one expect
        // a room with no secret set.
        for name in [
            "zoom.client_secret",
            "graph.client_secret",
            "google.service_account",
        ] {
            h.run_cli(&config, &["secrets", "delete", name], None);
        }
    }
    forget_writes();
}

/// Check in, End now, Book now, Extend, two conflicts, New meeting.
async fn buttons(h: &Harness, vendor: Vendor) {
    h.clear_recorded();
    let sim = simulation().await;
    // The sync started 10 to 15 minutes ago: half an hour to check in keeps it.
    let config = configured(
        h,
        &sim,
        vendor,
        "enabled = true\ncheck_in = true\ncheck_in_after_minutes = 30\n",
    );
    let s = open(h, &config).await;
    s.wait_for(".featured [data-testid=check-in]", 1).await;
    shot(h, &s, vendor, "now").await;
    tap(&s, ".featured [data-testid=check-in]", "Checked in").await;
    s.wait_for_page(Duration::from_secs(10), |p| !p.contains("Check in"))
        .await;

    // Someone renames the meeting after the screen read it: End now is refused in words.
    sim.edit_calendar(
        "demo-sync@roomstart.test",
        CalendarEdit::Retitle("Weekly sync (agenda moved)".into()),
    );
    tap(
        &s,
        ".featured [data-testid=end-early]",
        "changed since the screen showed it",
    )
    .await;
    shot(h, &s, vendor, "changed").await;
    assert!(writes(&sim).is_empty(), "{vendor:?}: nothing written");
    // The room reads its calendar again at once, and then End now works.
    s.wait_for_page(Duration::from_secs(30), |p| p.contains("agenda moved"))
        .await;
    tap(&s, ".featured [data-testid=end-early]", "The room is free").await;
    let books = s.wait_for("[data-testid=book-now]", 3).await;
    shot(h, &s, vendor, "free").await;
    assert_eq!(writes(&sim), ["set_end"], "{vendor:?}");

    // Book now, 15 minutes: the walk-up is on now, with Extend and End now.
    s.click(&books[0]).await;
    status_saying(&s, "The room is yours until").await;
    s.wait_for_page(Duration::from_secs(10), |p| p.contains("Walk-up meeting"))
        .await;
    s.wait_for(".featured [data-testid=extend]", 2).await;
    shot(h, &s, vendor, "booked").await;
    tap(
        &s,
        ".featured [data-testid=extend]",
        "The meeting now ends at",
    )
    .await;
    shot(h, &s, vendor, "extended").await;
    assert_eq!(writes(&sim), ["set_end", "book", "set_end"], "{vendor:?}");

    // Someone books the half hour after the walk-up before the screen knows:
    // +15 is refused at the moment of the write.
    let walk_up_end = sim.calendar_writes()[2].end.expect("a new end");
    sim.add_recurring(
        "late-booking",
        "Someone's 1:1",
        walk_up_end + chrono::Duration::minutes(5),
        30,
        1,
    );
    tap(
        &s,
        ".featured [data-testid=extend]",
        "Someone else booked that time",
    )
    .await;
    shot(h, &s, vendor, "conflict").await;
    assert_eq!(
        writes(&sim).len(),
        3,
        "{vendor:?}: the conflict wrote nothing"
    );
    s.wait_for_page(Duration::from_secs(30), |p| p.contains("Someone's 1:1"))
        .await;

    // End the walk-up, then New meeting: created, started as host, the room booked with its link.
    tap(&s, ".featured [data-testid=end-early]", "The room is free").await;
    let open_dialog = s.wait_for("[data-testid=meet-now-open]", 1).await;
    s.click(&open_dialog[0]).await;
    let lengths = s.wait_for("[data-testid=meet-now-length]", 1).await;
    s.click(&lengths[0]).await;
    let id = s.wait_for("[data-testid=meet-now-id]", 1).await;
    let shown_id = s.text(&id[0]).await;
    let created = sim.created_meetings();
    assert_eq!(created.len(), 1, "{vendor:?}");
    assert_eq!(shown_id.replace(' ', ""), created[0].id.to_string());
    // Started as host: the Zoom client got the fresh start link's hand-off, and only that.
    let urls = h.wait_for_recorded(1).await;
    assert_eq!(
        urls,
        [roomstart_e2e::client_start_link(&sim, created[0].id)],
        "{vendor:?}"
    );
    s.wait_for("[data-testid=meet-now-booked]", 1).await;
    let qr = shot(h, &s, vendor, "meet-now").await;
    let scanned = zbarimg(&qr);
    assert_eq!(
        scanned, created[0].join_url,
        "{vendor:?}: the QR code is the join link"
    );
    let page = s.page_text().await;
    assert!(
        page.contains(&created[0].pstn_password),
        "{vendor:?}: the passcode is shown"
    );
    assert!(page.contains("+44 20 3481 5240"));
    let close = s.wait_for("[data-testid=meet-now-close]", 1).await;
    s.click(&close[0]).await;
    s.wait_for_page(Duration::from_secs(10), |p| p.contains("Walk-up meeting"))
        .await;
    assert_eq!(writes(&sim).last(), Some(&"book"), "{vendor:?}");
    s.end().await;
}

/// Nobody checks in to the meeting on now: the room declines that occurrence.
async fn release(h: &Harness, vendor: Vendor) {
    let sim = simulation().await;
    let config = configured(h, &sim, vendor, "check_in = true\n");
    let s = open(h, &config).await;
    // 10 to 15 minutes after its start, at the room's first read.
    let page = s
        .wait_for_page(Duration::from_secs(45), |p| !p.contains(DEMO_TITLES[0]))
        .await;
    assert!(
        page.contains(DEMO_TITLES[1]),
        "{vendor:?}: only that meeting left:\n{page}"
    );
    shot(h, &s, vendor, "released").await;
    let released = sim.calendar_writes();
    assert_eq!(released.len(), 1, "{vendor:?}: {released:?}");
    assert_eq!(released[0].kind, "decline");
    assert!(released[0].comment.contains("nobody checked in"));
    // Releases only (`enabled` is off): no Book now, though New meeting stays.
    assert!(s.find_all("[data-testid=book-now]").await.is_empty());
    assert_eq!(s.find_all("[data-testid=meet-now-open]").await.len(), 1);
    s.end().await;
}

/// The same rules from a shell: check-in, book end|now|extend, meet-now, and
/// the seventh write in an hour refused.
async fn cli(h: &Harness, vendor: Vendor) -> PathBuf {
    let sim = simulation().await;
    let config = configured(
        h,
        &sim,
        vendor,
        "enabled = true\ncheck_in = true\ncheck_in_after_minutes = 30\n",
    );
    let run = |args: &[&str]| {
        let out = h.run_cli(&config, args, None);
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).to_string()
                + &String::from_utf8_lossy(&out.stderr),
        )
    };
    let said = |args: &[&str], words: &str| {
        let (ok, text) = run(args);
        assert!(ok && text.contains(words), "{vendor:?} {args:?}: {text}");
    };
    said(&["check-in"], "Checked in");
    said(&["book", "end"], "The meeting has ended");
    said(
        &["book", "now", "--minutes", "15"],
        "The room is yours until",
    );
    said(
        &["book", "extend", "--minutes", "15"],
        "The meeting now ends at",
    );
    let (ok, text) = run(&["meet-now", "--minutes", "15", "--dry-run"]);
    assert!(ok, "{vendor:?}: {text}");
    assert!(
        text.contains("Meeting ID:") && text.contains("A meeting is on in the room now"),
        "{text}"
    );
    assert!(text.contains('\u{2584}'), "the QR code is printed: {text}");
    said(&["book", "end"], "The meeting has ended");
    said(
        &["book", "now", "--minutes", "30"],
        "The room is yours until",
    );
    let (ok, text) = run(&["book", "extend", "--minutes", "15"]);
    assert!(
        !ok && text.contains("several times this hour"),
        "{vendor:?}: {text}"
    );
    assert_eq!(
        writes(&sim),
        ["set_end", "book", "set_end", "set_end", "book"],
        "{vendor:?}"
    );
    config
}

/// The QR code in a screenshot, read by a real decoder.
fn zbarimg(png: &Path) -> String {
    let out = std::process::Command::new("zbarimg")
        .args(["--raw", "-q", "-Sdisable", "-Sqrcode.enable"])
        .arg(png)
        .output()
        .expect("zbarimg runs (Debian's zbar-tools)");
    assert!(
        out.status.success(),
        "zbarimg found no code in {}",
        png.display()
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}
