//! The XDG base directories of the account running the doctor, read once from
//! the environment so the checks that use them stay pure.

use std::ffi::OsString;
use std::path::PathBuf;

/// Where the XDG Base Directory spec says configuration and data live, and
/// the names of the current desktop (for `$desktop-mimeapps.list`).
#[derive(Debug, Clone)]
pub(super) struct XdgDirs {
    pub config_home: PathBuf,
    pub config_dirs: Vec<PathBuf>,
    pub data_home: PathBuf,
    pub data_dirs: Vec<PathBuf>,
    /// `XDG_CURRENT_DESKTOP`, split at `:` and lowercased, most specific first.
    pub desktops: Vec<String>,
}

impl XdgDirs {
    pub(super) fn from_env() -> XdgDirs {
        XdgDirs::from_vars(|name| std::env::var_os(name))
    }

    /// The spec's defaults apply to unset or empty variables, and relative
    /// paths are ignored, as the spec asks.
    pub(super) fn from_vars(var: impl Fn(&str) -> Option<OsString>) -> XdgDirs {
        let home = var("HOME")
            .filter(|h| !h.is_empty())
            .map_or_else(|| PathBuf::from("/"), PathBuf::from);
        let single = |name: &str, default: PathBuf| {
            var(name)
                .map(PathBuf::from)
                .filter(|p| p.is_absolute())
                .unwrap_or(default)
        };
        let list = |name: &str, default: &str| {
            let value = var(name).filter(|v| !v.is_empty());
            let value = value.as_deref().unwrap_or(default.as_ref());
            std::env::split_paths(value)
                .filter(|p| p.is_absolute())
                .collect::<Vec<_>>()
        };
        XdgDirs {
            config_home: single("XDG_CONFIG_HOME", home.join(".config")),
            config_dirs: list("XDG_CONFIG_DIRS", "/etc/xdg"),
            data_home: single("XDG_DATA_HOME", home.join(".local/share")),
            data_dirs: list("XDG_DATA_DIRS", "/usr/local/share:/usr/share"),
            desktops: var("XDG_CURRENT_DESKTOP")
                .map(|d| {
                    d.to_string_lossy()
                        .split(':')
                        .filter(|d| !d.is_empty())
                        .map(str::to_ascii_lowercase)
                        .collect()
                })
                .unwrap_or_default(),
        }
    }
}
