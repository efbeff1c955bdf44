//! `roomstart start` and `roomstart join`: the tap's code path from a shell.
//! With `--dry-run` the room's opener prints the URL, redacted, instead.

use std::process::ExitCode;
use std::sync::Arc;

use chrono::Utc;
use roomstart_core::launch::opener::{Opener, PrintingOpener, SystemOpener, EXIT_WAIT};
use roomstart_core::launch::{self, TrustedOrigins};
use roomstart_core::links::Service;
use roomstart_core::room::view::PersonMessage;
use roomstart_core::room::{Opened, Room};
use roomstart_core::setup::config::{self, ConfigFiles};
use roomstart_core::zoom::MeetingId;
use roomstart_core::Secret;

use super::fail;

fn opener(dry_run: bool) -> Arc<dyn Opener> {
    if dry_run {
        Arc::new(PrintingOpener)
    } else {
        Arc::new(SystemOpener)
    }
}

pub(super) async fn room(files: &ConfigFiles, dry_run: bool) -> Result<Room, ExitCode> {
    let loaded = config::load(files).map_err(fail)?;
    let mut setup = loaded.config.room_setup().await.map_err(fail)?;
    setup.opener = opener(dry_run);
    let room = Room::new(setup);
    room.refresh_once(Utc::now()).await;
    Ok(room)
}

pub async fn start(files: &ConfigFiles, meeting_id: &str, dry_run: bool) -> ExitCode {
    let id: MeetingId = match meeting_id.parse() {
        Ok(id) => id,
        Err(e) => return fail(e),
    };
    let room = match room(files, dry_run).await {
        Ok(room) => room,
        Err(code) => return code,
    };
    match room.start_by_id(id, Utc::now()).await {
        Ok(opened) => finish(&opened, dry_run),
        Err(e) => {
            tracing::warn!(error = %e, "start failed");
            fail(PersonMessage::from(&e).message)
        }
    }
}

pub async fn join(files: &ConfigFiles, meeting: &str, dry_run: bool) -> ExitCode {
    let link = if meeting.contains("://") {
        meeting.to_string()
    } else {
        let id = match meeting.parse::<MeetingId>() {
            Ok(id) => id,
            Err(e) => return fail(e),
        };
        let room = match room(files, dry_run).await {
            Ok(room) => room,
            Err(code) => return code,
        };
        match room.event_with_meeting(id, Utc::now()).await {
            Some(key) => {
                return match room.join(&key).await {
                    Ok(opened) => finish(&opened, dry_run),
                    Err(e) => fail(PersonMessage::from(&e).message),
                }
            }
            // Not on the calendar: Zoom's own join page asks for the passcode.
            None => format!("https://zoom.us/j/{id}"),
        }
    };
    let url =
        match launch::join_url(&Secret::new(&link), &TrustedOrigins::zoom_only()).or_else(|e| {
            [Service::Teams, Service::Meet, Service::Webex]
                .into_iter()
                .find_map(|s| launch::other_service_url(&Secret::new(&link), s).ok())
                .ok_or(e)
        }) {
            Ok(url) => url,
            Err(e) => return fail(e),
        };
    match opener(dry_run).open(&url, EXIT_WAIT).await {
        Ok(()) => finish(
            &Opened {
                redacted: url.redacted(),
            },
            dry_run,
        ),
        Err(e) => fail(PersonMessage::from(&e).message),
    }
}

fn finish(opened: &Opened, dry_run: bool) -> ExitCode {
    // A dry run's opener has printed the URL already.
    if !dry_run {
        println!("opened {}", opened.redacted);
    }
    ExitCode::SUCCESS
}
