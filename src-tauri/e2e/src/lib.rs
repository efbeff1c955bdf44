//! A small W3C WebDriver client for driving the real Roomstart window through
//! tauri-driver, and the recording URL handler's log. Used by tests/.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{json, Value};

/// The app under test reads this computer's clock, as a room must, so the fakes
/// lay out their day around the same moment. What the tests check holds at any
/// hour: the screen lists tomorrow's meetings after today's.
pub fn app_clock() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// What the e2e scripts set up around the test (see scripts/e2e-session.sh).
pub struct Harness {
    pub app: PathBuf,
    pub driver_url: String,
    pub record_file: PathBuf,
    pub artifacts: PathBuf,
    pub demo_port: u16,
}

impl Harness {
    /// Fails loudly when run outside the harness: a silently skipped e2e test proves nothing.
    pub fn from_env() -> Harness {
        let var = |name: &str| {
            std::env::var(name).unwrap_or_else(|_| {
                panic!("{name} is not set: run the e2e tests through scripts/test-e2e.sh")
            })
        };
        Harness {
            app: var("ROOMSTART_E2E_APP").into(),
            driver_url: var("ROOMSTART_E2E_DRIVER"),
            record_file: var("ROOMSTART_E2E_RECORD").into(),
            artifacts: var("ROOMSTART_E2E_ARTIFACTS").into(),
            demo_port: var("ROOMSTART_DEMO_PORT")
                .parse()
                .expect("ROOMSTART_DEMO_PORT is a port"),
        }
    }

    /// Writes a room's configuration under the session's XDG config home (so
    /// the leak scan covers it) and returns its path.
    pub fn config_file(&self, dir: &str, contents: &str) -> PathBuf {
        let dir = PathBuf::from(std::env::var("XDG_CONFIG_HOME").expect("set by e2e-session.sh"))
            .join(dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("room.toml");
        std::fs::write(&path, contents).unwrap();
        path
    }

    /// Runs the app's CLI on `config`, with `stdin` piped in when given (the
    /// only way `secrets set` takes a value), and waits for it.
    pub fn run_cli(
        &self,
        config: &Path,
        args: &[&str],
        stdin: Option<&str>,
    ) -> std::process::Output {
        let child = self.spawn_cli(config, args, stdin.is_some());
        finish_cli(child, stdin)
    }

    /// Starts the CLI without waiting, so a caller can look at the running process.
    pub fn spawn_cli(
        &self,
        config: &Path,
        args: &[&str],
        piped_stdin: bool,
    ) -> std::process::Child {
        use std::process::{Command, Stdio};
        Command::new(&self.app)
            .arg("--config")
            .arg(config)
            .args(args)
            .stdin(if piped_stdin {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("roomstart runs")
    }

    /// `roomstart secrets set NAME` with the value on stdin; panics if it fails.
    pub fn set_secret(&self, config: &Path, name: &str, value: &str) {
        let out = self.run_cli(config, &["secrets", "set", name], Some(value));
        assert!(
            out.status.success(),
            "secrets set {name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Opens the window on `config` and returns it with the setup screen's text.
    pub async fn setup_screen(&self, config: &Path) -> (Session, String) {
        let s = Session::start(
            &self.driver_url,
            &self.app,
            &["--config", config.to_str().unwrap()],
        )
        .await;
        let setup = s.wait_for("[data-testid=setup]", 1).await;
        let text = s.text(&setup[0]).await;
        (s, text)
    }

    /// Forgets what earlier tests opened: each test counts only its own URLs.
    pub fn clear_recorded(&self) {
        std::fs::write(&self.record_file, "").expect("the record file is writable");
    }

    /// Every URL the recording handler has received, oldest first.
    pub fn recorded_urls(&self) -> Vec<String> {
        std::fs::read_to_string(&self.record_file)
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect()
    }

    /// Waits until the handler has received `count` URLs, then returns them.
    pub async fn wait_for_recorded(&self, count: usize) -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let urls = self.recorded_urls();
            if urls.len() >= count {
                return urls;
            }
            assert!(
                Instant::now() < deadline,
                "the URL handler received {} URLs, expected {count}",
                urls.len()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// Feeds `stdin` (if any) to a CLI process started by `Harness::spawn_cli` and waits for it.
pub fn finish_cli(mut child: std::process::Child, stdin: Option<&str>) -> std::process::Output {
    if let Some(input) = stdin {
        use std::io::Write;
        let mut pipe = child.stdin.take().expect("stdin was piped");
        pipe.write_all(input.as_bytes())
            .expect("the CLI reads stdin");
    }
    child.wait_with_output().expect("roomstart exits")
}

/// A room's configuration on the simulation's Zoom: `room_extra` goes in
/// `[room]`, and `sources` (the calendar tables) follow `[zoom]`. The window
/// is a normal one (`[screen] kiosk = false`) unless `sources` has its own `[screen]`.
pub fn room_config(
    sim: &roomstart_sim::Simulation,
    name: &str,
    room_extra: &str,
    sources: &str,
) -> String {
    let windowed = match sources.contains("[screen]") {
        true => "",
        false => "\n[screen]\nkiosk = false\n",
    };
    format!(
        "[room]\nname = \"{name}\"\ntimezone = \"UTC\"\n{room_extra}\n\
         [zoom]\naccount_id = \"{}\"\nclient_id = \"{}\"\napi_base = \"{}\"\noauth_base = \"{}\"\n\n{sources}{windowed}",
        roomstart_sim::ACCOUNT_ID,
        roomstart_sim::CLIENT_ID,
        sim.api_base(),
        sim.base().as_str().trim_end_matches('/'),
    )
}

/// The one link the Zoom client should get for a tap on Start of meeting
/// `id`: what the simulation's launcher page hands on for the latest
/// `start_url` it issued (the window runs that page out of sight).
pub fn client_start_link(sim: &roomstart_sim::Simulation, id: u64) -> String {
    let start = sim
        .issued_start_urls()
        .last()
        .cloned()
        .expect("a start_url was issued");
    let zak = start
        .split("zak=")
        .nth(1)
        .expect("a start_url carries a zak");
    format!("zoommtg://us06web.zoom.us/start?confno={id}&zak={zak}")
}

/// The app's current log (in the test's XDG state home).
pub fn app_log() -> String {
    let path = PathBuf::from(std::env::var("XDG_STATE_HOME").unwrap_or_default())
        .join("roomstart/logs/roomstart.log");
    std::fs::read_to_string(path).unwrap_or_default()
}

pub struct Session {
    http: reqwest::Client,
    base: String,
}

impl Session {
    pub async fn start(driver_url: &str, app: &Path, args: &[&str]) -> Session {
        // A WebDriver command that never answers fails the test, not the run.
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(90))
            .build()
            .expect("an HTTP client");
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "wry",
            "tauri:options": {"application": app, "args": args}
        }}});
        let response: Value = http
            .post(format!("{driver_url}/session"))
            .json(&caps)
            .send()
            .await
            .expect("tauri-driver answers")
            .json()
            .await
            .expect("a JSON session");
        let id = response["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {response}"))
            .to_string();
        Session {
            http,
            base: format!("{driver_url}/session/{id}"),
        }
    }

    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let value: Value = request
            .send()
            .await
            .expect("webdriver answers")
            .json()
            .await
            .expect("json");
        value["value"].clone()
    }

    pub async fn find_all(&self, css: &str) -> Vec<String> {
        let found = self
            .call(
                reqwest::Method::POST,
                "/elements",
                Some(json!({"using": "css selector", "value": css})),
            )
            .await;
        found
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e[ELEMENT_KEY].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Polls until at least `count` elements match.
    pub async fn wait_for(&self, css: &str, count: usize) -> Vec<String> {
        self.wait_for_within(css, count, Duration::from_secs(30))
            .await
    }

    /// `wait_for` with its own patience, for what happens on a schedule.
    pub async fn wait_for_within(
        &self,
        css: &str,
        count: usize,
        patience: Duration,
    ) -> Vec<String> {
        let deadline = Instant::now() + patience;
        loop {
            let found = self.find_all(css).await;
            if found.len() >= count {
                return found;
            }
            assert!(
                Instant::now() < deadline,
                "{css}: found {}, expected {count}",
                found.len()
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    pub async fn text(&self, element: &str) -> String {
        let v = self
            .call(
                reqwest::Method::GET,
                &format!("/element/{element}/text"),
                None,
            )
            .await;
        v.as_str().unwrap_or_default().to_string()
    }

    pub async fn attribute(&self, element: &str, name: &str) -> Option<String> {
        let v = self
            .call(
                reqwest::Method::GET,
                &format!("/element/{element}/attribute/{name}"),
                None,
            )
            .await;
        v.as_str().map(str::to_string)
    }

    pub async fn click(&self, element: &str) {
        self.call(
            reqwest::Method::POST,
            &format!("/element/{element}/click"),
            Some(json!({})),
        )
        .await;
    }

    /// Text of the page's whole body, as a person would read it.
    pub async fn page_text(&self) -> String {
        let body = self.wait_for("body", 1).await;
        self.text(&body[0]).await
    }

    /// Waits up to `patience` for the page's text to be `wanted`, and returns it.
    pub async fn wait_for_page(&self, patience: Duration, wanted: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + patience;
        loop {
            let page = self.page_text().await;
            if wanted(&page) {
                return page;
            }
            assert!(
                Instant::now() < deadline,
                "the page never became what was wanted:\n{page}"
            );
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
    }

    /// Waits for two animation frames, so a screenshot shows the DOM as it is
    /// now (WebKit otherwise hands back the last painted frame).
    pub async fn settle(&self) {
        let script = "const done = arguments[arguments.length - 1]; \
                      requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 50)));";
        self.call(
            reqwest::Method::POST,
            "/execute/async",
            Some(json!({"script": script, "args": []})),
        )
        .await;
    }

    pub async fn screenshot(&self, path: &Path) {
        self.settle().await;
        // WebKit's WebDriver takes the shot after the page's next paint, and
        // a room screen changes only as its clock does (the page is patched,
        // not redrawn): paint once, unseen, just after the request arrives.
        self.execute(
            "setTimeout(() => { document.body.style.opacity = '0.9999'; \
             setTimeout(() => { document.body.style.opacity = ''; }, 200); }, 100);",
            json!([]),
        )
        .await;
        let b64 = self.call(reqwest::Method::GET, "/screenshot", None).await;
        let png = base64::engine::general_purpose::STANDARD
            .decode(b64.as_str().expect("screenshot is base64"))
            .expect("valid base64");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, png).unwrap();
    }

    /// Runs `script` in the page and returns what it returns.
    pub async fn execute(&self, script: &str, args: Value) -> Value {
        self.call(
            reqwest::Method::POST,
            "/execute/sync",
            Some(json!({"script": script, "args": args})),
        )
        .await
    }

    /// Runs `script`, which calls its last argument with the result.
    pub async fn execute_async(&self, script: &str, args: Value) -> Value {
        self.call(
            reqwest::Method::POST,
            "/execute/async",
            Some(json!({"script": script, "args": args})),
        )
        .await
    }

    /// Resizes the window to `width`×`height` and waits until the page has it.
    pub async fn resize(&self, width: u32, height: u32) {
        self.call(
            reqwest::Method::POST,
            "/window/rect",
            Some(json!({"x": 0, "y": 0, "width": width, "height": height})),
        )
        .await;
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let size = self
                .execute("return [window.innerWidth, window.innerHeight];", json!([]))
                .await;
            if size == json!([width, height]) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the window is {size}, not {width}x{height}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Types `text` into `element` as key presses.
    pub async fn type_keys(&self, element: &str, text: &str) {
        self.call(
            reqwest::Method::POST,
            &format!("/element/{element}/value"),
            Some(json!({"text": text})),
        )
        .await;
    }

    /// The page's DOM as serialized HTML: everything the web view holds.
    pub async fn source(&self) -> String {
        let v = self.call(reqwest::Method::GET, "/source", None).await;
        v.as_str().unwrap_or_default().to_string()
    }

    pub async fn end(self) {
        let _ = self.http.delete(&self.base).send().await;
    }
}
