//! A kiosk that stays: under a real window manager (openbox, whose Alt+F4
//! closes the focused window), the kiosk window refuses Alt+F4 and the window
//! manager's close, and the app keeps running; a plain window still closes.
//! And `doctor` says whether other accounts could read a start link from /proc.

use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use roomstart_e2e::{app_log, Harness};

const REFUSED: &str = "a close request to the kiosk window was refused";
const ASKED: &str = "the window asked for the room screen";

/// A window manager on the test's display for as long as this lives.
struct WindowManager(Child);

impl WindowManager {
    fn start() -> WindowManager {
        let wm = Command::new("openbox")
            .arg("--sm-disable")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("openbox runs (scripts/setup-system.sh --test installs it)");
        let wm = WindowManager(wm);
        until("openbox manages the display", || {
            Command::new("wmctrl")
                .arg("-m")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        });
        wm
    }
}

impl Drop for WindowManager {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The app on its own (no WebDriver in between, so its exit is its own), killed when dropped.
struct App(Child);

impl App {
    fn start(h: &Harness, config: &Path) -> App {
        let child = Command::new(&h.app)
            .arg("--config")
            .arg(config)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .spawn()
            .expect("roomstart runs");
        App(child)
    }

    fn exited(&mut self) -> Option<ExitStatus> {
        self.0.try_wait().expect("the app's status can be read")
    }

    /// The app's visible top-level window, once its page has asked for the
    /// room screen (`asked` is how often the log said so before this app).
    fn window(&mut self, asked: usize) -> String {
        let pid = self.0.id().to_string();
        let mut found = None;
        until("the app shows its window and the room screen", || {
            if let Some(status) = self.exited() {
                panic!("the app exited with {status} before showing a window");
            }
            found = visible_window(&pid);
            found.is_some() && app_log().matches(ASKED).count() > asked
        });
        found.unwrap()
    }
}

impl Drop for App {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The window of process `pid` named Roomstart that is mapped, if any.
fn visible_window(pid: &str) -> Option<String> {
    let out = Command::new("xdotool")
        .args(["search", "--all", "--onlyvisible", "--pid", pid])
        .args(["--name", "^Roomstart$"])
        .output()
        .expect("xdotool runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .next()
        .map(str::to_string)
}

fn run(program: &str, args: &[&str]) {
    let status = Command::new(program)
        .args(args)
        .status()
        .unwrap_or_else(|e| panic!("{program} runs: {e}"));
    assert!(status.success(), "{program} {args:?}: {status}");
}

/// Polls `done` until it holds; a minute without is a failure of the test.
fn until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done() {
        assert!(Instant::now() < deadline, "waited a minute: {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn refusals() -> usize {
    app_log().matches(REFUSED).count()
}

/// Sends a close request every 5 s until the app has refused `count` in all;
/// a minute without is a failure, and the app must never exit meanwhile.
fn press_until_refused(app: &mut App, count: usize, request: &str, mut press: impl FnMut()) {
    let mut next_press = Instant::now();
    until(&format!("the app logs that it refused {request}"), || {
        if let Some(status) = app.exited() {
            panic!("{request} closed the kiosk window: the app exited with {status}");
        }
        if refusals() >= count {
            return true;
        }
        if Instant::now() >= next_press {
            press();
            next_press = Instant::now() + Duration::from_secs(5);
        }
        false
    });
}

fn room(h: &Harness, dir: &str, kiosk: bool) -> std::path::PathBuf {
    h.config_file(
        dir,
        &format!(
            "[room]\nname = \"Kiosk stays\"\ntimezone = \"UTC\"\n\n[screen]\nkiosk = {kiosk}\n"
        ),
    )
}

#[test]
fn a_kiosk_window_refuses_to_close_and_a_plain_window_closes() {
    let h = Harness::from_env();
    let _wm = WindowManager::start();

    let asked = app_log().matches(ASKED).count();
    let mut app = App::start(&h, &room(&h, "roomstart-kiosk-stays", true));
    let window = app.window(asked);
    let before = refusals();

    // Alt+F4, as someone at the room's keyboard would press it: again every
    // few seconds, as they would, because on a busy machine openbox may not
    // yet have given the new window the focus the first press needs.
    press_until_refused(&mut app, before + 1, "Alt+F4", || {
        run("xdotool", &["windowactivate", "--sync", &window]);
        run("xdotool", &["key", "--clearmodifiers", "alt+F4"]);
    });
    // The window manager's close (_NET_CLOSE_WINDOW, as a title bar's × sends it).
    let after_alt_f4 = refusals();
    press_until_refused(
        &mut app,
        after_alt_f4 + 1,
        "the window manager's close",
        || run("wmctrl", &["-i", "-c", &window]),
    );

    assert_eq!(app.exited(), None, "the app still runs");
    assert_eq!(
        visible_window(&app.0.id().to_string()).as_deref(),
        Some(window.as_str()),
        "the same window is still on the screen"
    );
    let shot = h.artifacts.join("kiosk-after-close-requests.png");
    run(
        "import",
        &["-window", "root", "-resize", "25%", shot.to_str().unwrap()],
    );
    drop(app);

    // Outside kiosk mode the window closes as any window does, and the app ends cleanly.
    let asked = app_log().matches(ASKED).count();
    let mut app = App::start(&h, &room(&h, "roomstart-windowed-closes", false));
    let window = app.window(asked);
    let refused_so_far = refusals();
    run("wmctrl", &["-i", "-c", &window]);
    let mut status = None;
    until("the plain window closes and the app exits", || {
        status = app.exited();
        status.is_some()
    });
    assert!(status.unwrap().success(), "{status:?}");
    assert_eq!(refusals(), refused_so_far, "a plain window refuses nothing");
}

#[test]
fn doctor_warns_when_other_accounts_can_read_command_lines() {
    let h = Harness::from_env();
    let config = room(&h, "roomstart-doctor-proc", false);
    let out = h.run_cli(&config, &["doctor"], None);
    let report = String::from_utf8_lossy(&out.stdout);
    let line = report
        .lines()
        .find(|l| l.contains(" /proc hidepid: "))
        .unwrap_or_else(|| panic!("no /proc check in:\n{report}"));
    // This computer's own mount table says which answer is right.
    let mounts = std::fs::read_to_string("/proc/self/mounts").unwrap();
    let hidden = mounts.lines().any(|l| {
        let f: Vec<&str> = l.split_whitespace().collect();
        f.len() > 3
            && f[1] == "/proc"
            && f[3]
                .split(',')
                .any(|o| o.starts_with("hidepid=") && !matches!(o, "hidepid=0" | "hidepid=off"))
    });
    if hidden {
        assert!(line.starts_with("✓ /proc hidepid: hidepid="), "{report}");
    } else {
        assert!(
            line.starts_with("! /proc hidepid: /proc is mounted without hidepid"),
            "{report}"
        );
        assert!(report.contains("fix: Mount /proc with hidepid"), "{report}");
    }
}
