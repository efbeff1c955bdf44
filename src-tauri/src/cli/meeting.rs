//! `roomstart start` and `roomstart join`: the tap's code path from a shell.

use std::process::ExitCode;

use chrono::Utc;
use roomstart_core::config::{self, ConfigFiles};
use roomstart_core::launch::{self, LaunchUrl, TrustedOrigins};
use roomstart_core::room::Room;
use roomstart_core::view::PersonMessage;
use roomstart_core::zoom::MeetingId;
use roomstart_core::{opener, Secret};

use super::fail;

async fn room(files: &ConfigFiles) -> Result<Room, ExitCode> {
    let loaded = config::load(files).map_err(fail)?;
    let setup = loaded.config.room_setup().await.map_err(fail)?;
    let room = Room::new(setup);
    room.refresh_once(Utc::now()).await;
    Ok(room)
}

pub async fn start(files: &ConfigFiles, meeting_id: &str, dry_run: bool) -> ExitCode {
    let id: MeetingId = match meeting_id.parse() {
        Ok(id) => id,
        Err(e) => return fail(e),
    };
    let room = match room(files).await {
        Ok(room) => room,
        Err(code) => return code,
    };
    match room.start_by_id(id, Utc::now()).await {
        Ok(url) => finish(&url, dry_run).await,
        Err(e) => {
            tracing::warn!(error = %e, "start failed");
            fail(PersonMessage::from(&e).message)
        }
    }
}

pub async fn join(files: &ConfigFiles, meeting: &str, dry_run: bool) -> ExitCode {
    let url = if meeting.contains("://") {
        launch::join_url(&Secret::new(meeting), &TrustedOrigins::zoom_only())
            .or_else(|_| launch::other_service_url(&Secret::new(meeting)))
            .map_err(|e| e.to_string())
    } else {
        match meeting.parse::<MeetingId>() {
            Err(e) => Err(e.to_string()),
            Ok(id) => match room(files).await {
                Err(code) => return code,
                Ok(room) => match room.event_with_meeting(id, Utc::now()).await {
                    Some(key) => room
                        .join(&key)
                        .await
                        .map_err(|e| PersonMessage::from(&e).message),
                    // Not on the calendar: Zoom's own join page asks for the passcode.
                    None => launch::join_url(
                        &Secret::new(format!("https://zoom.us/j/{id}")),
                        &TrustedOrigins::zoom_only(),
                    )
                    .map_err(|e| e.to_string()),
                },
            },
        }
    };
    match url {
        Ok(url) => finish(&url, dry_run).await,
        Err(message) => fail(message),
    }
}

async fn finish(url: &LaunchUrl, dry_run: bool) -> ExitCode {
    if dry_run {
        println!("{}", url.redacted());
        return ExitCode::SUCCESS;
    }
    match opener::open(url).await {
        Ok(()) => {
            println!("opened {}", url.redacted());
            ExitCode::SUCCESS
        }
        Err(e) => {
            tracing::error!(error = %e, "the OS could not open the meeting");
            fail(PersonMessage::from(&e).message)
        }
    }
}
