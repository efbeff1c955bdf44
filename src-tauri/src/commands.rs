//! The commands the window may call. Each is a few lines: take the state,
//! call the core, map the error to a `PersonMessage`. None returns a secret.

use std::sync::Arc;

use chrono::Utc;
use roomstart_core::room::view::{MessageKind, PersonMessage, RoomView};
use roomstart_core::room::Room;
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

pub enum ShellState {
    Room(Arc<Room>),
    Setup { problem: String },
}

/// What the window shows: the room, or the setup state with what IT must do.
/// The UI's type for it is generated from this one (ui/src/bindings/).
#[derive(Clone, Serialize, TS)]
#[serde(tag = "screen", rename_all = "lowercase")]
#[ts(export)]
pub enum Screen {
    Room(RoomView),
    Setup { problem: String, fix: String },
}

impl Screen {
    pub async fn of(state: &ShellState) -> Screen {
        match state {
            ShellState::Room(room) => Screen::Room(room.view(Utc::now()).await),
            ShellState::Setup { problem } => Screen::Setup {
                problem: problem.clone(),
                fix: "Run `roomstart doctor` on this computer for the steps that fix it.".into(),
            },
        }
    }
}

/// The screen as it is now, for the window's first paint; after that Rust
/// pushes it with every `room-changed` event.
#[tauri::command]
pub async fn room_view(state: State<'_, ShellState>) -> Result<Screen, ()> {
    Ok(Screen::of(state.inner()).await)
}

/// A tap on Start: the core decides, fetches, validates and opens.
#[tauri::command]
pub async fn start_meeting(key: String, state: State<'_, ShellState>) -> Result<(), PersonMessage> {
    let room = room(&state)?;
    room.start(&key, Utc::now()).await.map(drop).map_err(|e| {
        tracing::warn!(error = %e, "start failed");
        PersonMessage::from(&e)
    })
}

#[tauri::command]
pub async fn join_meeting(key: String, state: State<'_, ShellState>) -> Result<(), PersonMessage> {
    let room = room(&state)?;
    room.join(&key).await.map(drop).map_err(|e| {
        tracing::warn!(error = %e, "join failed");
        PersonMessage::from(&e)
    })
}

fn room(state: &ShellState) -> Result<Arc<Room>, PersonMessage> {
    match state {
        ShellState::Room(room) => Ok(room.clone()),
        ShellState::Setup { .. } => Err(PersonMessage {
            kind: MessageKind::Setup,
            message: "This room is not set up yet.".into(),
        }),
    }
}
