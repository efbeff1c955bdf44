//! `[metrics]`: where the room writes its metrics for node_exporter's
//! textfile collector. Only the managed file may name it: the person at the
//! screen must not be able to point the room at another file to overwrite.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::ConfigFiles;

/// Where a textfile collector reads, as a refusal's example: node_exporter's
/// folder on Debian, windows_exporter's on Windows.
#[cfg(windows)]
pub const EXAMPLE: &str = r"C:\Program Files\windows_exporter\textfile_inputs\roomstart.prom";
#[cfg(not(windows))]
pub const EXAMPLE: &str = "/var/lib/prometheus/node-exporter/roomstart.prom";

#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MetricsConfig {
    /// An absolute path ending in `.prom`, in the collector's folder, e.g.
    /// `/var/lib/prometheus/node-exporter/roomstart.prom`. None: no metrics.
    pub textfile: Option<PathBuf>,
}

impl MetricsConfig {
    /// What is wrong with the table, if anything.
    pub fn problem(&self) -> Option<String> {
        let path = self.textfile.as_deref()?;
        if !path.is_absolute() {
            return Some(format!(
                "metrics.textfile {:?} must be an absolute path, e.g. {EXAMPLE:?}",
                path.display().to_string()
            ));
        }
        if path.extension().is_none_or(|e| e != "prom") {
            return Some(format!(
                "metrics.textfile {:?} must end in .prom: node_exporter's textfile collector reads no other file",
                path.display().to_string()
            ));
        }
        None
    }
}

/// The metrics file, also when the rest of the configuration is wrong, so
/// a room whose file breaks still says so (`roomstart_config_valid 0`). Only
/// from the file that would be the managed one; None when that file cannot be
/// read as TOML at all, or names no valid path.
pub fn textfile(files: &ConfigFiles) -> Option<PathBuf> {
    match super::load(files) {
        Ok(loaded) => loaded.config.metrics.textfile,
        Err(_) if files.provisioned.is_none() => leniently(&files.managed),
        Err(_) => None,
    }
}

fn leniently(managed: &Path) -> Option<PathBuf> {
    let table: toml::Table = std::fs::read_to_string(managed).ok()?.parse().ok()?;
    let metrics: MetricsConfig = table.get("metrics")?.clone().try_into().ok()?;
    metrics
        .problem()
        .is_none()
        .then_some(metrics.textfile)
        .flatten()
}
