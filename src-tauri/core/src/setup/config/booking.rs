//! `[booking]`: the room writes its own calendar (Book now, Extend, End
//! early) and releases bookings nobody checks in. Only the managed file may
//! set it: the person at the screen must not be able to turn on releases of
//! other people's meetings.

use serde::{Deserialize, Serialize};

use crate::room::booking::{BookingSetup, CheckIn};

#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BookingConfig {
    /// Book now, Extend and End early on a Google or Graph room.
    #[serde(default)]
    pub enabled: bool,
    /// Bookings show Check in, and one nobody checks in is released.
    #[serde(default)]
    pub check_in: bool,
    /// Check in opens this many minutes before the start (default 5).
    pub check_in_before_minutes: Option<u32>,
    /// A booking not checked in this many minutes after its start is released (default 10).
    pub check_in_after_minutes: Option<u32>,
    /// Organizers whose bookings are never released, e.g. a board's assistant.
    #[serde(default)]
    pub exempt_organizers: Vec<String>,
}

/// The longest either check-in margin may be: past an hour a booking is
/// either a no-show or a meeting, and a mistyped number would release nothing.
const MAX_MARGIN_MINUTES: u32 = 60;

impl BookingConfig {
    /// The room writes its calendar at all (booking or releases).
    pub fn writes(&self) -> bool {
        self.enabled || self.check_in
    }

    /// The key that is wrong, and what to write instead.
    pub fn problem(&self) -> Option<(&'static str, String)> {
        let margins = [
            ("check_in_before_minutes", self.check_in_before_minutes, 0),
            ("check_in_after_minutes", self.check_in_after_minutes, 1),
        ];
        margins.into_iter().find_map(|(key, value, least)| {
            let v = value?;
            (v < least || v > MAX_MARGIN_MINUTES).then(|| {
                let why = format!("booking.{key} = {v}: write {least} to {MAX_MARGIN_MINUTES}");
                (key, why)
            })
        })
    }

    pub fn setup(&self, ledger_file: std::path::PathBuf) -> BookingSetup {
        let minutes =
            |m: Option<u32>, default: i64| chrono::Duration::minutes(m.map_or(default, i64::from));
        BookingSetup {
            enabled: self.enabled,
            check_in: self.check_in.then(|| CheckIn {
                before: minutes(self.check_in_before_minutes, 5),
                after: minutes(self.check_in_after_minutes, 10),
                exempt_organizers: self
                    .exempt_organizers
                    .iter()
                    .map(|o| o.trim().to_lowercase())
                    .collect(),
            }),
            ledger_file: Some(ledger_file),
        }
    }
}
