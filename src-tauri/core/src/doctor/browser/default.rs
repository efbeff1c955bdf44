//! Which application opens `https:` links for this account: what
//! `xdg-settings` says, or else the freedesktop MIME applications spec's
//! `mimeapps.list` files for `x-scheme-handler/https`, in the spec's order.

use std::path::{Path, PathBuf};

use super::super::xdg::XdgDirs;

const HTTPS: &str = "x-scheme-handler/https";

/// A desktop file ID (`firefox.desktop`) and where it was learnt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(in crate::doctor) struct DefaultBrowser {
    pub desktop_id: String,
    pub source: String,
}

/// `xdg-settings` first: it also asks the desktop's own settings.
pub(in crate::doctor) fn default_web_browser(xdg: &XdgDirs) -> Option<DefaultBrowser> {
    from_xdg_settings().or_else(|| mimeapps_default(xdg, HTTPS))
}

fn from_xdg_settings() -> Option<DefaultBrowser> {
    // By absolute path, like the opener: `PATH` is the user's to change.
    let out = std::process::Command::new("/usr/bin/xdg-settings")
        .args(["get", "default-web-browser"])
        .output()
        .ok()
        .filter(|o| o.status.success())?;
    let id = String::from_utf8_lossy(&out.stdout).trim().to_string();
    (!id.is_empty()).then(|| DefaultBrowser {
        desktop_id: id,
        source: "xdg-settings".into(),
    })
}

/// The first installed application named for `mime` under
/// `[Default Applications]`, looking through the `mimeapps.list` files in the
/// spec's order and going on to the next file when none named is installed.
pub(in crate::doctor) fn mimeapps_default(xdg: &XdgDirs, mime: &str) -> Option<DefaultBrowser> {
    let applications: Vec<PathBuf> = std::iter::once(&xdg.data_home)
        .chain(&xdg.data_dirs)
        .map(|d| d.join("applications"))
        .collect();
    let installed = |id: &str| applications.iter().any(|d| d.join(id).is_file());
    mimeapps_files(xdg).into_iter().find_map(|file| {
        let text = std::fs::read_to_string(&file).ok()?;
        let id = defaults_in(&text, mime)
            .into_iter()
            .find(|id| installed(id))?;
        Some(DefaultBrowser {
            desktop_id: id,
            source: file.display().to_string(),
        })
    })
}

/// The lookup order of the spec's section 2, desktop-specific file first in each directory.
fn mimeapps_files(xdg: &XdgDirs) -> Vec<PathBuf> {
    let in_dir = |dir: &Path| -> Vec<PathBuf> {
        xdg.desktops
            .iter()
            .map(|d| dir.join(format!("{d}-mimeapps.list")))
            .chain(std::iter::once(dir.join("mimeapps.list")))
            .collect()
    };
    let mut files = in_dir(&xdg.config_home);
    for dir in &xdg.config_dirs {
        files.extend(in_dir(dir));
    }
    files.extend(in_dir(&xdg.data_home.join("applications")));
    for dir in &xdg.data_dirs {
        files.extend(in_dir(&dir.join("applications")));
    }
    files
}

/// The desktop file IDs one `mimeapps.list` names as defaults for `mime`, in order.
pub(in crate::doctor) fn defaults_in(mimeapps_list: &str, mime: &str) -> Vec<String> {
    let mut in_defaults = false;
    for line in mimeapps_list.lines().map(str::trim) {
        if line.starts_with('[') {
            in_defaults = line == "[Default Applications]";
            continue;
        }
        if !in_defaults {
            continue;
        }
        if let Some((key, value)) = line.split_once('=') {
            if key.trim() == mime {
                return value
                    .split(';')
                    .map(str::trim)
                    .filter(|id| !id.is_empty())
                    .map(String::from)
                    .collect();
            }
        }
    }
    Vec::new()
}
