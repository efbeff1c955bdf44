//! Builds the Tauri app around the room and keeps the agenda fresh.

use std::sync::Arc;

use chrono::Utc;
use tauri::{Emitter, Manager};

use crate::commands::{self, ShellState};
use crate::Opening;

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
                tauri::async_runtime::spawn(async move {
                    loop {
                        // Renews the Zoom token ahead of expiry, so a tap never waits for one.
                        room.warm_up().await;
                        room.refresh(Utc::now()).await;
                        let _ = handle.emit("room-changed", ());
                        tokio::time::sleep(room.refresh_every()).await;
                    }
                });
            }
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("the Tauri runtime failed to start");
}
