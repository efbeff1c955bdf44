//! The commands the window may call. Each is a few lines: take the state,
//! call the core, map the error to a `PersonMessage`. None returns a secret.

use std::sync::Arc;

use chrono::Utc;
use roomstart_core::room::view::{MessageKind, PersonMessage, RoomView};
use roomstart_core::room::{DialIn, Room};
use roomstart_core::words::say;
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

#[derive(Clone)]
pub enum ShellState {
    Room(Arc<Room>),
    Setup { problem: String },
}

/// What the window is on. Setup is retried, so it may become a room.
pub struct Shell(std::sync::RwLock<ShellState>);

impl Shell {
    pub fn new(state: ShellState) -> Self {
        Shell(std::sync::RwLock::new(state))
    }

    pub fn current(&self) -> ShellState {
        self.0.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub fn set(&self, state: ShellState) {
        *self.0.write().unwrap_or_else(|p| p.into_inner()) = state;
    }
}

/// What the window shows: the room, or the setup state with what IT must do.
/// The UI's type for it is generated from this one (ui/src/bindings/).
#[derive(Clone, Serialize, TS)]
#[serde(tag = "screen", rename_all = "lowercase")]
#[ts(export)]
pub enum Screen {
    Room(Box<RoomView>),
    Setup { problem: String, fix: String },
}

impl Screen {
    /// The screen now. A panic while building it (a bug, never a calendar's
    /// doing) becomes a screen that says so, not a blank or frozen window.
    pub async fn of(state: &ShellState) -> Screen {
        match state {
            ShellState::Room(room) => {
                let room = room.clone();
                match tokio::spawn(async move { room.view(Utc::now()).await }).await {
                    Ok(view) => Screen::Room(Box::new(view)),
                    Err(e) => {
                        tracing::error!(error = %e, "building the room view panicked");
                        Screen::Setup {
                            problem: say("setup.internal_problem"),
                            fix: say("setup.internal_fix"),
                        }
                    }
                }
            }
            ShellState::Setup { problem } => Screen::Setup {
                problem: problem.clone(),
                fix: say("setup.fix"),
            },
        }
    }
}

/// The screen as it is now, for the window's first paint; after that Rust
/// pushes it with every `room-changed` event.
#[tauri::command]
pub async fn room_view(shell: State<'_, Shell>) -> Result<Screen, ()> {
    // Once per page load: at start, and after the web view was reloaded.
    tracing::info!("the window asked for the room screen");
    Ok(Screen::of(&shell.current()).await)
}

/// A tap on Start: the core decides, fetches, validates and opens.
#[tauri::command]
pub async fn start_meeting(key: String, shell: State<'_, Shell>) -> Result<(), PersonMessage> {
    let room = room(&shell.current())?;
    caught(async move {
        room.start(&key, Utc::now()).await.map(drop).map_err(|e| {
            tracing::warn!(error = %e, "start failed");
            PersonMessage::from(&e)
        })
    })
    .await
}

#[tauri::command]
pub async fn join_meeting(key: String, shell: State<'_, Shell>) -> Result<(), PersonMessage> {
    let room = room(&shell.current())?;
    caught(async move {
        room.join(&key).await.map(drop).map_err(|e| {
            tracing::warn!(error = %e, "join failed");
            PersonMessage::from(&e)
        })
    })
    .await
}

/// The keypad: a meeting that is not on the calendar, by its ID and passcode.
#[tauri::command]
pub async fn join_by_id(
    id: String,
    passcode: String,
    shell: State<'_, Shell>,
) -> Result<(), PersonMessage> {
    let room = room(&shell.current())?;
    caught(async move {
        room.join_by_id(&id, &passcode)
            .await
            .map(drop)
            .map_err(|e| {
                tracing::warn!(error = %e, "join by id failed");
                PersonMessage::from(&e)
            })
    })
    .await
}

/// The meeting ID and phone passcode, asked for on the screen. Only this
/// answer carries the passcode; the pushed screen never does.
#[tauri::command]
pub async fn dial_in(key: String, shell: State<'_, Shell>) -> Result<DialIn, PersonMessage> {
    let room = room(&shell.current())?;
    caught(async move {
        room.dial_in(&key, Utc::now()).await.map_err(|e| {
            tracing::warn!(error = %e, "dial-in details refused");
            PersonMessage::from(&e)
        })
    })
    .await
}

/// Runs a tap as its own task, so a panic in it answers the window with a
/// message instead of leaving the button busy for ever.
pub(crate) async fn caught<F, T>(tap: F) -> Result<T, PersonMessage>
where
    F: std::future::Future<Output = Result<T, PersonMessage>> + Send + 'static,
    T: Send + 'static,
{
    let answer = tokio::spawn(tap).await.unwrap_or_else(|e| {
        tracing::error!(error = %e, "a tap panicked");
        Err(PersonMessage {
            kind: MessageKind::Internal,
            message: "Something went wrong in Roomstart. Try again, or tap Join; IT has the details in the log.".into(),
        })
    });
    // The tap was counted: the metrics file says so now, not in a minute.
    crate::metrics::write_soon();
    answer
}

pub(crate) fn room(state: &ShellState) -> Result<Arc<Room>, PersonMessage> {
    match state {
        ShellState::Room(room) => Ok(room.clone()),
        ShellState::Setup { .. } => Err(PersonMessage {
            kind: MessageKind::Setup,
            message: "This room is not set up yet.".into(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panicking_tap_answers_the_window_with_a_message() {
        let answer = caught::<_, ()>(async { panic!("a bug") }).await;
        assert_eq!(answer.unwrap_err().kind, MessageKind::Internal);
        assert_eq!(caught(async { Ok(()) }).await, Ok(()));
    }
}
