//! Builds the Tauri app around the room, keeps the agenda fresh, and pushes
//! the screen to the window whenever it changes: after each refresh and as
//! each minute turns (the clock, and the now/next split).

use std::sync::Arc;
use std::time::Duration;

use chrono::{Timelike, Utc};
use tauri::{AppHandle, Emitter, Manager};

use crate::commands::{self, Screen, ShellState};
use crate::Opening;

/// The event that carries a new `Screen` to the window.
const ROOM_CHANGED: &str = "room-changed";

pub fn open(opening: Opening) {
    let state = match opening {
        Opening::Room(room) => ShellState::Room(Arc::from(room)),
        Opening::Setup { problem } => ShellState::Setup { problem },
    };
    tauri::Builder::default()
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::room_view,
            commands::start_meeting,
            commands::join_meeting
        ])
        .setup(|app| {
            let handle = app.handle().clone();
            if let ShellState::Room(room) = app.state::<ShellState>().inner() {
                let room = room.clone();
                let refresh_handle = handle.clone();
                tauri::async_runtime::spawn(async move {
                    loop {
                        // Each round is its own task: a panic in one is logged and
                        // the next round runs, so the agenda never stops refreshing.
                        let round = room.clone();
                        let refreshed = tokio::spawn(async move {
                            // Renews the Zoom token ahead of expiry, so a tap never waits for one.
                            round.warm_up().await;
                            round.refresh(Utc::now()).await;
                        })
                        .await;
                        if let Err(e) = refreshed {
                            tracing::error!(error = %e, "a refresh panicked; the next one runs as planned");
                        }
                        push_screen(&refresh_handle).await;
                        tokio::time::sleep(room.refresh_every()).await;
                    }
                });
                tauri::async_runtime::spawn(async move {
                    loop {
                        tokio::time::sleep(until_next_minute()).await;
                        push_screen(&handle).await;
                    }
                });
            }
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("the Tauri runtime failed to start");
}

async fn push_screen(handle: &AppHandle) {
    let screen = Screen::of(handle.state::<ShellState>().inner()).await;
    if let Err(e) = handle.emit(ROOM_CHANGED, screen) {
        tracing::warn!(error = %e, "could not send the screen to the window");
    }
}

/// Sleeps to just past the next minute, so the clock turns with the wall clock.
fn until_next_minute() -> Duration {
    let now = Utc::now();
    let into_minute = Duration::new(u64::from(now.second()), now.nanosecond() % 1_000_000_000);
    Duration::from_secs(60).saturating_sub(into_minute) + Duration::from_millis(50)
}
