//! The keypad's two uses: joining a meeting that is not on the calendar by
//! its ID, and reading a meeting's ID and phone passcode to dial in from the
//! room phone. Both take digits only, so nothing typed can become a URL.

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use super::{JoinError, Opened};
use crate::launch;
use crate::links::Service;
use crate::metrics::TapAction;
use crate::room::agenda::{self, StartDecision};
use crate::room::{confirm, Room};
use crate::secret::Secret;
use crate::zoom::MeetingId;

/// The longest numeric passcode the keypad takes; Zoom's are at most 10.
pub const MAX_PASSCODE_DIGITS: usize = 10;

/// What the room phone needs to join a meeting.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, TS)]
#[ts(export)]
pub struct DialIn {
    /// Grouped as Zoom prints it: `857 4635 2410`.
    pub meeting_id: String,
    /// The numeric phone passcode, from Zoom's record of a meeting this
    /// account hosts; none when Zoom has none or was not asked.
    pub passcode: Option<String>,
    /// The numbers IT configured for the room phone to dial.
    pub numbers: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum DialInError {
    #[error("that meeting is no longer on the agenda")]
    UnknownEvent,
    #[error("dial-in details are not shown in this room")]
    NotOffered,
    #[error("the event has no zoom meeting id")]
    NoMeetingId,
}

impl Room {
    /// Join by meeting ID: `https://zoom.us/j/{id}`, with the passcode when
    /// one was typed, through the same checks and opener as any Join.
    pub async fn join_by_id(&self, id: &str, passcode: &str) -> Result<Opened, JoinError> {
        let tap = self.join_by_id_uncounted(id, passcode);
        super::counted(TapAction::JoinById, tap, JoinError::outcome).await
    }

    async fn join_by_id_uncounted(&self, id: &str, passcode: &str) -> Result<Opened, JoinError> {
        let deadline = tokio::time::Instant::now() + self.setup.tap_deadline;
        let id: MeetingId = id.parse().map_err(|_| JoinError::NotAMeetingId)?;
        let passcode = passcode.trim();
        if passcode.len() > MAX_PASSCODE_DIGITS || !passcode.bytes().all(|b| b.is_ascii_digit()) {
            return Err(JoinError::NotAPasscode);
        }
        let mut link = format!("https://zoom.us/j/{id}");
        if !passcode.is_empty() {
            link.push_str(&format!("?pwd={passcode}"));
        }
        let url = self.zoom_join_url(&Secret::new(link), Some(id))?;
        Ok(self.open(&url, deadline, "join by id").await?)
    }

    /// The dial-in details of an event's Zoom meeting, when the config allows.
    /// The passcode follows Start's rule, for it opens the meeting as well as
    /// a tap would: read from Zoom's record at the moment it is asked for, of
    /// a meeting this account hosts that Zoom has starting or under way at
    /// `now`, for an invite that overlaps it. Otherwise only the meeting ID
    /// and the numbers are shown: an invite's text is not trusted for more.
    pub async fn dial_in(&self, key: &str, now: DateTime<Utc>) -> Result<DialIn, DialInError> {
        if !self.setup.screen.dial_in {
            return Err(DialInError::NotOffered);
        }
        let event = self.event(key).await.ok_or(DialInError::UnknownEvent)?;
        let id = event
            .link
            .as_ref()
            .filter(|l| l.service == Service::Zoom)
            .and_then(|l| l.zoom_id)
            .ok_or(DialInError::NoMeetingId)?;
        let startable =
            agenda::start_decision(&event, now, self.setup.window) == StartDecision::Allowed(id);
        let mut passcode = None;
        if let (true, Some(account)) = (startable, &self.setup.zoom) {
            let asked = tokio::time::timeout(self.setup.tap_deadline, account.client.meeting(id));
            match asked.await {
                Ok(Ok(meeting)) => {
                    let hosts = self.state.read().await.hosts.clone();
                    match confirm::confirm(&event, &meeting, &hosts, self.setup.window, now) {
                        Ok(()) => passcode = meeting.phone_passcode(),
                        Err(refusal) => {
                            tracing::warn!(meeting = %id, %refusal, "no passcode for dial-in")
                        }
                    }
                }
                Ok(Err(e)) => tracing::warn!(error = %e, meeting = %id, "no passcode for dial-in"),
                Err(_) => tracing::warn!(meeting = %id, "zoom did not answer in time for dial-in"),
            }
        }
        Ok(DialIn {
            meeting_id: id.grouped(),
            passcode,
            numbers: self.setup.screen.dial_in_numbers.clone(),
        })
    }

    /// A Zoom join link checked, moved to the demo's launcher page in the
    /// demo, and turned into the client's own URL where one is registered.
    pub(super) fn zoom_join_url(
        &self,
        raw: &Secret,
        id: Option<MeetingId>,
    ) -> Result<launch::LaunchUrl, JoinError> {
        let url = launch::join_url(raw, &self.setup.trusted)?;
        if let Some(origin) = &self.setup.demo_join_origin {
            let local = launch::rehome(&url, origin);
            return Ok(launch::join_url(&local, &self.setup.trusted)?);
        }
        let via_client = self.setup.zoommtg_join;
        Ok(via_client
            .then(|| launch::zoommtg_join(&url, id, &self.setup.name))
            .flatten()
            .unwrap_or(url))
    }
}
