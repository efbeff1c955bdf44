//! A tap, Start or Join, as one use case: decide with `now`, fetch what Zoom
//! must give (Start), validate, and open through the room's `Opener`, all
//! within the tap's deadline. Nothing public reaches a `start_url` another way.

use chrono::{DateTime, Utc};

mod by_number;
mod messages;

pub(crate) use messages::zoom_message;

pub use by_number::{DialIn, DialInError};

use super::agenda::{self, AgendaEvent, StartDecision};
use super::{Room, StartVia};
use crate::launch::{self, opener, LaunchUrl};
use crate::links::Service;
use crate::metrics::{self, TapAction, TapResult};
use crate::zoom::{self, MeetingId};

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("that meeting is no longer on the agenda")]
    UnknownEvent,
    #[error("meeting {0} is not on this room's calendar")]
    NotOnCalendar(MeetingId),
    #[error("start is not allowed: {0:?}")]
    NotAllowed(StartDecision),
    #[error("this room has no zoom account configured")]
    NoZoomAccount,
    #[error(transparent)]
    Zoom(#[from] zoom::Error),
    #[error("zoom's record does not confirm this start: {0}")]
    NotConfirmed(#[from] super::confirm::Refusal),
    #[error("zoom's start address was refused: {0}")]
    Unsafe(#[from] launch::Error),
    #[error(transparent)]
    Open(#[from] opener::Error),
}

#[derive(Debug, thiserror::Error)]
pub enum JoinError {
    #[error("that meeting is no longer on the agenda")]
    UnknownEvent,
    #[error("the event has no meeting link")]
    NoLink,
    #[error("the keypad's number is not a zoom meeting id")]
    NotAMeetingId,
    #[error("the keypad's passcode is not up to 10 digits")]
    NotAPasscode,
    #[error("the meeting link was refused: {0}")]
    Unsafe(#[from] launch::Error),
    #[error(transparent)]
    Open(#[from] opener::Error),
}

impl StartError {
    /// The room's rules said no, or something is broken.
    fn outcome(&self) -> TapResult {
        match self {
            StartError::UnknownEvent
            | StartError::NotOnCalendar(_)
            | StartError::NotAllowed(_)
            | StartError::NotConfirmed(_) => TapResult::Refused,
            StartError::NoZoomAccount
            | StartError::Zoom(_)
            | StartError::Unsafe(_)
            | StartError::Open(_) => TapResult::Error,
        }
    }
}

impl JoinError {
    fn outcome(&self) -> TapResult {
        match self {
            JoinError::UnknownEvent
            | JoinError::NoLink
            | JoinError::NotAMeetingId
            | JoinError::NotAPasscode => TapResult::Refused,
            JoinError::Unsafe(_) | JoinError::Open(_) => TapResult::Error,
        }
    }
}

/// Runs a tap and counts it, with how long it took, for the metrics.
async fn counted<T, E>(
    action: TapAction,
    tap: impl std::future::Future<Output = Result<T, E>>,
    outcome: fn(&E) -> TapResult,
) -> Result<T, E> {
    let began = tokio::time::Instant::now();
    let result = tap.await;
    let how = result.as_ref().err().map_or(TapResult::Ok, outcome);
    metrics::count_tap(action, how, began.elapsed());
    result
}

/// What a tap handed to the opener, with every secret in it redacted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opened {
    pub redacted: String,
}

impl Room {
    /// A tap on Start: decides with `now`, fetches a fresh `start_url`,
    /// validates it and hands it to the opener, all within the tap's deadline.
    /// Exactly one Zoom request when the token is warm.
    pub async fn start(&self, key: &str, now: DateTime<Utc>) -> Result<Opened, StartError> {
        counted(
            TapAction::Start,
            self.start_uncounted(key, now),
            StartError::outcome,
        )
        .await
    }

    async fn start_uncounted(&self, key: &str, now: DateTime<Utc>) -> Result<Opened, StartError> {
        let deadline = tokio::time::Instant::now() + self.setup.tap_deadline;
        let url = tokio::time::timeout_at(deadline, self.start_url(key, now))
            .await
            .unwrap_or(Err(StartError::Zoom(zoom::Error::Timeout)))?;
        let opened = self.open(&url, deadline, "start").await?;
        // Starting the meeting claims the room's booking of it.
        self.checked_in_by_tap(key, now);
        Ok(opened)
    }

    /// `roomstart start <id>`: the same rules as a tap on the event carrying that meeting.
    pub async fn start_by_id(
        &self,
        id: MeetingId,
        now: DateTime<Utc>,
    ) -> Result<Opened, StartError> {
        let key = self
            .event_with_meeting(id, now)
            .await
            .ok_or(StartError::NotOnCalendar(id))?;
        self.start(&key, now).await
    }

    /// The key of today's event for meeting `id`, the one closest to `now` first.
    pub async fn event_with_meeting(&self, id: MeetingId, now: DateTime<Utc>) -> Option<String> {
        let state = self.state.read().await;
        state
            .agenda
            .iter()
            .filter(|e| e.link.as_ref().and_then(|l| l.zoom_id) == Some(id))
            .min_by_key(|e| (e.start - now).num_seconds().abs())
            .map(|e| e.key.clone())
    }

    async fn start_url(&self, key: &str, now: DateTime<Utc>) -> Result<LaunchUrl, StartError> {
        let event = self.event(key).await.ok_or(StartError::UnknownEvent)?;
        let decision = agenda::start_decision(&event, now, self.setup.window);
        let StartDecision::Allowed(id) = decision else {
            if decision == StartDecision::NotHostedHere && self.state.read().await.zoom_unreadable {
                // "Not hosted here" may only mean Zoom could not be asked: say why.
                if let Some(account) = &self.setup.zoom {
                    account.client.warm_up().await?;
                }
            }
            return Err(StartError::NotAllowed(decision));
        };
        let account = self.setup.zoom.as_ref().ok_or(StartError::NoZoomAccount)?;
        let meeting = account.client.meeting(id).await?;
        let hosts = self.state.read().await.hosts.clone();
        if let Err(refusal) =
            super::confirm::confirm(&event, &meeting, &hosts, self.setup.window, now)
        {
            tracing::warn!(meeting = %id, event = %event.key, %refusal, "start refused: zoom's record does not match the invite");
            return Err(refusal.into());
        }
        let start = launch::start_url(&meeting.start_url, id, &self.setup.trusted)?;
        match account.start_via {
            StartVia::Https => Ok(start),
            StartVia::ZoomClient => {
                let zak = account.client.zak(&meeting.host_id).await?;
                Ok(launch::zoommtg_start(&start, id, &zak))
            }
        }
    }

    /// A tap on Join: the event's link, validated, handed to the opener.
    pub async fn join(&self, key: &str) -> Result<Opened, JoinError> {
        counted(
            TapAction::Join,
            self.join_uncounted(key),
            JoinError::outcome,
        )
        .await
    }

    async fn join_uncounted(&self, key: &str) -> Result<Opened, JoinError> {
        let deadline = tokio::time::Instant::now() + self.setup.tap_deadline;
        let event = self.event(key).await.ok_or(JoinError::UnknownEvent)?;
        let stamp = event.start;
        let url = self.join_url(event)?;
        let opened = self.open(&url, deadline, "join").await?;
        // Joining from the room claims its booking too (stamped with the
        // event's start: a join takes no `now`).
        self.checked_in_by_tap(key, stamp);
        Ok(opened)
    }

    fn join_url(&self, event: AgendaEvent) -> Result<LaunchUrl, JoinError> {
        let link = event.link.ok_or(JoinError::NoLink)?;
        Ok(match link.service {
            Service::Zoom => self.zoom_join_url(&link.join_url, link.zoom_id)?,
            Service::Teams if self.setup.msteams_join => {
                let url = launch::other_service_url(&link.join_url, link.service)?;
                launch::msteams_join(&url).unwrap_or(url)
            }
            service => launch::other_service_url(&link.join_url, service)?,
        })
    }

    /// Hands `url` to the opener with what is left of the tap's deadline.
    pub(super) async fn open(
        &self,
        url: &LaunchUrl,
        deadline: tokio::time::Instant,
        what: &'static str,
    ) -> Result<Opened, opener::Error> {
        let redacted = url.redacted();
        tracing::info!(url = %redacted, "opening the {what} url");
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        self.setup.opener.open(url, left).await.inspect_err(|e| {
            tracing::error!(error = %e, "the OS could not open the meeting");
        })?;
        Ok(Opened { redacted })
    }
}
