//! Zoom's own record confirms a Start. The calendar only proposes: anyone can
//! invite the room, and an invite may carry the link of someone else's
//! meeting at another hour. So the tap's one Get meeting answer is compared
//! with the event and `now` before anything opens: the host must be one this
//! room starts for, Zoom's schedule must have the meeting starting or under
//! way now, and the invite must overlap that occurrence. The invite's own
//! length never widens the window: a day-long invite borrows nothing.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};

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
        self.names_user(&meeting.host_id, &meeting.host_email)
    }

    /// The user, by Zoom user ID or email, is one IT named.
    pub fn names_user(&self, id: &str, email: &str) -> bool {
        let named = |s: &str| !s.is_empty() && self.named.contains(&s.to_lowercase());
        named(id) || named(email)
    }

    /// Start on `meeting` would rest on the invite's organizer being its host.
    pub fn rests_on_organizer(&self, meeting: Option<&MeetingSummary>) -> bool {
        self.everyone && !meeting.is_some_and(|m| self.names_user(&m.host_id, ""))
    }
}

/// Why Zoom's record does not let this event start the meeting.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("Zoom says the meeting's host is not one this room starts for")]
    OtherHost,
    #[error("Zoom schedules the meeting at {scheduled:?}: not starting now, or not at the invite's time")]
    OtherTime { scheduled: Vec<DateTime<Utc>> },
    #[error("the meeting has no fixed time, and its host is not named in zoom.host_users")]
    NoFixedTime,
    #[error("the invite names no organizer, so with host_users = [\"*\"] it is join-only")]
    NoOrganizer,
    #[error("the invite's calendar cannot vouch for its organizer (an ICS feed's ORGANIZER is whatever the sender wrote), so with host_users = [\"*\"] it is join-only")]
    OrganizerNotVouched,
    #[error("the invite's organizer is not the meeting's host")]
    OrganizerNotHost,
}

/// Zoom's meeting types with no schedule to compare: instant (1), recurring
/// with no fixed time (3) and a personal meeting ID (4).
const NO_FIXED_TIME: [u8; 3] = [1, 3, 4];

/// Zoom's length of a meeting whose record names none: its own default.
const DEFAULT_MINUTES: u32 = 60;

/// Whether `meeting`, as Zoom answered Get meeting at `now`, may be started for `event`.
///
/// A scheduled occurrence qualifies when Zoom has it starting within
/// `window.before_start` of `now` or under way (until its end plus
/// `window.after_end`), and the invite overlaps it.
pub fn confirm(
    event: &AgendaEvent,
    meeting: &Meeting,
    hosts: &Hosts,
    window: StartWindow,
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    let named = hosts.names(meeting);
    if !named {
        if !hosts.everyone {
            return Err(Refusal::OtherHost);
        }
        if !event.organizer_vouched {
            return Err(Refusal::OrganizerNotVouched);
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
    let minutes = |m: Option<u32>| m.or(meeting.duration).unwrap_or(DEFAULT_MINUTES);
    let scheduled: Vec<(DateTime<Utc>, u32)> = match meeting.occurrences.as_slice() {
        [] => meeting
            .start_time
            .map(|t| (t, minutes(None)))
            .into_iter()
            .collect(),
        occurrences => occurrences
            .iter()
            .filter(|o| o.status.as_deref() != Some("deleted"))
            .map(|o| (o.start_time, minutes(o.duration)))
            .collect(),
    };
    let qualifies = |&(start, minutes): &(DateTime<Utc>, u32)| {
        let Some(end) = start.checked_add_signed(Duration::minutes(minutes.into())) else {
            return false;
        };
        let opens = start.checked_sub_signed(window.before_start);
        let closes = end.checked_add_signed(window.after_end);
        let now_is_its_time = opens.is_some_and(|o| o <= now) && closes.is_some_and(|c| now < c);
        let invite_overlaps = (event.start < end && event.end > start)
            || (start == end && event.start <= start && start <= event.end);
        now_is_its_time && invite_overlaps
    };
    if scheduled.iter().any(qualifies) {
        Ok(())
    } else {
        Err(Refusal::OtherTime {
            scheduled: scheduled.into_iter().map(|(t, _)| t).take(20).collect(),
        })
    }
}

#[cfg(test)]
mod tests;
