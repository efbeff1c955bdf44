//! Start without a browser. Zoom's launcher page (the `start_url`, with the
//! host's ZAK) runs in a hidden web view of our own, and only the `zoommtg:`
//! link it hands to the Zoom client leaves the process: checked by
//! `launch::client_start` (a Zoom host, the same meeting), then given to the
//! OS's URL handler. So no browser tab, back button, history entry or browser
//! command line ever holds the start link.
//!
//! The web view is ephemeral (no history, cookies or cache on disk), is never
//! shown, and has no Tauri capability: the capability in `tauri.conf.json`
//! names the window `main` only, and these are labelled `zoom-launcher-N`. It
//! may visit only Zoom's https hosts and the page's own origin (the demo's
//! loopback simulation), opens no windows, downloads nothing, and is destroyed
//! as soon as the page has handed on its link or the tap's deadline passes.
//!
//! With no Zoom client registered for the link's scheme, the link goes
//! nowhere (xdg-open would hand it, ZAK and all, to a browser) and the tap
//! says the meeting could not be opened; the demo shows the simulation's page
//! standing in for the client instead.
//!
//! Join links, and a room that starts with `zoommtg:` itself, go straight to
//! the OS as before. The CLI has no window, so `roomstart start` still hands
//! the https `start_url` to the OS (documented in the README).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use roomstart_core::launch::opener::{self, Opener, Opening, SystemOpener};
use roomstart_core::launch::{self, LaunchUrl};
use roomstart_core::links::is_zoom_host;
use roomstart_core::Secret;
use tauri::webview::NewWindowResponse;
use tauri::{AppHandle, Url, WebviewUrl, WebviewWindowBuilder};
use tokio::sync::oneshot;

/// The running app, once its event loop is up (`attach`).
static APP: OnceLock<AppHandle> = OnceLock::new();

/// The labels of the hidden web views; no capability names them.
const LABEL: &str = "zoom-launcher-";

/// Lets the room's opener make web views. Called once the app is running.
pub fn attach(app: &AppHandle) {
    let _ = APP.set(app.clone());
}

/// The window's opener: a `start_url` through a hidden web view, anything
/// else to the OS.
pub struct HandoffOpener {
    /// Demo only: where the simulation's page that stands in for the Zoom
    /// client is, for a computer with no Zoom client.
    stand_in: Option<Url>,
}

impl HandoffOpener {
    pub fn room() -> Self {
        HandoffOpener { stand_in: None }
    }

    /// The demo's: with no Zoom client on this computer, the simulation's
    /// page says what the client would now do.
    pub fn demo(simulation: &Url) -> Self {
        HandoffOpener {
            stand_in: Some(simulation.clone()),
        }
    }
}

impl Opener for HandoffOpener {
    fn open<'a>(&'a self, url: &'a LaunchUrl, wait: Duration) -> Opening<'a> {
        if url.launcher_for().is_none() {
            return SystemOpener.open(url, wait);
        }
        Box::pin(self.hand_off(url, wait))
    }
}

impl HandoffOpener {
    /// Runs Zoom's launcher page out of sight until it navigates to a client
    /// link, or until `wait` is up, then hands the checked link to the OS.
    async fn hand_off(&self, start: &LaunchUrl, wait: Duration) -> Result<(), opener::Error> {
        let deadline = tokio::time::Instant::now() + wait;
        let client = client_link(start, deadline).await?;
        let left = || deadline.saturating_duration_since(tokio::time::Instant::now());
        let scheme = client
            .expose()
            .split(':')
            .next()
            .unwrap_or_default()
            .to_string();
        if !client_registered(&scheme).await {
            if let Some(origin) = &self.stand_in {
                let page = launch::stand_in_client(&client, origin)?;
                return SystemOpener.open(&page, left()).await;
            }
            // xdg-open would give the link, ZAK and all, to a browser.
            tracing::error!("no zoom client is registered for {scheme}: links");
            return Err(opener::Error::NoHandler { scheme, code: 0 });
        }
        SystemOpener.open(&client, left()).await
    }
}

/// Whether an application is registered for `scheme:` links. Only Linux can
/// tell (`xdg-mime`); elsewhere the OS opener itself refuses an unknown scheme.
async fn client_registered(scheme: &str) -> bool {
    if !cfg!(target_os = "linux") {
        return true;
    }
    let scheme = scheme.to_string();
    tokio::task::spawn_blocking(move || launch::handlers::handler_for(&scheme).is_some())
        .await
        .unwrap_or(false)
}

/// Runs Zoom's launcher page (`start`) in a hidden web view until it
/// navigates to a client link, or until `deadline`; the link, checked.
async fn client_link(
    start: &LaunchUrl,
    deadline: tokio::time::Instant,
) -> Result<LaunchUrl, opener::Error> {
    let no_view = |reason: &str| opener::Error::NoLauncherView {
        reason: reason.to_string(),
    };
    let app = APP.get().ok_or_else(|| no_view("the app is not running"))?;
    let page = Url::parse(start.expose()).map_err(|_| no_view("not a url"))?;
    let origin = page.origin();
    let (sender, received) = oneshot::channel::<Secret>();
    let sender = Mutex::new(Some(sender));
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let label = format!("{LABEL}{}", NEXT.fetch_add(1, Ordering::Relaxed));
    let view = WebviewWindowBuilder::new(app, &label, WebviewUrl::External(page))
        .title("Zoom")
        .visible(false)
        .focused(false)
        .skip_taskbar(true)
        .incognito(true)
        .devtools(false)
        .on_new_window(|_, _| NewWindowResponse::Deny)
        .on_download(|_, _| false)
        .on_navigation(move |url| match url.scheme() {
            "zoommtg" | "zoomus" => {
                let link = Secret::new(url.as_str());
                if let Some(sender) = sender.lock().unwrap_or_else(|p| p.into_inner()).take() {
                    let _ = sender.send(link);
                }
                false
            }
            "https" if url.host_str().is_some_and(is_zoom_host) => true,
            _ => url.origin() == origin,
        })
        .build()
        .map_err(|e| {
            tracing::error!(error = %e, "the hidden web view for zoom's launcher page failed");
            no_view("the web view could not be made")
        })?;
    let view = Closing(view);
    let handed = tokio::time::timeout_at(deadline, received).await;
    drop(view);
    let Ok(Ok(link)) = handed else {
        tracing::warn!("zoom's launcher page handed no link to the zoom client in time");
        return Err(opener::Error::NoClientLink);
    };
    let client = launch::client_start(&link, start).inspect_err(|e| {
        tracing::error!(error = %e, "zoom's launcher page handed on a link that was refused");
    })?;
    tracing::info!(url = %client.redacted(), "zoom's launcher page handed on the client link");
    Ok(client)
}

/// The hidden web view, destroyed (not asked to close) however the hand-off ends.
struct Closing(tauri::WebviewWindow);

impl Drop for Closing {
    fn drop(&mut self) {
        if let Err(e) = self.0.destroy() {
            tracing::warn!(error = %e, "the hidden web view could not be closed");
        }
    }
}

#[cfg(test)]
mod tests {
    /// Whether a capability's window pattern (a glob with `*`) names `label`.
    fn names(pattern: &str, label: &str) -> bool {
        let mut parts = pattern.split('*');
        let first = parts.next().unwrap_or_default();
        let Some(mut rest) = label.strip_prefix(first) else {
            return false;
        };
        let parts: Vec<&str> = parts.collect();
        for (i, part) in parts.iter().enumerate() {
            if i + 1 == parts.len() {
                return rest.ends_with(part);
            }
            match rest.find(part) {
                Some(at) => rest = &rest[at + part.len()..],
                None => return false,
            }
        }
        rest.is_empty()
    }

    #[test]
    fn the_glob_reads_as_tauri_reads_it() {
        assert!(names("*", "zoom-launcher-0"));
        assert!(names("zoom-*", "zoom-launcher-0"));
        assert!(names("*-0", "zoom-launcher-0"));
        assert!(!names("main", "zoom-launcher-0"));
        assert!(!names("main*", "zoom-launcher-0"));
        assert!(names("main", "main"));
    }

    /// The hidden web view runs Zoom's page: no capability may name it, so it
    /// can call no command of the room's and no plugin.
    #[test]
    fn no_capability_names_the_launcher_view() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let conf: serde_json::Value =
            serde_json::from_str(include_str!("../../tauri.conf.json")).unwrap();
        let mut capabilities: Vec<serde_json::Value> = conf["app"]["security"]["capabilities"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for entry in std::fs::read_dir(root.join("capabilities"))
            .into_iter()
            .flatten()
        {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            capabilities.push(serde_json::from_str(&text).expect("a JSON capability"));
        }
        assert!(
            !capabilities.is_empty(),
            "the room window's capability is read"
        );
        let label = format!("{}0", super::LABEL);
        for capability in &capabilities {
            assert!(
                capability["remote"].is_null(),
                "no capability serves remote pages: {capability}"
            );
            for pattern in capability["windows"].as_array().into_iter().flatten() {
                let pattern = pattern.as_str().unwrap_or_default();
                assert!(!names(pattern, &label), "{pattern} names {label}");
            }
            for pattern in capability["webviews"].as_array().into_iter().flatten() {
                let pattern = pattern.as_str().unwrap_or_default();
                assert!(!names(pattern, &label), "{pattern} names {label}");
            }
        }
    }
}
