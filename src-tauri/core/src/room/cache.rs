//! The last agenda on disk, so a restart without network still shows the
//! room's day and how old it is. It holds no link, passcode, token or
//! `start_url`: only what the screen shows and which Zoom meeting an event is.
//! It is only a cache, and anyone at the computer can edit it: it never grants
//! Start (that needs the calendar and Zoom, read afresh), and a private
//! event's title is not written.

use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::links::{Field, MeetingLink, Service};
use crate::room::agenda::AgendaEvent;
use crate::secret::Secret;

#[derive(Serialize, Deserialize)]
struct Saved {
    saved_at: DateTime<Utc>,
    events: Vec<SavedEvent>,
}

#[derive(Serialize, Deserialize)]
struct SavedEvent {
    key: String,
    title: String,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    all_day: bool,
    source: String,
    private: bool,
    service: Option<Service>,
    zoom_id: Option<String>,
}

pub fn save(path: &Path, agenda: &[AgendaEvent], saved_at: DateTime<Utc>) -> std::io::Result<()> {
    let saved = Saved {
        saved_at,
        events: agenda
            .iter()
            .map(|e| SavedEvent {
                key: e.key.clone(),
                title: if e.private {
                    String::new()
                } else {
                    e.title.clone()
                },
                start: e.start,
                end: e.end,
                all_day: e.all_day,
                source: e.source.clone(),
                private: e.private,
                service: e.link.as_ref().map(|l| l.service),
                zoom_id: e
                    .link
                    .as_ref()
                    .and_then(|l| l.zoom_id)
                    .map(|id| id.to_string()),
            })
            .collect(),
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    // Unique per process: two instances never write the same temporary file.
    let tmp = path.with_extension(format!("json.{}.tmp", std::process::id()));
    std::fs::write(
        &tmp,
        serde_json::to_vec(&saved).map_err(std::io::Error::other)?,
    )?;
    std::fs::rename(tmp, path)
}

/// A day's agenda is a few kilobytes; a bigger file is not ours.
const MAX_CACHE_BYTES: u64 = 4 * 1024 * 1024;

/// `None` when there is no cache or it cannot be read (it is only a cache).
pub fn load(path: &Path) -> Option<(Vec<AgendaEvent>, DateTime<Utc>)> {
    if std::fs::metadata(path).ok()?.len() > MAX_CACHE_BYTES {
        tracing::warn!(path = %path.display(), "the agenda cache is too big to be ours; ignored");
        return None;
    }
    let saved: Saved = serde_json::from_slice(&std::fs::read(path).ok()?).ok()?;
    let events = saved
        .events
        .into_iter()
        .map(|e| AgendaEvent {
            key: e.key,
            title: e.title,
            start: e.start,
            end: e.end,
            all_day: e.all_day,
            source: e.source,
            private: e.private,
            // Whatever the file says: Start waits for Zoom's own list.
            hosted_here: false,
            organizer: String::new(),
            organizer_vouched: false,
            start_rests_on_organizer: false,
            has_text: true,
            // No join link is kept; Join and Start work again after the next refresh.
            link: e.service.map(|service| MeetingLink {
                service,
                zoom_id: e.zoom_id.and_then(|id| id.parse().ok()),
                join_url: Secret::new(""),
                found_in: Field::Conference,
            }),
        })
        .collect();
    Some((events, saved.saved_at))
}
