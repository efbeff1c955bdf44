//! Keeps the screen awake during office hours: the desktop's screen saver
//! is asked over D-Bus (`org.freedesktop.ScreenSaver.Inhibit`, which GNOME,
//! KDE and Xfce answer), on Windows `SetThreadExecutionState`, and let go
//! outside them, so the screen may dim. Whether now is in office hours is
//! the core's pure decision.

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
    #[cfg(windows)]
    held: execution_state::Held,
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

    #[cfg(windows)]
    async fn ask() -> Option<Inhibition> {
        match tokio::task::spawn_blocking(execution_state::hold).await {
            Ok(Ok(held)) => {
                tracing::info!("office hours: the screen is kept awake");
                Some(Inhibition { held })
            }
            Ok(Err(why)) => {
                tracing::warn!(error = %why, "office hours: Windows would not keep the screen awake, so its own settings decide when it sleeps");
                None
            }
            Err(e) => {
                tracing::warn!(error = %e, "office hours: could not ask Windows to keep the screen awake");
                None
            }
        }
    }

    #[cfg(windows)]
    async fn release(self) {
        let held = self.held;
        match tokio::task::spawn_blocking(move || held.release()).await {
            Ok(_) => tracing::info!("outside office hours: the screen may sleep"),
            Err(e) => tracing::warn!(error = %e, "could not let the screen sleep"),
        }
    }

    // macOS (IOPMAssertion) is not built yet.
    #[cfg(not(any(target_os = "linux", windows)))]
    async fn ask() -> Option<Inhibition> {
        tracing::warn!("keeping the screen awake is not built for this system yet");
        None
    }

    #[cfg(not(any(target_os = "linux", windows)))]
    async fn release(self) {}
}

/// `SetThreadExecutionState` holds for the thread that called it and only
/// while that thread lives, and a runtime's tasks move between threads: a
/// thread of its own holds the state, until told to let go.
#[cfg(windows)]
mod execution_state {
    use std::sync::mpsc;
    use std::thread::JoinHandle;

    use windows::Win32::System::Power::{
        SetThreadExecutionState, ES_CONTINUOUS, ES_DISPLAY_REQUIRED, ES_SYSTEM_REQUIRED,
        EXECUTION_STATE,
    };

    /// The display and the system stay on until released.
    pub(super) const HELD: EXECUTION_STATE =
        EXECUTION_STATE(ES_CONTINUOUS.0 | ES_DISPLAY_REQUIRED.0 | ES_SYSTEM_REQUIRED.0);

    pub(super) struct Held {
        stop: mpsc::Sender<()>,
        thread: JoinHandle<EXECUTION_STATE>,
    }

    pub(super) fn hold() -> Result<Held, String> {
        let (stop, stopped) = mpsc::channel::<()>();
        let (answer, answered) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("roomstart-awake".into())
            .spawn(move || {
                // SAFETY: takes and returns flags; it changes this thread's state only.
                let before = unsafe { SetThreadExecutionState(HELD) };
                let _ = answer.send(before != EXECUTION_STATE(0));
                // Until told to let go, or until `Held` is dropped.
                let _ = stopped.recv();
                // SAFETY: as above.
                unsafe { SetThreadExecutionState(ES_CONTINUOUS) }
            })
            .map_err(|e| e.to_string())?;
        let held = Held { stop, thread };
        match answered.recv() {
            Ok(true) => Ok(held),
            _ => {
                held.release();
                Err("SetThreadExecutionState refused".into())
            }
        }
    }

    impl Held {
        /// Lets the screen sleep again; returns the state held until now.
        pub(super) fn release(self) -> EXECUTION_STATE {
            let _ = self.stop.send(());
            self.thread.join().unwrap_or_default()
        }
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn the_display_is_required_until_released() {
            let held = super::hold().unwrap();
            assert_eq!(held.release(), super::HELD);
        }
    }
}
