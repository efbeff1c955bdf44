//! The demo room's calendar as an ICS feed, written the way Google exports one:
//! CRLF line ends, lines folded at 75 octets, Zoom's invitation text in DESCRIPTION.
//! Events a test edited appear as edited; a cancelled one as STATUS:CANCELLED.

use chrono::{DateTime, Utc};

use crate::calendar_edits::CurrentEvent;
use crate::schedule::{Schedule, ACME_ORGANIZER, HOST_EMAIL, HOST_NAME};

/// The room's feed: the schedule's events as edited, then any `invites` (raw
/// VEVENT blocks a test sent the room) as they were written.
pub fn render(
    schedule: &Schedule,
    events: &[CurrentEvent],
    invites: &[String],
    now: DateTime<Utc>,
) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".into(),
        "PRODID:-//Roomstart//Demo room//EN".into(),
        "CALSCALE:GREGORIAN".into(),
        "X-WR-CALNAME:Aurora (demo room)".into(),
    ];
    for current in events {
        lines.push("BEGIN:VEVENT".into());
        lines.push(format!("UID:{}", current.uid));
        lines.push(format!("DTSTAMP:{}", stamp(now)));
        lines.push(format!("SEQUENCE:{}", current.changed_at));
        lines.push(format!("DTSTART:{}", stamp(current.start)));
        lines.push(format!("DTEND:{}", stamp(current.end)));
        lines.push(format!("SUMMARY:{}", escape(&current.title)));
        lines.push(format!("LOCATION:{}", escape(&current.location)));
        let meeting = current.event.and_then(|e| e.meeting);
        if let Some(m) = meeting.map(|i| &schedule.meetings[i]) {
            lines.push(match m.hosted_here {
                true => format!("ORGANIZER;CN={HOST_NAME}:mailto:{HOST_EMAIL}"),
                false => format!("ORGANIZER;CN=Kim Acme:mailto:{ACME_ORGANIZER}"),
            });
            let invite = format!(
                "Dana Reyes is inviting you to a scheduled Zoom meeting.\n\nJoin Zoom Meeting\n\
                 https://{host}/j/{id}?pwd={pwd}\n\nMeeting ID: {grouped}\nPasscode: {code}\n",
                host = m.link_host,
                id = m.id,
                pwd = m.encrypted_passcode,
                grouped = group(m.id),
                code = m.passcode,
            );
            lines.push(format!("DESCRIPTION:{}", escape(&invite)));
        } else if !current.body.is_empty() {
            lines.push(format!("DESCRIPTION:{}", escape(&current.body)));
        } else {
            lines.push("DESCRIPTION:Bring your own mug.".into());
        }
        lines.push(
            // A room that declined is no longer booked by it.
            match current.cancelled || current.declined.is_some() {
                true => "STATUS:CANCELLED",
                false => "STATUS:CONFIRMED",
            }
            .into(),
        );
        lines.push("END:VEVENT".into());
    }
    let mut text: String = lines.iter().map(|l| fold(l)).collect();
    for invite in invites {
        text.push_str(invite);
        if !invite.ends_with('\n') {
            text.push_str("\r\n");
        }
    }
    text.push_str("END:VCALENDAR\r\n");
    text
}

fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

fn group(id: u64) -> String {
    let s = id.to_string();
    format!("{} {} {}", &s[..3], &s[3..7], &s[7..])
}

fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

/// RFC 5545 §3.1: lines longer than 75 octets continue after CRLF and a space.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}
