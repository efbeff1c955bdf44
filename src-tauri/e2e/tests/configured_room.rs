//! A configured room end to end, with known secret values: every CLI flow, the
//! window's setup state and its start path, then a scan of everything the app
//! wrote or showed for each secret, raw and URL-encoded.

use std::path::{Path, PathBuf};
use std::process::Output;

use roomstart_e2e::{app_log, Harness, Session};
use roomstart_sim::{LinkStyle, SimOptions, Simulation, DEMO_TITLES};

const CLIENT_SECRET: &str = "leaktest-client-secret-Q7r2vN";
const WRONG_SECRET: &str = "leaktest-wrong-secret-M3x8pL";
const FEED_TOKEN: &str = "leaktest-feed-token-W9k4sD";

/// Everything the app printed or showed, to be scanned for secrets at the end.
#[derive(Default)]
struct Seen {
    texts: Vec<(String, String)>,
}

impl Seen {
    fn add(&mut self, what: impl Into<String>, text: impl Into<String>) {
        self.texts.push((what.into(), text.into()));
    }
}

struct Cli<'a> {
    harness: &'a Harness,
    config: &'a Path,
}

impl Cli<'_> {
    fn run(&self, seen: &mut Seen, args: &[&str], stdin: Option<&str>) -> Output {
        let child = self.harness.spawn_cli(self.config, args, stdin.is_some());
        if let Ok(cmdline) = std::fs::read(format!("/proc/{}/cmdline", child.id())) {
            seen.add(
                format!("arguments of {args:?}"),
                String::from_utf8_lossy(&cmdline).replace('\0', " "),
            );
        }
        let out = roomstart_e2e::finish_cli(child, stdin);
        seen.add(
            format!("stdout of {args:?}"),
            String::from_utf8_lossy(&out.stdout),
        );
        seen.add(
            format!("stderr of {args:?}"),
            String::from_utf8_lossy(&out.stderr),
        );
        out
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn configured_room_cli_window_and_no_secret_leaks() {
    let h = Harness::from_env();
    h.clear_recorded();
    let sim = Simulation::start(SimOptions {
        links: LinkStyle::ZoomWithLocalLauncher,
        client_secret: CLIENT_SECRET.into(),
        feed_token: Some(FEED_TOKEN.into()),
        ..SimOptions::at(roomstart_e2e::app_clock())
    })
    .await
    .unwrap();
    let feed_url = format!("{}feeds/{FEED_TOKEN}", sim.base());
    let config = h.config_file(
        "roomstart-e2e",
        &roomstart_e2e::room_config(&sim, "Boardroom (e2e)", "", "[[ics]]\nname = \"room\"\n"),
    );
    let cli = Cli {
        harness: &h,
        config: &config,
    };
    let mut seen = Seen::default();

    // Before any secret is set: named, with the command that sets it.
    let out = cli.run(&mut seen, &["secrets", "list"], None);
    assert!(!out.status.success());
    assert!(stdout(&out).contains("✗ zoom.client_secret  not set: printf '%s' \"$VALUE\" | roomstart secrets set zoom.client_secret"), "{}", stdout(&out));
    assert!(stdout(&out).contains("✗ ics.room.url  not set"));
    let out = cli.run(&mut seen, &["doctor"], None);
    assert!(!out.status.success());
    assert!(
        stdout(&out).contains("✗ secret zoom.client_secret: not set"),
        "{}",
        stdout(&out)
    );

    // The window shows the setup state, never a blank screen.
    let (s, text) = h.setup_screen(&config).await;
    assert!(text.contains("This room needs setting up"), "{text}");
    assert!(text.contains("secret zoom.client_secret is not set; set it with: roomstart secrets set zoom.client_secret"), "{text}");
    s.screenshot(&h.artifacts.join("setup-missing-secret.png"))
        .await;
    seen.add("page of the setup screen", s.source().await);
    s.end().await;

    // Provision from a script: values on standard input only.
    let bad = cli.run(&mut seen, &["secrets", "set", "zoom.secret"], Some("x"));
    assert!(!bad.status.success() && stderr(&bad).contains("is not a secret roomstart uses"));
    let out = cli.run(
        &mut seen,
        &["secrets", "set", "zoom.client_secret"],
        Some(&format!("{CLIENT_SECRET}\n")),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = cli.run(
        &mut seen,
        &["secrets", "set", "ics.room.url"],
        Some(&feed_url),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = cli.run(&mut seen, &["secrets", "list"], None);
    assert!(out.status.success(), "{}", stdout(&out));
    assert_eq!(
        stdout(&out),
        "✓ zoom.client_secret  set\n✓ ics.room.url  set\n"
    );

    for args in [
        &["config", "path"][..],
        &["config", "check"],
        &["config", "show"],
    ] {
        let out = cli.run(&mut seen, args, None);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    }
    let show = stdout(&cli.run(&mut seen, &["config", "show"], None));
    assert!(show.contains("room.name = \"Boardroom (e2e)\""), "{show}");
    assert!(
        show.contains("room.start_early_minutes = 15") && show.contains("# default"),
        "{show}"
    );

    let out = cli.run(&mut seen, &["doctor"], None);
    assert!(out.status.success(), "doctor:\n{}", stdout(&out));
    for line in [
        "✓ zoom credentials: accepted by Zoom",
        "✓ zoom scopes:",
        "✓ zoom host me: 3 upcoming meetings",
        "✓ calendar room: 4 events today and tomorrow",
        "✓ zoommtg handler: handled by roomstart-recorder.desktop",
        "✓ keyring: reachable and unlocked",
        "✓ clock: within",
    ] {
        assert!(
            stdout(&out).contains(line),
            "{line} missing from:\n{}",
            stdout(&out)
        );
    }
    let json: serde_json::Value =
        serde_json::from_slice(&cli.run(&mut seen, &["doctor", "--json"], None).stdout).unwrap();
    assert_eq!(json["ok"], true);
    assert_eq!(json["room"], "Boardroom (e2e)");

    // The agenda for scripts: the four events, the meeting found in each invite.
    let out = cli.run(&mut seen, &["agenda", "--json"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let agenda: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(agenda["room"], "Boardroom (e2e)");
    let events = agenda["events"].as_array().unwrap();
    let titles: Vec<&str> = events
        .iter()
        .map(|e| e["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, DEMO_TITLES);
    let sync = &events[0]["meeting"];
    assert_eq!(sync["service"], "zoom");
    assert_eq!(sync["meeting_id"], "85746352410");
    assert_eq!(sync["startable"], true);
    assert_eq!(
        sync["join_url"],
        "https://us06web.zoom.us/j/85746352410?pwd=REDACTED"
    );
    assert!(events[1]["meeting"].is_null());
    assert_eq!(events[3]["meeting"]["startable"], false);
    assert_eq!(events[3]["meeting"]["hosted_here"], false);
    let out = cli.run(&mut seen, &["agenda", "--from", "yesterday"], None);
    assert!(
        stderr(&out).contains("is not an RFC 3339 time"),
        "{}",
        stderr(&out)
    );

    // The start path from the command line, the same as a tap.
    // The CLI has no window to run the launcher page in: it hands the OS the
    // start_url itself (here the simulation's launcher page).
    let out = cli.run(&mut seen, &["start", "85746352410", "--dry-run"], None);
    assert_eq!(
        stdout(&out),
        format!("{}s/85746352410?zak=REDACTED\n", sim.base())
    );
    let out = cli.run(&mut seen, &["start", "85746352410"], None);
    assert!(out.status.success(), "{}\n{}", stderr(&out), app_log());
    let urls = h.wait_for_recorded(1).await;
    assert_eq!(
        urls.last(),
        sim.issued_start_urls().last(),
        "the handler gets exactly the fake's latest start_url"
    );
    let out = cli.run(&mut seen, &["join", "93456789012", "--dry-run"], None);
    assert_eq!(
        stdout(&out),
        "zoommtg://acme.zoom.us/join?action=join&confno=93456789012&pwd=REDACTED&uname=Boardroom+%28e2e%29\n",
        "a zoommtg handler is registered, so Join goes straight to the client"
    );
    let out = cli.run(&mut seen, &["start", "93456789012"], None);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("can't be started from this room"),
        "{}",
        stderr(&out)
    );

    // The window: Start runs the fresh start_url's launcher page out of
    // sight and hands the OS only the Zoom client's link.
    let s = Session::start(
        &h.driver_url,
        &h.app,
        &["--config", config.to_str().unwrap()],
    )
    .await;
    s.wait_for("[data-testid=event]", 4).await;
    if let Some(cmdline) = app_cmdline(&h.app) {
        seen.add("arguments of the window process", cmdline);
    }
    let start = s.wait_for("[data-testid=start]", 1).await;
    s.click(&start[0]).await;
    let urls = h.wait_for_recorded(2).await;
    assert_eq!(
        urls[1..],
        [roomstart_e2e::client_start_link(&sim, 85746352410)]
    );
    s.wait_for(".status.ok", 1).await;
    s.screenshot(&h.artifacts.join("configured-room-started.png"))
        .await;
    seen.add("page of the room screen", s.source().await);
    s.end().await;

    // Bad credentials: said plainly, and the secret is not in the message.
    let out = cli.run(
        &mut seen,
        &["secrets", "set", "zoom.client_secret"],
        Some(WRONG_SECRET),
    );
    assert!(out.status.success());
    let out = cli.run(&mut seen, &["doctor"], None);
    assert!(!out.status.success());
    assert!(stdout(&out).contains("✗ zoom credentials: zoom rejected the app's credentials (Invalid client_id or client_secret)"), "{}", stdout(&out));
    let out = cli.run(&mut seen, &["start", "85746352410"], None);
    assert!(
        stderr(&out).contains("Zoom did not accept this room's credentials"),
        "{}",
        stderr(&out)
    );

    // The scan.
    let mut secrets = vec![
        CLIENT_SECRET.to_string(),
        WRONG_SECRET.into(),
        FEED_TOKEN.into(),
        feed_url.clone(),
    ];
    secrets.extend(sim.issued_tokens());
    for url in sim.issued_start_urls() {
        secrets.push(url.split("zak=").nth(1).unwrap().to_string());
        secrets.push(url);
    }
    for m in &sim.schedule().meetings {
        secrets.push(m.passcode.to_string());
        secrets.push(m.encrypted_passcode.to_string());
    }
    let mut scanned_files = 0;
    for var in ["XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"] {
        for file in files_under(&PathBuf::from(std::env::var(var).unwrap())) {
            let text = String::from_utf8_lossy(&std::fs::read(&file).unwrap()).into_owned();
            seen.add(file.display().to_string(), text);
            scanned_files += 1;
        }
    }
    let log = seen
        .texts
        .iter()
        .find(|(what, _)| what.ends_with("roomstart.log"))
        .expect("the app wrote its log");
    assert!(
        log.1.contains("opening the start url"),
        "the log records the start, redacted"
    );
    let mut leaks = Vec::new();
    for secret in &secrets {
        let encoded: String = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
        for (what, text) in &seen.texts {
            if text.contains(secret.as_str()) || text.contains(&encoded) {
                leaks.push(format!("{what} contains a secret ({} chars)", secret.len()));
            }
        }
    }
    assert!(leaks.is_empty(), "{leaks:#?}");
    eprintln!(
        "leak scan: {} secrets over {} outputs, pages and argument lists and {scanned_files} files",
        secrets.len(),
        seen.texts.len() - scanned_files
    );
}

/// Regular files only: sockets (the keyring's control socket) cannot be read.
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

/// The command line of the running window process, from /proc.
fn app_cmdline(app: &Path) -> Option<String> {
    std::fs::read_dir("/proc").ok()?.flatten().find_map(|e| {
        let exe = std::fs::read_link(e.path().join("exe")).ok()?;
        if exe != app {
            return None;
        }
        let cmdline = std::fs::read(e.path().join("cmdline")).ok()?;
        Some(String::from_utf8_lossy(&cmdline).replace('\0', " "))
    })
}
