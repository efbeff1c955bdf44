//! Windows and macOS update themselves through tauri-plugin-updater from the
//! feed the managed config names (`[updates]`), and only outside office hours,
//! so no meeting is cut off. Every download must carry a minisign signature by
//! IT's key: the plugin checks it before anything is installed. Linux updates
//! come through the signed apt repository; there this never runs.

use std::time::Duration;

use chrono::Utc;
use roomstart_core::setup::config::UpdatePolicy;
use tauri::{AppHandle, Runtime};
use tauri_plugin_updater::{Update, UpdaterExt};

/// How often, outside office hours, the feed is asked.
const EVERY: Duration = Duration::from_secs(60 * 60);
/// The most a check or a download may take.
const PATIENCE: Duration = Duration::from_secs(15 * 60);

/// A newer release whose download matched IT's signature.
pub struct VerifiedUpdate {
    pub version: String,
    update: Update,
    bytes: Vec<u8>,
}

/// Asks the feed for a newer release and downloads it; `Ok(None)` when this
/// is the newest. An artifact whose signature does not match IT's key is an
/// error, and its bytes are dropped here.
pub async fn fetch_verified<R: Runtime>(
    app: &AppHandle<R>,
    policy: &UpdatePolicy,
) -> tauri_plugin_updater::Result<Option<VerifiedUpdate>> {
    let updater = app
        .updater_builder()
        .pubkey(policy.public_key.clone())
        .endpoints(vec![policy.feed.clone()])?
        .timeout(PATIENCE)
        .build()?;
    let Some(update) = updater.check().await? else {
        return Ok(None);
    };
    // `download` verifies the signature before it returns the bytes.
    let bytes = update.download(|_, _| {}, || {}).await?;
    Ok(Some(VerifiedUpdate {
        version: update.version.clone(),
        update,
        bytes,
    }))
}

/// The plugin, for a room whose managed config turns updates on.
pub fn plugin<R: Runtime>() -> tauri::plugin::TauriPlugin<R, tauri_plugin_updater::Config> {
    tauri_plugin_updater::Builder::new().build()
}

/// Checks every hour outside office hours; installs a verified release and
/// restarts into it.
pub async fn keep_updated(app: AppHandle, schedule: crate::UpdateSchedule) {
    loop {
        if !schedule.hours.contain(Utc::now(), schedule.zone) {
            match fetch_verified(&app, &schedule.policy).await {
                Ok(Some(found)) => {
                    tracing::info!(version = %found.version, "installing a signed update");
                    match found.update.install(&found.bytes) {
                        Ok(()) => app.restart(),
                        Err(e) => tracing::error!(error = %e, "the update could not be installed"),
                    }
                }
                Ok(None) => tracing::debug!("no newer release in the update feed"),
                Err(e) => {
                    tracing::warn!(error = %e, "the update feed could not be read or its release was refused")
                }
            }
        }
        tokio::time::sleep(EVERY).await;
    }
}

#[cfg(test)]
mod tests;
