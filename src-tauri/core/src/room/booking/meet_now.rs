//! Meet now: the room's Zoom user creates an instant meeting, the room
//! starts it as host the way Start does (the opener, the deadline, no start
//! link kept), books itself where its calendar can be written, and shows
//! what remote people need: the ID, passcode, dial-in numbers and a QR code.

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use super::{Booked, BookingError};
use crate::launch;
use crate::metrics::{self, WriteAction};
use crate::qr::{self, QrCode};
use crate::room::view::PersonMessage;
use crate::room::{Room, StartVia};
use crate::words::say_with;
use crate::zoom;

/// What the screen shows after Meet now. The passcode and the join link
/// (as a QR code) are shown on purpose: the room made this meeting for the
/// people in it to share.
#[derive(Debug, Clone, Serialize, PartialEq, TS)]
#[ts(export)]
pub struct MeetNow {
    /// Grouped as Zoom prints it: `857 4635 2410`.
    pub meeting_id: String,
    pub passcode: Option<String>,
    /// The numbers IT configured for phones to dial.
    pub numbers: Vec<String>,
    /// The join link as a QR code, for a phone.
    pub qr: QrCode,
    /// Until when the room is booked, as the room writes times; none: not booked.
    pub booked_until: Option<String>,
    /// Why the room was not booked, when it could have been.
    pub not_booked: Option<PersonMessage>,
}

#[derive(Debug, thiserror::Error)]
pub enum MeetNowError {
    #[error("this room has no zoom room user ([zoom] room_user)")]
    NoRoomUser,
    #[error("the room wrote {} times this hour", super::WRITES_AN_HOUR)]
    TooManyWrites { next_at: DateTime<Utc> },
    #[error(transparent)]
    Zoom(#[from] zoom::Error),
    #[error("zoom's links were refused: {0}")]
    Unsafe(#[from] launch::Error),
    #[error("the join link does not fit a QR code")]
    Qr(#[from] qr::Error),
    #[error(transparent)]
    Open(#[from] launch::opener::Error),
}

/// A walk-up meeting lasts one of these, as Book now does.
pub const MEET_NOW_MINUTES: [u32; 3] = super::rules::BOOK_MINUTES;

impl Room {
    /// Meet now for `minutes` (15, 30 or 60): create, start as host, book.
    pub async fn meet_now(
        &self,
        minutes: u32,
        now: DateTime<Utc>,
    ) -> Result<MeetNow, MeetNowError> {
        let result = self.meet_now_uncounted(minutes, now).await;
        let how = match &result {
            Ok(_) => metrics::TapResult::Ok,
            Err(MeetNowError::NoRoomUser | MeetNowError::TooManyWrites { .. }) => {
                metrics::TapResult::Refused
            }
            Err(_) => metrics::TapResult::Error,
        };
        metrics::count_write(WriteAction::MeetNow, how);
        if let Err(e) = &result {
            tracing::warn!(error = %e, "meet now failed");
        }
        result
    }

    async fn meet_now_uncounted(
        &self,
        minutes: u32,
        now: DateTime<Utc>,
    ) -> Result<MeetNow, MeetNowError> {
        let minutes = if MEET_NOW_MINUTES.contains(&minutes) {
            minutes
        } else {
            30
        };
        let account = self.setup.zoom.as_ref().ok_or(MeetNowError::NoRoomUser)?;
        let user = account
            .room_user
            .as_deref()
            .ok_or(MeetNowError::NoRoomUser)?;
        if let Some(next_at) = self.ledger().load().next_write_at(now) {
            return Err(MeetNowError::TooManyWrites { next_at });
        }
        let deadline = tokio::time::Instant::now() + self.setup.tap_deadline;
        let topic = say_with("booking.meet_now_topic", &[("room", &self.setup.name)]);
        let meeting = tokio::time::timeout_at(
            deadline,
            account.client.create_instant_meeting(user, &topic, minutes),
        )
        .await
        .unwrap_or(Err(zoom::Error::Timeout))?;
        self.ledger().update(now, |l| l.wrote(now));
        tracing::info!(meeting = %meeting.id, "created an instant meeting (meet now)");
        let join = launch::join_url(&meeting.join_url, &self.setup.trusted)?;
        let qr = qr::encode(join.expose())?;
        let start = launch::start_url(&meeting.start_url, meeting.id, &self.setup.trusted)?;
        let start = match account.start_via {
            StartVia::Https => start,
            StartVia::ZoomClient => {
                let zak = tokio::time::timeout_at(deadline, account.client.zak(&meeting.host_id))
                    .await
                    .unwrap_or(Err(zoom::Error::Timeout))?;
                launch::zoommtg_start(&start, meeting.id, &zak)
            }
        };
        self.open(&start, deadline, "meet now").await?;
        let (booked_until, not_booked) = match self.writable_source() {
            Err(_) => (None, None),
            Ok(_) => match self
                .book_now_uncounted(
                    minutes,
                    now,
                    super::WalkUp::MeetNow {
                        link: join.expose(),
                    },
                )
                .await
            {
                Ok(Booked { end, .. }) => (Some(self.time_words(end)), None),
                Err(e) => {
                    tracing::warn!(error = %e, "meet now: the room could not be booked");
                    (None, Some(PersonMessage::from(&e)))
                }
            },
        };
        Ok(MeetNow {
            meeting_id: meeting.id.grouped(),
            passcode: meeting.phone_passcode().or_else(|| {
                meeting
                    .password
                    .as_ref()
                    .map(|p| p.expose().to_string())
                    .filter(|p| !p.is_empty() && p.len() <= 10)
            }),
            numbers: self.setup.screen.dial_in_numbers.clone(),
            qr,
            booked_until,
            not_booked,
        })
    }

    /// `at` as the screen writes times, in the room's zone.
    pub fn time_words(&self, at: DateTime<Utc>) -> String {
        self.setup
            .screen
            .time
            .time(&at.with_timezone(&self.setup.zone))
    }
}

impl From<BookingError> for MeetNowError {
    fn from(e: BookingError) -> Self {
        match e {
            BookingError::TooManyWrites { next_at } => MeetNowError::TooManyWrites { next_at },
            _ => MeetNowError::NoRoomUser,
        }
    }
}
