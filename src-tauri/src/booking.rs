//! The booking commands: Book now, Extend, End early, Check in, Meet now.
//! Each calls the core, which decides and writes; the screen is pushed at
//! once with the change, and again when a read of the calendar confirms it.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use roomstart_core::room::booking::Booked;
use roomstart_core::room::view::PersonMessage;
use roomstart_core::room::{BookingError, MeetNow, Room};
use roomstart_core::words::say_with;
use tauri::{AppHandle, State};

use crate::commands::{caught, room, Shell};

/// What a booking tap answers: the words for the status line.
async fn write(
    app: AppHandle,
    shell: State<'_, Shell>,
    what: impl FnOnce(
            Arc<Room>,
        ) -> std::pin::Pin<
            Box<dyn std::future::Future<Output = Result<String, BookingError>> + Send>,
        > + Send
        + 'static,
) -> Result<String, PersonMessage> {
    let room = room(&shell.current())?;
    let answer = caught({
        let room = room.clone();
        async move { what(room).await.map_err(|e| PersonMessage::from(&e)) }
    })
    .await;
    // Written or refused, the calendar is read again: a conflict means the
    // screen is behind it.
    crate::window::confirm_write(app, room);
    answer
}

fn time_of(room: &Room, at: DateTime<Utc>) -> String {
    room.time_words(at)
}

#[tauri::command]
pub async fn book_now(
    minutes: u32,
    app: AppHandle,
    shell: State<'_, Shell>,
) -> Result<String, PersonMessage> {
    write(app, shell, move |room| {
        Box::pin(async move {
            let Booked { end, .. } = room.book_now(minutes, Utc::now()).await?;
            Ok(say_with(
                "booking.booked_until",
                &[("time", &time_of(&room, end))],
            ))
        })
    })
    .await
}

#[tauri::command]
pub async fn extend_booking(
    minutes: u32,
    app: AppHandle,
    shell: State<'_, Shell>,
) -> Result<String, PersonMessage> {
    write(app, shell, move |room| {
        Box::pin(async move {
            let Booked { end, .. } = room.extend(minutes, Utc::now()).await?;
            Ok(say_with(
                "booking.extended_until",
                &[("time", &time_of(&room, end))],
            ))
        })
    })
    .await
}

#[tauri::command]
pub async fn end_booking(app: AppHandle, shell: State<'_, Shell>) -> Result<String, PersonMessage> {
    write(app, shell, move |room| {
        Box::pin(async move {
            room.end_early(Utc::now()).await?;
            Ok(roomstart_core::words::say("booking.ended"))
        })
    })
    .await
}

#[tauri::command]
pub async fn check_in(
    key: String,
    app: AppHandle,
    shell: State<'_, Shell>,
) -> Result<String, PersonMessage> {
    write(app, shell, move |room| {
        Box::pin(async move {
            room.check_in(Some(&key), Utc::now()).await?;
            Ok(roomstart_core::words::say("booking.checked_in"))
        })
    })
    .await
}

/// Meet now: creates the meeting, starts it as host, books the room. Only
/// this answer carries the new meeting's passcode and join link (as a QR code).
#[tauri::command]
pub async fn meet_now(
    minutes: u32,
    app: AppHandle,
    shell: State<'_, Shell>,
) -> Result<MeetNow, PersonMessage> {
    let room = room(&shell.current())?;
    let answer = caught({
        let room = room.clone();
        async move {
            room.meet_now(minutes, Utc::now())
                .await
                .map_err(|e| PersonMessage::from(&e))
        }
    })
    .await;
    if answer.is_ok() {
        crate::window::confirm_write(app, room);
    }
    answer
}
