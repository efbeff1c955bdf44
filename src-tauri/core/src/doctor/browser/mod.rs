//! Start opens Zoom's https launcher page, which hands over to `zoommtg:`.
//! This check names the browser that opens https links for this account and
//! whether its managed policy lets that hand-over happen without an
//! "Open Zoom?" prompt. Missing policy is a warning: the room still works,
//! with one more tap.

mod default;
mod policy;

use std::path::{Path, PathBuf};

#[cfg(test)]
pub(super) use default::defaults_in;
#[cfg(all(test, unix))]
pub(super) use default::mimeapps_default;
pub(super) use default::DefaultBrowser;
#[cfg(windows)]
pub(super) use policy::allows_zoom;
use policy::Finding;
#[cfg(test)]
pub(super) use policy::{chromium_pattern_allows, firefox_origin_is};

use super::xdg::XdgDirs;
use super::{check, not_checked_here, Check, Status};
use crate::setup::config::Cloud;

/// Where the package ships the Firefox policy for IT to merge (Firefox reads
/// one file only, which a site may already have).
const FIREFOX_SHIPPED: &str = "/usr/share/roomstart/browser-policies/firefox-policies.json";
const FIREFOX_SYSTEM: &str = "/etc/firefox/policies/policies.json";
/// The name the package gives its file in each Chromium-family managed directory.
const CHROMIUM_FILE: &str = "roomstart.json";

/// The browsers Roomstart ships a policy for, by where they read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Browser {
    Chrome,
    /// Debian's, Fedora's and Arch's `chromium`.
    Chromium,
    /// Ubuntu's `chromium-browser` package and the Chromium snap.
    ChromiumUbuntu,
    Edge,
    Brave,
    Firefox,
    FirefoxEsr,
    FirefoxSnap,
}

#[derive(Clone, Copy)]
enum PolicyPlace {
    /// A Chromium-family `policies/managed` directory.
    ManagedDir(&'static str),
    /// Firefox's files, the one it reads first.
    FirefoxFiles(&'static [&'static str]),
}

impl Browser {
    /// From a desktop file ID such as `google-chrome.desktop`.
    pub(super) fn from_desktop_id(id: &str) -> Option<Browser> {
        let id = id.trim().to_ascii_lowercase();
        let stem = id.strip_suffix(".desktop").unwrap_or(&id);
        Some(match stem {
            "google-chrome"
            | "google-chrome-stable"
            | "google-chrome-beta"
            | "google-chrome-unstable" => Browser::Chrome,
            "chromium" => Browser::Chromium,
            "chromium-browser" | "chromium_chromium" => Browser::ChromiumUbuntu,
            "microsoft-edge"
            | "microsoft-edge-stable"
            | "microsoft-edge-beta"
            | "microsoft-edge-dev" => Browser::Edge,
            "brave-browser"
            | "brave-browser-stable"
            | "brave-browser-beta"
            | "brave-browser-nightly" => Browser::Brave,
            "firefox" => Browser::Firefox,
            "firefox-esr" => Browser::FirefoxEsr,
            "firefox_firefox" => Browser::FirefoxSnap,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Browser::Chrome => "Google Chrome",
            Browser::Chromium | Browser::ChromiumUbuntu => "Chromium",
            Browser::Edge => "Microsoft Edge",
            Browser::Brave => "Brave",
            Browser::Firefox | Browser::FirefoxEsr | Browser::FirefoxSnap => "Firefox",
        }
    }

    fn policy_place(self) -> PolicyPlace {
        match self {
            Browser::Chrome => PolicyPlace::ManagedDir("/etc/opt/chrome/policies/managed"),
            Browser::Chromium => PolicyPlace::ManagedDir("/etc/chromium/policies/managed"),
            Browser::ChromiumUbuntu => {
                PolicyPlace::ManagedDir("/etc/chromium-browser/policies/managed")
            }
            Browser::Edge => PolicyPlace::ManagedDir("/etc/opt/edge/policies/managed"),
            Browser::Brave => PolicyPlace::ManagedDir("/etc/brave/policies/managed"),
            Browser::Firefox => PolicyPlace::FirefoxFiles(&[
                FIREFOX_SYSTEM,
                "/usr/lib/firefox/distribution/policies.json",
                "/usr/lib64/firefox/distribution/policies.json",
            ]),
            Browser::FirefoxEsr => PolicyPlace::FirefoxFiles(&[
                FIREFOX_SYSTEM,
                "/usr/lib/firefox-esr/distribution/policies.json",
            ]),
            // The snap's own distribution folder is read-only; only /etc is the site's.
            Browser::FirefoxSnap => PolicyPlace::FirefoxFiles(&[FIREFOX_SYSTEM]),
        }
    }
}

pub(super) fn zoom_domain(cloud: Cloud) -> &'static str {
    match cloud {
        Cloud::Zoom => "zoom.us",
        Cloud::Zoomgov => "zoomgov.com",
    }
}

/// The check for the account running the doctor.
pub(super) fn this_account(cloud: Cloud) -> Check {
    if !cfg!(target_os = "linux") {
        return not_checked_here("browser");
    }
    let xdg = XdgDirs::from_env();
    browser_check(
        Path::new("/"),
        default::default_web_browser(&xdg).as_ref(),
        cloud,
    )
}

/// `root` is where `/etc` and `/usr` are found (`/`, or a test's directory).
pub(super) fn browser_check(root: &Path, default: Option<&DefaultBrowser>, cloud: Cloud) -> Check {
    let Some(default) = default else {
        return check(
            "browser",
            Status::Warn,
            "cannot tell which browser opens https links: xdg-settings gave no answer and no mimeapps.list names one that is installed",
            Some("Set the room account's browser, e.g. `xdg-settings set default-web-browser google-chrome.desktop`, then run the doctor again.".into()),
        );
    };
    let opens = format!(
        "https links open in {} (from {})",
        default.desktop_id, default.source
    );
    let Some(browser) = Browser::from_desktop_id(&default.desktop_id) else {
        return check(
            "browser",
            Status::Warn,
            format!("{opens}, for which Roomstart ships no policy, so Start may ask before opening Zoom"),
            Some("Make Chrome, Chromium, Edge, Brave or Firefox the room account's browser; the roomstart package carries a policy for each.".into()),
        );
    };
    let domain = zoom_domain(cloud);
    let place = browser.policy_place();
    let finding = match place {
        PolicyPlace::ManagedDir(dir) => policy::chromium_finding(root, dir, domain),
        PolicyPlace::FirefoxFiles(files) => policy::firefox_finding(root, files, domain),
    };
    let name = browser.name();
    let asks = format!("so {name} asks before opening Zoom on Start (one more tap)");
    match (finding, place) {
        (Finding::Allowed { file }, _) => check(
            "browser",
            Status::Pass,
            format!(
                "{opens}; {} lets https://{domain} and its subdomains open zoommtg: without asking",
                file.display()
            ),
            None,
        ),
        (Finding::Unreadable(e), _) => check(
            "browser",
            Status::Warn,
            format!("{opens}; {e}"),
            Some(format!(
                "{name} ignores a policy file it cannot read: make it valid JSON, readable by everyone."
            )),
        ),
        (Finding::SetTwice { files }, _) => check(
            "browser",
            Status::Warn,
            format!(
                "{opens}; AutoLaunchProtocolsFromOrigins is set in {}, and which one {name} applies is undefined",
                shown(&files)
            ),
            Some("Set AutoLaunchProtocolsFromOrigins in one file only: add the zoommtg entry of roomstart.json to the site's list and remove the policy from the other file.".into()),
        ),
        (Finding::NotSet { looked_in }, PolicyPlace::ManagedDir(dir)) => check(
            "browser",
            Status::Warn,
            format!(
                "{opens}; no file in {} sets AutoLaunchProtocolsFromOrigins, {asks}",
                shown(&looked_in)
            ),
            Some(format!(
                "Install {dir}/{CHROMIUM_FILE} (reinstall the roomstart package, which ships it), then check {}://policy.",
                policy_page(browser)
            )),
        ),
        (Finding::NotSet { looked_in }, PolicyPlace::FirefoxFiles(_)) => check(
            "browser",
            Status::Warn,
            format!("{opens}; no Firefox policy file ({}), {asks}", shown(&looked_in)),
            Some(format!(
                "Copy {FIREFOX_SHIPPED} to {FIREFOX_SYSTEM}, then restart Firefox and check about:policies."
            )),
        ),
        (Finding::Incomplete { file, lacking }, PolicyPlace::ManagedDir(_)) => check(
            "browser",
            Status::Warn,
            format!("{opens}; {} lacks {}, {asks}", file.display(), lacking.join(" and ")),
            Some(format!(
                "Add {{\"protocol\": \"zoommtg\", \"allowed_origins\": [\"https://{domain}\"]}} to AutoLaunchProtocolsFromOrigins in {}, then check {}://policy.",
                file.display(),
                policy_page(browser)
            )),
        ),
        (Finding::Incomplete { file, lacking }, PolicyPlace::FirefoxFiles(_)) => check(
            "browser",
            Status::Warn,
            format!("{opens}; {} lacks {}, {asks}", file.display(), lacking.join(" and ")),
            Some(firefox_merge_fix(root, &file)),
        ),
    }
}

/// Firefox reads one file; once /etc's exists, the distribution one is ignored.
fn firefox_merge_fix(root: &Path, file: &Path) -> String {
    let system = root.join(FIREFOX_SYSTEM.trim_start_matches('/'));
    if file == system {
        format!(
            "Merge {FIREFOX_SHIPPED} into {}, then restart Firefox and check about:policies.",
            file.display()
        )
    } else {
        format!(
            "Merge {} and {FIREFOX_SHIPPED} into {FIREFOX_SYSTEM} (Firefox then reads only that file), then restart Firefox and check about:policies.",
            file.display()
        )
    }
}

fn policy_page(browser: Browser) -> &'static str {
    match browser {
        Browser::Edge => "edge",
        Browser::Brave => "brave",
        _ => "chrome",
    }
}

fn shown(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
