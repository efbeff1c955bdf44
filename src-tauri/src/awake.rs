//! Keeps the screen awake during office hours: the desktop's screen saver
//! is asked over D-Bus (`org.freedesktop.ScreenSaver.Inhibit`, which GNOME,
//! KDE and Xfce answer) and let go outside them, so the screen may dim.
//! Whether now is in office hours is the core's pure decision.

use std::time::Duration;

use chrono::Utc;
use chrono_tz::Tz;
use roomstart_core::setup::config::OfficeHours;

/// How often office hours are checked against the clock.
const EVERY: Duration = Duration::from_secs(60);

pub async fn keep_awake(hours: OfficeHours, zone: Tz) {
    let mut held: Option<Inhibition> = None;
    loop {
        let wanted = hours.contain(Utc::now(), zone);
        match (wanted, held.take()) {
            (true, None) => held = Inhibition::ask().await,
            (false, Some(inhibition)) => inhibition.release().await,
            (_, still) => held = still,
        }
        tokio::time::sleep(EVERY).await;
    }
}

/// A held inhibition: the connection must stay open while it lasts.
struct Inhibition {
    #[cfg(target_os = "linux")]
    connection: zbus::Connection,
    #[cfg(target_os = "linux")]
    cookie: u32,
}

#[cfg(target_os = "linux")]
const SERVICE: (&str, &str, &str) = (
    "org.freedesktop.ScreenSaver",
    "/org/freedesktop/ScreenSaver",
    "org.freedesktop.ScreenSaver",
);

impl Inhibition {
    #[cfg(target_os = "linux")]
    async fn ask() -> Option<Inhibition> {
        let asked = async {
            let connection = zbus::Connection::session().await?;
            let (name, path, interface) = SERVICE;
            let reply = connection
                .call_method(
                    Some(name),
                    path,
                    Some(interface),
                    "Inhibit",
                    &("Roomstart", "Showing the room's meetings"),
                )
                .await?;
            let cookie: u32 = reply.body().deserialize()?;
            Ok::<_, zbus::Error>(Inhibition { connection, cookie })
        };
        match asked.await {
            Ok(held) => {
                tracing::info!("office hours: the screen is kept awake");
                Some(held)
            }
            Err(e) => {
                tracing::warn!(error = %e, "office hours: no screen saver answered, so the screen's own settings decide when it sleeps");
                None
            }
        }
    }

    #[cfg(target_os = "linux")]
    async fn release(self) {
        let (name, path, interface) = SERVICE;
        let released = self
            .connection
            .call_method(
                Some(name),
                path,
                Some(interface),
                "UnInhibit",
                &(self.cookie,),
            )
            .await;
        match released {
            Ok(_) => tracing::info!("outside office hours: the screen may sleep"),
            Err(e) => tracing::warn!(error = %e, "could not let the screen sleep"),
        }
    }

    // Windows (SetThreadExecutionState) and macOS (IOPMAssertion) are not built yet.
    #[cfg(not(target_os = "linux"))]
    async fn ask() -> Option<Inhibition> {
        tracing::warn!("keeping the screen awake is not built for this system yet");
        None
    }

    #[cfg(not(target_os = "linux"))]
    async fn release(self) {}
}
