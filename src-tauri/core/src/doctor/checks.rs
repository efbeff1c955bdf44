//! The single checks `run` assembles, each pure where it can be.

use chrono::{DateTime, Utc};

use super::{check, not_checked_here, Check, Status, GET_MEETING_SCOPES, MAX_SKEW_SECS};
use crate::setup::config::UpdatesConfig;
use crate::zoom;

/// A source that answered: how many events today and tomorrow, and the likely cause when
/// they carry no text to find a link in.
pub(super) fn calendar_check(
    name: String,
    mut parsed: crate::calendar::ParsedCalendar,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
) -> Check {
    let shown: Vec<_> = parsed
        .events
        .iter()
        .filter(|e| e.start < to && e.end > from)
        .collect();
    let bare = shown
        .iter()
        .filter(|e| {
            [&e.description, &e.description_html, &e.location, &e.url]
                .iter()
                .all(|t| t.trim().is_empty())
                && e.conference.is_empty()
        })
        .count();
    let count = shown.len();
    if count > 0 && bare == count && parsed.hints.is_empty() {
        parsed.hints.push(format!(
            "none of the {count} events of today and tomorrow carries any text, so no meeting link can be found: the room may \
             see free/busy only (Google: share the calendar with \"See all event details\"), or the server \
             removes bodies (Exchange: Set-CalendarProcessing -DeleteComments $false)"
        ));
    }
    let mut detail = format!("{count} events today and tomorrow");
    if let Some(first) = parsed.warnings.first() {
        detail.push_str(&format!(
            ", {} things it could not read",
            parsed.warnings.len()
        ));
        // Nothing dropped in silence: IT sees what, and where to look.
        return check(
            name,
            Status::Warn,
            detail,
            Some(format!(
                "{first}{}",
                match parsed.warnings.len() {
                    1 => String::new(),
                    n => format!(" (and {} more: see `roomstart agenda`)", n - 1),
                }
            )),
        );
    }
    match parsed.hints.first() {
        Some(hint) => check(name, Status::Warn, detail, Some(hint.clone())),
        None => check(name, Status::Pass, detail, None),
    }
}

pub(super) fn zoom_credential_failure(e: &zoom::Error) -> Check {
    let fix = match e {
        zoom::Error::InvalidClient { .. } => {
            "Check zoom.account_id and zoom.client_id, then set zoom.client_secret again from the Server-to-Server OAuth app."
        }
        zoom::Error::Timeout | zoom::Error::Unreachable(_) => "Check this computer can reach Zoom (proxy, firewall).",
        _ => "See the log for Zoom's full answer.",
    };
    check(
        "zoom credentials",
        Status::Fail,
        e.to_string(),
        Some(fix.into()),
    )
}

/// Start needs Get a meeting: the granular `meeting:read:meeting:admin` or
/// the classic `meeting:read:admin`. A token with only List meetings shows the
/// agenda but could never start it.
pub(super) fn scope_check(scopes: &[String]) -> Check {
    let can_get_meeting = scopes
        .iter()
        .any(|s| GET_MEETING_SCOPES.contains(&s.as_str()));
    if can_get_meeting {
        check("zoom scopes", Status::Pass, scopes.join(" "), None)
    } else {
        let granted = if scopes.is_empty() {
            "none".into()
        } else {
            scopes.join(" ")
        };
        check(
            "zoom scopes",
            Status::Fail,
            format!("missing meeting:read:meeting:admin (granted: {granted})"),
            Some(
                "Add the scopes meeting:read:meeting:admin and meeting:read:list_meetings:admin \
                 to the Server-to-Server OAuth app and activate it again."
                    .into(),
            ),
        )
    }
}

pub(super) fn skew_check(server: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Check {
    match server {
        None => check(
            "clock",
            Status::Warn,
            "Zoom sent no Date header to compare with",
            None,
        ),
        Some(server) => {
            let skew = (now - server).num_seconds();
            if skew.abs() <= MAX_SKEW_SECS {
                check(
                    "clock",
                    Status::Pass,
                    format!("within {}s of Zoom's clock", skew.abs()),
                    None,
                )
            } else {
                check(
                    "clock",
                    Status::Fail,
                    format!("{skew}s off Zoom's clock"),
                    Some(if cfg!(windows) {
                        "Turn on Windows' time sync (Settings, Time & language, Set the time automatically), or run `w32tm /resync` as an administrator.".into()
                    } else {
                        "Turn on network time (timedatectl set-ntp true).".into()
                    }),
                )
            }
        }
    }
}

/// Where this room's updates come from: IT's feed (Windows, macOS) or apt.
pub(super) fn updates(updates: &UpdatesConfig) -> Check {
    let on_this_platform = cfg!(any(windows, target_os = "macos"));
    match updates.policy() {
        Ok(Some(policy)) if on_this_platform => check(
            "updates",
            Status::Pass,
            format!(
                "from {} outside office hours, each download checked against IT's key",
                policy.feed.host_str().unwrap_or("the feed")
            ),
            None,
        ),
        Ok(Some(_)) => check(
            "updates",
            Status::Pass,
            "[updates] is for Windows and macOS; on Linux Roomstart updates through apt, from the signed repository",
            None,
        ),
        Ok(None) if on_this_platform => check(
            "updates",
            Status::Warn,
            "off: this room does not update itself",
            Some("Turn on [updates] in the managed config with the feed and `tauri signer`'s public key (see README).".into()),
        ),
        Ok(None) => check(
            "updates",
            Status::Pass,
            "on Linux Roomstart updates through apt, from the signed repository",
            None,
        ),
        // `config::load` refuses an incomplete table, so the config check has said it.
        Err(why) => check("updates", Status::Fail, why, None),
    }
}

#[cfg_attr(windows, allow(dead_code))]
pub(super) fn url_handler() -> Check {
    if !cfg!(target_os = "linux") {
        return not_checked_here("zoommtg handler");
    }
    match crate::launch::handlers::handler_for("zoommtg") {
        Some(handler) => check(
            "zoommtg handler",
            Status::Pass,
            format!("handled by {handler}; Join opens the Zoom client directly"),
            None,
        ),
        None => check(
            "zoommtg handler",
            Status::Fail,
            "no application handles zoommtg: links; Start and Join would open a browser page",
            Some(
                "Install the Zoom client for Linux, which registers itself for zoommtg: links."
                    .into(),
            ),
        ),
    }
}
