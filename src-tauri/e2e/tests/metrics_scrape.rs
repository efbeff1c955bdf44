//! Issue 22: metrics for node_exporter's textfile collector. A configured room
//! against the simulation writes `[metrics] textfile`; Debian's real
//! `prometheus-node-exporter`, on loopback with only its textfile collector,
//! is scraped over HTTP, and Debian's `promtool check metrics` reads the
//! scrape. First the room in setup (a secret missing), then the room set up,
//! with a tap on Start and one on Join.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use roomstart_e2e::{app_log, Harness, Session};
use roomstart_sim::{LinkStyle, SimOptions, Simulation, DEMO_TITLES, HOST_EMAIL};

const NODE_EXPORTER: &str = "/usr/bin/prometheus-node-exporter";
const PROMTOOL: &str = "/usr/bin/promtool";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn node_exporter_serves_the_rooms_metrics() {
    let h = Harness::from_env();
    h.clear_recorded();
    let sim = Simulation::start(SimOptions {
        links: LinkStyle::ZoomWithLocalLauncher,
        ..SimOptions::at(roomstart_e2e::app_clock())
    })
    .await
    .unwrap();
    let dir = std::env::temp_dir().join(format!("roomstart-metrics-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let prom = dir.join("roomstart.prom");
    let config = h.config_file(
        "roomstart-metrics",
        &roomstart_e2e::room_config(
            &sim,
            "Metrics room",
            "",
            &format!(
                "[[ics]]\nname = \"room\"\n\n[metrics]\ntextfile = \"{}\"\n",
                prom.display()
            ),
        ),
    );

    // Not set up yet: the room says so, and that its config and keyring are fine.
    // The e2e tests share one keyring, and earlier ones stored this secret.
    let _ = h.run_cli(&config, &["secrets", "delete", "zoom.client_secret"], None);
    let (s, text) = h.setup_screen(&config).await;
    assert!(text.contains("zoom.client_secret"), "{text}");
    let written = wait_for_file(&prom, |t| {
        has(t, r#"roomstart_room_state{state="setup"} 1"#)
    })
    .await;
    for line in [
        "roomstart_config_valid 1",
        "roomstart_keyring_available 1",
        r#"roomstart_doctor_check{check="secret zoom.client_secret",status="fail"} 1"#,
    ] {
        assert!(has(&written, line), "{line} missing from\n{written}");
    }
    s.end().await;
    // One instance a session: a window still closing would take the next launch's place.
    wait_until_gone(&h.app).await;
    std::fs::remove_file(&prom).unwrap();

    // Set up: a tap on Start and one on Join, each counted as the file is written again.
    h.set_secret(&config, "zoom.client_secret", roomstart_sim::CLIENT_SECRET);
    h.set_secret(&config, "ics.room.url", &sim.calendar_url());
    let s = Session::start(
        &h.driver_url,
        &h.app,
        &["--config", config.to_str().unwrap()],
    )
    .await;
    s.wait_for("[data-testid=event]", 4).await;
    let start = s.wait_for("[data-testid=start]", 1).await;
    s.click(&start[0]).await;
    h.wait_for_recorded(1).await;
    s.wait_for(".status.ok", 1).await;
    let join = s.wait_for("[data-testid=join]", 1).await;
    s.click(&join[0]).await;
    h.wait_for_recorded(2).await;
    wait_for_file(&prom, |t| {
        has(t, r#"roomstart_taps_total{action="join",result="ok"} 1"#)
    })
    .await;
    s.screenshot(&h.artifacts.join("metrics-scrape.png")).await;

    // The real node_exporter, scraped over HTTP.
    let port = free_port();
    let mut exporter = NodeExporter::start(port, &dir);
    let scrape = exporter.scrape().await;
    std::fs::write(h.artifacts.join("metrics-scrape.prom"), &scrape).unwrap();
    assert!(
        has(&scrape, "node_textfile_scrape_error 0"),
        "node_exporter read the file without error:\n{scrape}"
    );
    let version = String::from_utf8(
        Command::new(&h.app)
            .arg("--version")
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let version = version.trim().rsplit(' ').next().unwrap().to_string();
    for line in [
        format!(r#"roomstart_build_info{{version="{version}"}} 1"#),
        // The demo day has a meeting under way.
        r#"roomstart_room_state{state="busy"} 1"#.into(),
        r#"roomstart_room_state{state="setup"} 0"#.into(),
        r#"roomstart_taps_total{action="start",result="ok"} 1"#.into(),
        r#"roomstart_taps_total{action="join",result="ok"} 1"#.into(),
        r#"roomstart_taps_total{action="start",result="error"} 0"#.into(),
        r#"roomstart_tap_duration_seconds_bucket{le="+Inf"} 2"#.into(),
        "roomstart_tap_duration_seconds_count 2".into(),
        "roomstart_keyring_available 1".into(),
        "roomstart_zoom_handler_installed 1".into(),
        "roomstart_config_valid 1".into(),
        r#"roomstart_doctor_check{check="keyring",status="pass"} 1"#.into(),
        r#"roomstart_doctor_check{check="zoommtg handler",status="pass"} 1"#.into(),
    ] {
        assert!(has(&scrape, &line), "{line} missing from\n{scrape}");
    }
    let states: f64 = series(&scrape, "roomstart_room_state{")
        .iter()
        .map(|(_, v)| v)
        .sum();
    assert_eq!(states, 1.0, "one state at a time");
    let answered = value(
        &scrape,
        r#"roomstart_calendar_last_success_timestamp_seconds{source="room"}"#,
    );
    let now = chrono::Utc::now().timestamp() as f64;
    assert!(
        now - answered < 300.0 && answered <= now + 1.0,
        "{answered}"
    );
    for api in [
        r#"api="zoom",code="200""#,
        r#"api="oauth",code="200""#,
        r#"api="feed",code="200""#,
    ] {
        let n = value(&scrape, &format!("roomstart_api_requests_total{{{api}}}"));
        assert!(n >= 1.0, "{api}: {n}");
    }
    assert!(series(&scrape, "roomstart_calendar_errors_total{").is_empty());

    // No label carries a title, an organizer, a meeting ID or a link.
    let mut private: Vec<String> = DEMO_TITLES.iter().map(|t| t.to_string()).collect();
    private.extend(sim.schedule().meetings.iter().map(|m| m.id.to_string()));
    private.extend([
        HOST_EMAIL.into(),
        "@".into(),
        "://".into(),
        "zoom.us".into(),
    ]);
    for (labels, _) in series(&scrape, "roomstart_") {
        for word in &private {
            assert!(!labels.contains(word.as_str()), "{labels} carries {word}");
        }
    }

    // A real parser: promtool, Prometheus' own.
    let checked = promtool_check(&scrape);
    eprintln!("promtool check metrics: {checked:?}");
    assert!(checked.is_ok(), "promtool: {checked:?}");

    exporter.stop();
    s.end().await;
    assert!(
        !app_log().contains("could not write the metrics file"),
        "{}",
        app_log()
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A line of the text format is there, exactly.
fn has(text: &str, line: &str) -> bool {
    text.lines().any(|l| l == line)
}

/// Each series whose line starts with `prefix`: its name and labels, and value.
fn series<'a>(text: &'a str, prefix: &str) -> Vec<(&'a str, f64)> {
    text.lines()
        .filter(|l| l.starts_with(prefix))
        .filter_map(|l| {
            let (name, value) = l.rsplit_once(' ')?;
            Some((name, value.parse().ok()?))
        })
        .collect()
}

fn value(text: &str, name: &str) -> f64 {
    series(text, name)
        .into_iter()
        .find(|(n, _)| *n == name)
        .unwrap_or_else(|| panic!("{name} missing from\n{text}"))
        .1
}

/// Waits until the metrics file is there and says what `wanted` looks for.
async fn wait_for_file(path: &Path, wanted: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        if wanted(&text) {
            return text;
        }
        assert!(
            Instant::now() < deadline,
            "{} never said it; last:\n{text}\nlog:\n{}",
            path.display(),
            app_log()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn wait_until_gone(app: &Path) {
    let deadline = Instant::now() + Duration::from_secs(20);
    let running = || {
        std::fs::read_dir("/proc")
            .into_iter()
            .flatten()
            .flatten()
            .any(|e| std::fs::read_link(e.path().join("exe")).is_ok_and(|exe| exe == app))
    };
    while running() {
        assert!(
            Instant::now() < deadline,
            "the setup window's app never exited"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

struct NodeExporter {
    child: Child,
    url: String,
}

impl NodeExporter {
    /// Only the textfile collector, on loopback, reading `dir`.
    fn start(port: u16, dir: &Path) -> NodeExporter {
        let child = Command::new(NODE_EXPORTER)
            .arg(format!("--web.listen-address=127.0.0.1:{port}"))
            .arg("--collector.disable-defaults")
            .arg("--collector.textfile")
            .arg(format!("--collector.textfile.directory={}", dir.display()))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("{NODE_EXPORTER} runs (apt install prometheus-node-exporter): {e}")
            });
        NodeExporter {
            child,
            url: format!("http://127.0.0.1:{port}/metrics"),
        }
    }

    async fn scrape(&mut self) -> String {
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(response) = client.get(&self.url).send().await {
                if response.status().is_success() {
                    return response.text().await.unwrap();
                }
            }
            assert!(
                self.child.try_wait().unwrap().is_none(),
                "node_exporter exited"
            );
            assert!(Instant::now() < deadline, "node_exporter never answered");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for NodeExporter {
    fn drop(&mut self) {
        self.stop();
    }
}

/// `promtool check metrics` on the scrape: Ok with what it said, or Err.
fn promtool_check(scrape: &str) -> Result<String, String> {
    use std::io::Write;
    let mut child = Command::new(PROMTOOL)
        .args(["check", "metrics"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{PROMTOOL} runs (apt install prometheus): {e}"));
    child
        .stdin
        .take()
        .unwrap()
        .write_all(scrape.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    match out.status.success() {
        true => Ok(said),
        false => Err(said),
    }
}
