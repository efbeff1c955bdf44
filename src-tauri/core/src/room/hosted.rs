//! Which of the calendar's Zoom meetings this account hosts. With named
//! hosts, Zoom lists each one's upcoming meetings. With `host_users = ["*"]`
//! listing every user would cost a request per user per refresh (10,000 users,
//! 500 rooms: far past Zoom's rate limits), so the room asks instead about
//! the meetings on its own calendar: one Get meeting per meeting ID, asked
//! again hourly, at most `NEW_PER_REFRESH` a refresh however many IDs hostile
//! invites bring. The cost follows the room's agenda, not the account's size.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use tokio::sync::Mutex;

use super::confirm::Hosts;
use crate::zoom::{self, Meeting, MeetingId, MeetingSummary, ZoomClient};

/// How long an answer stands before the meeting is asked about again.
const RECHECK: Duration = Duration::hours(1);
/// The most meetings asked about in one refresh; the rest wait their turn.
const NEW_PER_REFRESH: usize = 20;

/// What Get meeting said of each meeting ID on the calendar, and when.
#[derive(Default)]
pub struct Lookups(Mutex<HashMap<MeetingId, Looked>>);

struct Looked {
    at: DateTime<Utc>,
    /// `None`: not this account's (Zoom answered 3001).
    meeting: Option<MeetingSummary>,
}

/// The hosted meetings and whose they are. `on_calendar`: the Zoom meeting
/// IDs on the room's agenda, soonest first.
pub async fn hosted_meetings(
    client: &ZoomClient,
    host_users: &[String],
    lookups: &Lookups,
    on_calendar: &[MeetingId],
    now: DateTime<Utc>,
) -> Result<(Vec<MeetingSummary>, Hosts), zoom::Error> {
    if host_users.iter().any(|u| u == "*") {
        let meetings = lookups.ask(client, on_calendar, now).await?;
        return Ok((meetings, Hosts::new(host_users, &[])));
    }
    let mut meetings = Vec::new();
    let mut listed_for_me = Vec::new();
    for user in host_users {
        let listed = client.upcoming_meetings(user).await?;
        if user == "me" {
            listed_for_me = listed.clone();
        }
        meetings.extend(listed);
    }
    let hosts = Hosts::new(host_users, &listed_for_me);
    Ok((meetings, hosts))
}

impl Lookups {
    async fn ask(
        &self,
        client: &ZoomClient,
        on_calendar: &[MeetingId],
        now: DateTime<Utc>,
    ) -> Result<Vec<MeetingSummary>, zoom::Error> {
        let mut looked = self.0.lock().await;
        looked.retain(|id, _| on_calendar.contains(id));
        let due: Vec<MeetingId> = on_calendar
            .iter()
            .filter(|id| looked.get(id).is_none_or(|l| now - l.at >= RECHECK))
            .take(NEW_PER_REFRESH)
            .copied()
            .collect();
        for id in due {
            let meeting = match client.meeting(id).await {
                Ok(m) => Some(summary(m)),
                Err(zoom::Error::MeetingNotFound { .. }) => None,
                Err(e) => return Err(e),
            };
            looked.insert(id, Looked { at: now, meeting });
        }
        Ok(on_calendar
            .iter()
            .filter_map(|id| looked.get(id)?.meeting.clone())
            .collect())
    }
}

/// What the agenda needs of Get meeting's answer; its start_url is dropped here.
fn summary(m: Meeting) -> MeetingSummary {
    MeetingSummary {
        id: m.id,
        host_id: m.host_id,
        topic: m.topic,
        meeting_type: m.meeting_type,
        start_time: m.start_time,
        duration: m.duration,
        join_url: Some(m.join_url),
    }
}
