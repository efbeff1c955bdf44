//! Zoom's own record confirms a Start. The calendar only proposes: anyone can
//! invite the room, and an invite may carry the link of someone else's
//! meeting at another hour. So the tap's one Get meeting answer is compared
//! with the event before anything opens: the host must be one this room
//! starts for, and Zoom's schedule must put the meeting at the invite's time.

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use super::agenda::{AgendaEvent, StartWindow};
use crate::zoom::{Meeting, MeetingSummary};

/// Whose meetings this room starts: `zoom.host_users` as Zoom resolved it.
#[derive(Debug, Clone, Default)]
pub struct Hosts {
    /// `"*"`: any user of the account, when the invite's organizer is the host.
    pub everyone: bool,
    /// User IDs, and emails lowercased, named in `host_users`, with the user
    /// ID `me` stands for (learned from the meetings listed for `me`).
    pub named: HashSet<String>,
}

impl Hosts {
    /// `listed_for_me`: the meetings Zoom listed for the user `me`.
    pub fn new(host_users: &[String], listed_for_me: &[MeetingSummary]) -> Self {
        let mut named: HashSet<String> = host_users
            .iter()
            .filter(|u| !matches!(u.as_str(), "*" | "me"))
            .map(|u| u.to_lowercase())
            .collect();
        if host_users.iter().any(|u| u == "me") {
            named.extend(listed_for_me.iter().map(|m| m.host_id.to_lowercase()));
        }
        Hosts {
            everyone: host_users.iter().any(|u| u == "*"),
            named,
        }
    }

    fn names(&self, meeting: &Meeting) -> bool {
        let id = meeting.host_id.to_lowercase();
        let email = meeting.host_email.to_lowercase();
        (!id.is_empty() && self.named.contains(&id))
            || (!email.is_empty() && self.named.contains(&email))
    }
}

/// Why Zoom's record does not let this event start the meeting.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("Zoom says the meeting's host is not one this room starts for")]
    OtherHost,
    #[error("Zoom schedules the meeting at {scheduled:?}, not at the invite's time")]
    OtherTime { scheduled: Vec<DateTime<Utc>> },
    #[error("the meeting has no fixed time, and its host is not named in zoom.host_users")]
    NoFixedTime,
    #[error("the invite names no organizer, so with host_users = [\"*\"] it is join-only")]
    NoOrganizer,
    #[error("the invite's organizer is not the meeting's host")]
    OrganizerNotHost,
}

/// Zoom's meeting types with no schedule to compare: instant (1), recurring
/// with no fixed time (3) and a personal meeting ID (4).
const NO_FIXED_TIME: [u8; 3] = [1, 3, 4];

/// Whether `meeting`, as Zoom answered Get meeting, may be started for `event`.
pub fn confirm(
    event: &AgendaEvent,
    meeting: &Meeting,
    hosts: &Hosts,
    window: StartWindow,
) -> Result<(), Refusal> {
    let named = hosts.names(meeting);
    if !named {
        if !hosts.everyone {
            return Err(Refusal::OtherHost);
        }
        if event.organizer.is_empty() {
            return Err(Refusal::NoOrganizer);
        }
        if !event.organizer.eq_ignore_ascii_case(&meeting.host_email) {
            return Err(Refusal::OrganizerNotHost);
        }
    }
    if NO_FIXED_TIME.contains(&meeting.meeting_type) {
        // No schedule can confirm it, so only a host IT named may be started.
        return if named {
            Ok(())
        } else {
            Err(Refusal::NoFixedTime)
        };
    }
    let (from, to) = (
        event.start - window.before_start,
        event.end + window.before_start,
    );
    let scheduled: Vec<DateTime<Utc>> = match meeting.occurrences.as_slice() {
        [] => meeting.start_time.into_iter().collect(),
        occurrences => occurrences.iter().map(|o| o.start_time).collect(),
    };
    if scheduled.iter().any(|t| (from..=to).contains(t)) {
        Ok(())
    } else {
        Err(Refusal::OtherTime { scheduled })
    }
}

#[cfg(test)]
mod tests;
