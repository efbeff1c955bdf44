//! Builds the Tauri app around the room, keeps the agenda fresh, and pushes
//! the screen to the window whenever it changes: after each refresh and as
//! each minute turns (the clock, and the now/next split). A room that is not
//! set up is tried again every `SETUP_RETRY`, so once IT fixes the config or
//! sets the secret the window becomes the room by itself.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{Timelike, Utc};
use roomstart_core::room::Room;
use roomstart_core::setup::config::ScreenConfig;
use tauri::{AppHandle, Emitter, Manager, WebviewUrl, WebviewWindowBuilder};

use crate::commands::{self, Screen, Shell, ShellState};
use crate::Opening;

/// The event that carries a new `Screen` to the window.
const ROOM_CHANGED: &str = "room-changed";
/// The shortest sleep between two looks at the room's poll plan.
const POLL_NAP: Duration = Duration::from_secs(1);
/// How often a room that is not set up is tried again.
const SETUP_RETRY: Duration = Duration::from_secs(30);

/// Builds the room again from the configuration and the keyring.
pub type Retry = Box<dyn Fn() -> Pin<Box<dyn Future<Output = Opening> + Send>> + Send + Sync>;

/// How the window sits on the screen: the config's `[screen]`, or a plain
/// window for the demo.
pub struct Look {
    pub kiosk: bool,
    pub awake: Option<(roomstart_core::setup::config::OfficeHours, chrono_tz::Tz)>,
}

impl Look {
    pub fn of(screen: &ScreenConfig, zone: chrono_tz::Tz) -> Look {
        Look {
            kiosk: screen.kiosk,
            awake: Some((screen.awake.clone(), zone)),
        }
    }

    pub fn windowed() -> Look {
        Look {
            kiosk: false,
            awake: None,
        }
    }
}

pub fn open(
    opening: Opening,
    retry: Option<Retry>,
    look: Look,
    updates: Option<crate::UpdateSchedule>,
    metrics: Option<crate::metrics::MetricsFile>,
) {
    let state = match opening {
        Opening::Room(room) => ShellState::Room(Arc::from(room)),
        Opening::Setup { problem } => ShellState::Setup { problem },
    };
    let builder = tauri::Builder::default()
        // First, as the plugin asks: a second launch only brings this window forward.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            tracing::info!("roomstart was started again; showing this window instead");
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        }));
    #[cfg(any(windows, target_os = "macos"))]
    let builder = match updates.is_some() {
        true => builder.plugin(crate::updates::plugin()),
        false => builder,
    };
    builder
        .manage(Shell::new(state))
        .invoke_handler(tauri::generate_handler![
            commands::room_view,
            commands::start_meeting,
            commands::join_meeting,
            commands::join_by_id,
            commands::dial_in,
            crate::booking::book_now,
            crate::booking::extend_booking,
            crate::booking::end_booking,
            crate::booking::check_in,
            crate::booking::meet_now
        ])
        .setup(move |app| {
            crate::handoff::attach(app.handle());
            build_window(app.handle(), look.kiosk)?;
            if let Some((hours, zone)) = look.awake {
                tauri::async_runtime::spawn(crate::awake::keep_awake(hours, zone));
            }
            #[cfg(any(windows, target_os = "macos"))]
            if let Some(schedule) = updates {
                let handle = app.handle().clone();
                tauri::async_runtime::spawn(crate::updates::keep_updated(handle, schedule));
            }
            // Linux updates through its signed apt repository.
            #[cfg(not(any(windows, target_os = "macos")))]
            let _ = updates;
            if let Some(file) = metrics {
                let handle = app.handle().clone();
                tauri::async_runtime::spawn(crate::metrics::keep_written(handle, file));
            }
            let handle = app.handle().clone();
            match app.state::<Shell>().current() {
                ShellState::Room(room) => keep_fresh(handle, room),
                ShellState::Setup { .. } => {
                    if let Some(retry) = retry {
                        tauri::async_runtime::spawn(retry_setup(handle, retry));
                    }
                }
            }
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("the Tauri runtime failed to start");
}

/// The room window. In kiosk mode it fills the screen without decorations
/// and refuses to close;
/// in every mode it stays on the app's own pages and comes back if the web
/// view's process dies.
fn build_window(app: &AppHandle, kiosk: bool) -> tauri::Result<()> {
    let window = WebviewWindowBuilder::new(app, "main", WebviewUrl::App("index.html".into()))
        .title("Roomstart")
        .inner_size(1280.0, 800.0)
        .min_inner_size(480.0, 480.0)
        .fullscreen(kiosk)
        .decorations(!kiosk)
        .on_navigation(|url| {
            let own = crate::kiosk::is_app_page(url);
            if !own {
                tracing::warn!(
                    scheme = url.scheme(),
                    "the window tried to leave the app; refused"
                );
            }
            own
        })
        .build()?;
    if kiosk {
        // Fullscreen is the window manager's to grant; a room session may
        // have none, so the window also covers its monitor by itself.
        if let Ok(Some(monitor)) = window.current_monitor() {
            let _ = window.set_position(*monitor.position());
            let _ = window.set_size(*monitor.size());
        }
        crate::kiosk::refuse_close(&window);
        tracing::info!("kiosk mode: fullscreen, no decorations, closing refused");
    }
    crate::kiosk::recover_from_crashes(&window);
    crate::kiosk::cache_for_one_page(&window);
    Ok(())
}

/// Tries the setup again until it gives a room, showing each new problem.
async fn retry_setup(handle: AppHandle, retry: Retry) {
    loop {
        tokio::time::sleep(SETUP_RETRY).await;
        match retry().await {
            Opening::Room(room) => {
                tracing::info!("the room is set up now; leaving the setup screen");
                let room: Arc<Room> = Arc::from(room);
                handle.state::<Shell>().set(ShellState::Room(room.clone()));
                push_screen(&handle).await;
                keep_fresh(handle, room);
                return;
            }
            Opening::Setup { problem } => {
                handle.state::<Shell>().set(ShellState::Setup { problem });
                push_screen(&handle).await;
            }
        }
    }
}

/// The refresh loop and the minute ticker of a room.
fn keep_fresh(handle: AppHandle, room: Arc<Room>) {
    let refresh_handle = handle.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            // Each round is its own task: a panic in one is logged and
            // the next round runs, so the agenda never stops refreshing.
            let round = room.clone();
            let polled = tokio::spawn(async move {
                // Renews the Zoom token ahead of expiry, so a tap never waits for one.
                round.warm_up().await;
                // What is due on the room's plan: each source at its own
                // phase and interval, backing off while a vendor asks to.
                round.poll(Utc::now()).await
            })
            .await;
            let next = polled.unwrap_or_else(|e| {
                tracing::error!(error = %e, "a refresh panicked; the next one runs as planned");
                Utc::now() + room.refresh_every()
            });
            push_screen(&refresh_handle).await;
            crate::metrics::write_soon();
            // A wall-clock moment, slept towards a minute at most at a time,
            // so a computer that slept wakes to the poll it owes.
            let wait = (next - Utc::now()).to_std().unwrap_or_default();
            tokio::time::sleep(wait.clamp(POLL_NAP, Duration::from_secs(60))).await;
        }
    });
    tauri::async_runtime::spawn(async move {
        loop {
            tokio::time::sleep(until_next_minute()).await;
            push_screen(&handle).await;
        }
    });
}

/// After the room wrote its calendar: the screen shows the change at once,
/// then again when a read of that calendar (due now on the room's plan) confirms it.
pub fn confirm_write(handle: AppHandle, room: Arc<Room>) {
    tauri::async_runtime::spawn(async move {
        push_screen(&handle).await;
        crate::metrics::write_soon();
        let round = room.clone();
        if let Err(e) = tokio::spawn(async move { round.poll(Utc::now()).await }).await {
            tracing::error!(error = %e, "the read confirming a write panicked");
        }
        push_screen(&handle).await;
    });
}

/// The screen last sent to the window, as JSON. A push the window already
/// shows would still cost the web view a render and a patch of the page.
static LAST_PUSHED: Mutex<String> = Mutex::new(String::new());

/// Sends the screen to the window unless it is what the window already shows.
/// A reloaded window asks for the screen itself (`room_view`).
async fn push_screen(handle: &AppHandle) {
    let screen = Screen::of(&handle.state::<Shell>().current()).await;
    let json = match serde_json::to_string(&screen) {
        Ok(json) => json,
        Err(e) => return tracing::error!(error = %e, "the screen could not be serialized"),
    };
    {
        let mut last = LAST_PUSHED.lock().unwrap_or_else(|p| p.into_inner());
        if *last == json {
            return;
        }
        last.clone_from(&json);
    }
    // Already JSON: sent as it is, not serialized a second time.
    if let Err(e) = handle.emit_str(ROOM_CHANGED, json) {
        tracing::warn!(error = %e, "could not send the screen to the window");
    }
}

/// Sleeps to just past the next minute, so the clock turns with the wall clock.
fn until_next_minute() -> Duration {
    let now = Utc::now();
    let into_minute = Duration::new(u64::from(now.second()), now.nanosecond() % 1_000_000_000);
    Duration::from_secs(60).saturating_sub(into_minute) + Duration::from_millis(50)
}
