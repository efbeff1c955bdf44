//! Keeps the metrics file of the managed config's `[metrics] textfile`
//! written for node_exporter: every minute, and soon after each tap and
//! refresh. The doctor's local checks are run again only every
//! `DOCTOR_EVERY`, so a write costs no network request and little else. A
//! write that fails is logged once (and once more when it works again), and
//! never holds up the room.

use std::path::PathBuf;
use std::sync::LazyLock;
use std::time::Duration;

use chrono::Utc;
use roomstart_core::doctor;
use roomstart_core::metrics::{self, RoomHealth, RoomState, Sample};
use roomstart_core::setup::config::ConfigFiles;
use tauri::{AppHandle, Manager};
use tokio::sync::Notify;
use tokio::time::Instant;

use crate::commands::{Shell, ShellState};

/// How often the file is written when nothing happens.
const EVERY: Duration = Duration::from_secs(60);
/// How often the doctor's local checks (which start a few small programs
/// and ask the keyring) are run again.
const DOCTOR_EVERY: Duration = Duration::from_secs(300);

/// Where the metrics go, and the files the doctor's checks read.
pub struct MetricsFile {
    pub path: PathBuf,
    pub files: ConfigFiles,
}

/// Asks for a write as soon as the writer is free; many asks make one write.
static WANTED: LazyLock<Notify> = LazyLock::new(Notify::new);

/// After a tap or a refresh: the counters changed.
pub fn write_soon() {
    WANTED.notify_one();
}

pub async fn keep_written(handle: AppHandle, file: MetricsFile) {
    tracing::info!(path = %file.path.display(), "writing metrics for node_exporter");
    let mut checked: Option<(Instant, Vec<(String, &'static str)>)> = None;
    let mut failing = false;
    loop {
        if checked
            .as_ref()
            .is_none_or(|(at, _)| at.elapsed() >= DOCTOR_EVERY)
        {
            // The checks start small programs and wait on them: off the
            // runtime's few worker threads, which also serve the window.
            let (files, runtime) = (file.files.clone(), tokio::runtime::Handle::current());
            let report =
                tokio::task::spawn_blocking(move || runtime.block_on(doctor::local(&files))).await;
            let rows = report
                .map(|r| r.checks)
                .unwrap_or_default()
                .into_iter()
                .map(|c| (c.name, c.status.as_str()))
                .collect();
            checked = Some((Instant::now(), rows));
        }
        let rows = checked
            .as_ref()
            .map(|(_, rows)| rows.clone())
            .unwrap_or_default();
        let health = match handle.state::<Shell>().current() {
            ShellState::Room(room) => room.health(Utc::now()).await,
            ShellState::Setup { .. } => RoomHealth {
                state: RoomState::Setup,
                calendars: Vec::new(),
            },
        };
        let sample = Sample::new(env!("CARGO_PKG_VERSION"), health, rows);
        let text = metrics::text::render(&sample, &metrics::tallies());
        let path = file.path.clone();
        let written =
            match tokio::task::spawn_blocking(move || metrics::textfile::write(&path, &text)).await
            {
                Ok(written) => written.map_err(|e| e.to_string()),
                Err(e) => Err(format!("the writer panicked: {e}")),
            };
        match (written, failing) {
            (Ok(()), true) => {
                tracing::info!("the metrics file is written again");
                failing = false;
            }
            (Err(e), false) => {
                tracing::warn!(error = %e, "could not write the metrics file; trying again each minute");
                failing = true;
            }
            _ => {}
        }
        tokio::select! {
            () = tokio::time::sleep(EVERY) => {}
            () = WANTED.notified() => {}
        }
    }
}
