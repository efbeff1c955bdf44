//! Whether Roomstart starts at login for this account: the XDG autostart entry
//! the package installs, and the systemd user unit that entry starts.
//!
//! Autostart (freedesktop Desktop Application Autostart Specification 0.5):
//! of the files named `roomstart.desktop` in `$XDG_CONFIG_HOME/autostart` and
//! each `$XDG_CONFIG_DIRS/autostart`, only the most important one counts, and
//! `Hidden=true` in it turns the entry off. GNOME's session also skips an entry
//! with `X-GNOME-Autostart-enabled=false`. systemd looks for a user unit in
//! `~/.config/systemd/user`, then `/etc/systemd/user`, then
//! `/usr/lib/systemd/user`; an empty file or a link to `/dev/null` masks it.

use std::io;
use std::path::{Path, PathBuf};

use super::xdg::XdgDirs;
use super::{check, not_checked_here, Check, Status};

const ENTRY: &str = "roomstart.desktop";
const UNIT: &str = "roomstart.service";

#[derive(Debug, thiserror::Error)]
pub(super) enum Error {
    #[error("cannot read {}: {source}", path.display())]
    Unreadable { path: PathBuf, source: io::Error },
}

/// The autostart entry that applies to this account.
#[derive(Debug)]
enum Entry {
    Missing {
        looked_in: Vec<PathBuf>,
    },
    Unreadable(Error),
    /// `overrides` is the less important copy this one hides, if any.
    Found {
        path: PathBuf,
        overrides: Option<PathBuf>,
        turned_off_by: Option<&'static str>,
    },
}

/// The user unit systemd would load.
#[derive(Debug)]
enum Unit {
    Missing { looked_in: Vec<PathBuf> },
    Masked(PathBuf),
    Found(PathBuf),
}

/// The check for the account running the doctor.
pub(super) fn this_account() -> Check {
    if !cfg!(target_os = "linux") {
        return not_checked_here("autostart");
    }
    autostart_check(Path::new("/"), &XdgDirs::from_env())
}

/// `root` is where `/etc` and `/usr` are found (`/`, or a test's directory);
/// `xdg` places the user's files and the autostart directories.
pub(super) fn autostart_check(root: &Path, xdg: &XdgDirs) -> Check {
    let entry = find_entry(xdg);
    let unit = find_unit(root, &xdg.config_home);
    let mut problems = Vec::new();
    let mut fixes = Vec::new();
    // The package's files that are missing, named in one fix.
    let mut reinstall = Vec::new();
    let mut found = Vec::new();
    match &entry {
        Entry::Missing { looked_in } => {
            problems.push(format!("no autostart entry ({})", list(looked_in)));
            reinstall.push("/etc/xdg/autostart/roomstart.desktop");
        }
        Entry::Unreadable(e) => {
            problems.push(e.to_string());
            fixes.push("Make the file readable by this account.".to_string());
        }
        Entry::Found {
            path,
            overrides,
            turned_off_by: Some(key),
        } => {
            problems.push(format!(
                "{} turns autostart off for this account ({key})",
                path.display()
            ));
            fixes.push(match overrides {
                Some(system) => format!(
                    "Delete {} (it overrides {}), then log out and back in.",
                    path.display(),
                    system.display()
                ),
                None => format!(
                    "Remove {key} from {}, then log out and back in.",
                    path.display()
                ),
            });
        }
        Entry::Found {
            path, overrides, ..
        } => found.push(match overrides {
            Some(system) => format!(
                "autostart entry {} (this account's copy, in place of {})",
                path.display(),
                system.display()
            ),
            None => format!("autostart entry {}", path.display()),
        }),
    }
    match &unit {
        Unit::Missing { looked_in } => {
            problems.push(format!("no {UNIT} ({})", list(looked_in)));
            reinstall.push("/usr/lib/systemd/user/roomstart.service");
        }
        Unit::Masked(path) => {
            problems.push(format!("{} masks {UNIT}", path.display()));
            fixes.push(format!(
                "Run `systemctl --user unmask {UNIT}` as this account."
            ));
        }
        Unit::Found(path) => found.push(format!("user unit {}", path.display())),
    }
    if problems.is_empty() {
        return check(
            "autostart",
            Status::Pass,
            format!("starts at login: {}", found.join(", ")),
            None,
        );
    }
    if !reinstall.is_empty() {
        fixes.insert(
            0,
            format!(
                "Reinstall the roomstart package, which installs {}.",
                reinstall.join(" and ")
            ),
        );
    }
    let mut detail = problems.join("; ");
    if !found.is_empty() {
        detail.push_str(&format!("; found {}", found.join(", ")));
    }
    // A warning: the room works now, it only will not come back by itself
    // after a reboot or a crash (and a room run some other way needs none).
    check("autostart", Status::Warn, detail, Some(fixes.join(" ")))
}

fn list(paths: &[PathBuf]) -> String {
    let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    format!("looked in {}", shown.join(", "))
}

fn find_entry(xdg: &XdgDirs) -> Entry {
    let dirs: Vec<PathBuf> = std::iter::once(&xdg.config_home)
        .chain(&xdg.config_dirs)
        .map(|d| d.join("autostart"))
        .collect();
    let present: Vec<PathBuf> = dirs
        .iter()
        .map(|d| d.join(ENTRY))
        .filter(|p| p.exists())
        .collect();
    let Some(path) = present.first().cloned() else {
        return Entry::Missing { looked_in: dirs };
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => Entry::Found {
            turned_off_by: turned_off_by(&text),
            overrides: present.get(1).cloned(),
            path,
        },
        Err(source) => Entry::Unreadable(Error::Unreadable { path, source }),
    }
}

/// The key in a desktop entry's `[Desktop Entry]` group that keeps it from
/// starting, if any.
pub(super) fn turned_off_by(desktop_entry: &str) -> Option<&'static str> {
    let mut in_main_group = false;
    let mut off = None;
    for line in desktop_entry.lines().map(str::trim) {
        if line.starts_with('[') {
            in_main_group = line == "[Desktop Entry]";
            continue;
        }
        if !in_main_group || line.starts_with('#') {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        match (key.trim(), value.trim()) {
            ("Hidden", "true") => off = Some("Hidden=true"),
            ("X-GNOME-Autostart-enabled", "false") if off.is_none() => {
                off = Some("X-GNOME-Autostart-enabled=false")
            }
            _ => {}
        }
    }
    off
}

fn find_unit(root: &Path, config_home: &Path) -> Unit {
    let dirs = [
        config_home.join("systemd/user"),
        root.join("etc/systemd/user"),
        root.join("usr/lib/systemd/user"),
    ];
    // symlink_metadata: a link to /dev/null is there even though it is no file.
    let Some(path) = dirs
        .iter()
        .map(|d| d.join(UNIT))
        .find(|p| p.symlink_metadata().is_ok())
    else {
        return Unit::Missing {
            looked_in: dirs.to_vec(),
        };
    };
    let to_null = std::fs::read_link(&path).is_ok_and(|t| t == Path::new("/dev/null"));
    let empty = std::fs::metadata(&path).is_ok_and(|m| m.is_file() && m.len() == 0);
    if to_null || empty {
        Unit::Masked(path)
    } else {
        Unit::Found(path)
    }
}
