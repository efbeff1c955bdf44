//! What the room says about itself for the metrics: its state as the screen
//! shows it, and when each source last answered. Nothing about any event.

use chrono::{DateTime, Utc};

use super::view::{status, MessageKind, RoomState as Band};
use super::{agenda, Room};
use crate::metrics::{RoomHealth, RoomState};

impl Room {
    pub async fn health(&self, now: DateTime<Utc>) -> RoomHealth {
        let state = self.state.read().await;
        let offline = state
            .problems
            .iter()
            .any(|p| p.kind == MessageKind::Offline);
        let (_, end_of_today) = agenda::today(now, self.setup.zone);
        let band = status::room_status(&state.agenda, now, end_of_today, |_| String::new());
        RoomHealth {
            state: match (offline, band.state) {
                (true, _) => RoomState::Offline,
                (false, Band::Free) => RoomState::Free,
                (false, Band::Busy) => RoomState::Busy,
                (false, Band::StartingSoon) => RoomState::Starting,
            },
            calendars: self
                .setup
                .sources
                .iter()
                .map(|s| {
                    (
                        s.name().to_string(),
                        state.fetched_at.get(s.name()).copied(),
                    )
                })
                .collect(),
        }
    }
}
