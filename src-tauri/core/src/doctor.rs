//! `roomstart doctor`: every check IT needs to trust a room, each with the fix
//! in words. The report carries no secret, so it may go to fleet monitoring.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::calendar::Reading;
use crate::config::{self, Config, ConfigFiles};
use crate::keystore;
use crate::zoom;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    /// Worth knowing, but the room works.
    Warn,
    Fail,
}

#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub name: String,
    pub status: Status,
    pub detail: String,
    pub fix: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub ok: bool,
    pub room: Option<String>,
    pub checks: Vec<Check>,
}

/// How far the computer's clock may be from Zoom's before logins and start links suffer.
const MAX_SKEW_SECS: i64 = 60;
const MEETING_SCOPE: &str = "meeting:read";

fn check(
    name: impl Into<String>,
    status: Status,
    detail: impl Into<String>,
    fix: Option<String>,
) -> Check {
    Check {
        name: name.into(),
        status,
        detail: detail.into(),
        fix,
    }
}

pub async fn run(files: &ConfigFiles, now: DateTime<Utc>) -> Report {
    let mut checks = Vec::new();
    let config = match config::load(files) {
        Ok(loaded) => {
            checks.push(check(
                "config",
                Status::Pass,
                format!("{} reads cleanly", files.managed.display()),
                None,
            ));
            Some(loaded.config)
        }
        Err(e) => {
            checks.push(check(
                "config",
                Status::Fail,
                e.to_string(),
                Some(
                    "Correct the file as the message says, then run `roomstart config check`."
                        .into(),
                ),
            ));
            None
        }
    };
    checks.push(url_handler());
    checks.push(check(
        "zoom client signed out",
        Status::Warn,
        "not verifiable automatically",
        Some("Keep the Zoom client on this computer signed out: a signed-in client takes over a start whose credential failed.".into()),
    ));
    let room = config.as_ref().map(|c| c.room.name.clone());
    if let Some(config) = config {
        let secrets_ok = secret_checks(&config, &mut checks).await;
        if secrets_ok {
            service_checks(&config, now, &mut checks).await;
        }
    }
    Report {
        ok: checks.iter().all(|c| c.status != Status::Fail),
        room,
        checks,
    }
}

/// The secrets a configuration needs, by name.
pub fn required_secrets(config: &Config) -> Vec<String> {
    let mut names = Vec::new();
    if config.zoom.is_some() {
        names.push(keystore::names::ZOOM_CLIENT_SECRET.to_string());
    }
    names.extend(
        config
            .ics
            .iter()
            .filter(|i| i.file.is_none())
            .map(|i| keystore::names::ics_url(&i.name)),
    );
    if !config.graph.is_empty() {
        names.push(keystore::names::GRAPH_CLIENT_SECRET.to_string());
    }
    if !config.google.is_empty() {
        names.push(keystore::names::GOOGLE_SERVICE_ACCOUNT.to_string());
    }
    names
}

async fn secret_checks(config: &Config, checks: &mut Vec<Check>) -> bool {
    let mut all_set = true;
    let mut keyring_problem = None;
    let mut secret_rows = Vec::new();
    for name in required_secrets(config) {
        match keystore::retrieve(&name).await {
            Ok(Some(_)) => {
                secret_rows.push(check(format!("secret {name}"), Status::Pass, "set", None))
            }
            Ok(None) => {
                all_set = false;
                secret_rows.push(check(
                    format!("secret {name}"),
                    Status::Fail,
                    "not set",
                    Some(format!(
                        "printf '%s' \"$VALUE\" | roomstart secrets set {name}"
                    )),
                ));
            }
            Err(e) => {
                all_set = false;
                keyring_problem = Some(e);
                break;
            }
        }
    }
    checks.push(match keyring_problem {
        None => check("keyring", Status::Pass, "reachable and unlocked", None),
        Some(keystore::Error::Locked) => check(
            "keyring",
            Status::Fail,
            "the keyring is locked",
            Some("Unlock the login keyring of the account that runs Roomstart (set it to unlock at login).".into()),
        ),
        Some(e) => check(
            "keyring",
            Status::Fail,
            e.to_string(),
            Some("Install and start a Secret Service (gnome-keyring) in the room account's session.".into()),
        ),
    });
    checks.extend(secret_rows);
    all_set
}

async fn service_checks(config: &Config, now: DateTime<Utc>, checks: &mut Vec<Check>) {
    let setup = match config.room_setup().await {
        Ok(setup) => setup,
        Err(e) => {
            checks.push(check("room", Status::Fail, e.to_string(), None));
            return;
        }
    };
    if let Some(account) = &setup.zoom {
        match account.client.check_credentials().await {
            Ok(granted) => {
                checks.push(check(
                    "zoom credentials",
                    Status::Pass,
                    "accepted by Zoom",
                    None,
                ));
                checks.push(scope_check(&granted.scopes));
                checks.push(skew_check(granted.server_time, now));
                for user in &account.host_users {
                    checks.push(match account.client.upcoming_meetings(user).await {
                        Ok(m) => check(
                            format!("zoom host {user}"),
                            Status::Pass,
                            format!("{} upcoming meetings", m.len()),
                            None,
                        ),
                        Err(e) => check(
                            format!("zoom host {user}"),
                            Status::Fail,
                            e.to_string(),
                            Some(
                                "Check zoom.host_users: each must be a user of this Zoom account."
                                    .into(),
                            ),
                        ),
                    });
                }
            }
            Err(e) => checks.push(zoom_credential_failure(&e)),
        }
    }
    let http = crate::http::HttpClients::new();
    // The window the room screen shows, so the count matches it at any hour.
    let (from, to) = crate::agenda::today_and_tomorrow(now, setup.zone);
    for source in &setup.sources {
        let name = format!("calendar {}", source.name());
        checks.push(
            match source
                .fetch(&http, setup.zone, (from, to), Reading::Once)
                .await
            {
                Ok(parsed) => calendar_check(name, parsed, (from, to)),
                Err(e) => check(
                    name,
                    Status::Fail,
                    e.to_string(),
                    Some("Check the calendar's address or file and the network.".into()),
                ),
            },
        );
    }
}

/// A source that answered: how many events today and tomorrow, and the likely cause when
/// they carry no text to find a link in.
fn calendar_check(
    name: String,
    mut parsed: crate::ics::ParsedCalendar,
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
    if !parsed.warnings.is_empty() {
        detail.push_str(&format!(
            ", {} unreadable events skipped",
            parsed.warnings.len()
        ));
    }
    match parsed.hints.first() {
        Some(hint) => check(name, Status::Warn, detail, Some(hint.clone())),
        None => check(name, Status::Pass, detail, None),
    }
}

fn zoom_credential_failure(e: &zoom::Error) -> Check {
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

fn scope_check(scopes: &[String]) -> Check {
    if scopes.iter().any(|s| s.starts_with(MEETING_SCOPE)) {
        check("zoom scopes", Status::Pass, scopes.join(" "), None)
    } else {
        check(
            "zoom scopes",
            Status::Fail,
            format!("missing meeting:read:admin (granted: {})", if scopes.is_empty() { "none".into() } else { scopes.join(" ") }),
            Some("Add the scope meeting:read:admin to the Server-to-Server OAuth app and activate it again.".into()),
        )
    }
}

fn skew_check(server: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Check {
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
                    Some("Turn on network time (timedatectl set-ntp true).".into()),
                )
            }
        }
    }
}

fn url_handler() -> Check {
    if !cfg!(target_os = "linux") {
        return check(
            "zoommtg handler",
            Status::Warn,
            "not checked on this platform",
            None,
        );
    }
    match crate::handlers::handler_for("zoommtg") {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_whose_events_carry_no_text_gets_the_likely_cause() {
        let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\nSUMMARY:Busy\nDTSTART:20261122T100000Z\nDTEND:20261122T110000Z\nEND:VEVENT\nEND:VCALENDAR\n";
        let day: (DateTime<Utc>, DateTime<Utc>) = (
            "2026-11-22T00:00:00Z".parse().unwrap(),
            "2026-11-23T00:00:00Z".parse().unwrap(),
        );
        let parsed = crate::ics::parse_calendar(text, chrono_tz::UTC, "room", day).unwrap();
        let c = calendar_check("calendar room".into(), parsed, day);
        assert_eq!(
            (c.status, c.detail.as_str()),
            (Status::Warn, "1 events today and tomorrow")
        );
        assert!(c.fix.unwrap().contains("free/busy only"));
        let with_text = text.replace("SUMMARY:Busy", "SUMMARY:Busy\nLOCATION:Aurora");
        let parsed = crate::ics::parse_calendar(&with_text, chrono_tz::UTC, "room", day).unwrap();
        assert_eq!(
            calendar_check("calendar room".into(), parsed, day).status,
            Status::Pass
        );
    }

    #[test]
    fn scope_and_clock_checks() {
        assert_eq!(
            scope_check(&["meeting:read:admin".into()]).status,
            Status::Pass
        );
        assert_eq!(
            scope_check(&["meeting:read:meeting:admin".into()]).status,
            Status::Pass
        );
        let missing = scope_check(&["user:read:admin".into()]);
        assert_eq!(missing.status, Status::Fail);
        assert!(missing.detail.contains("missing meeting:read:admin"));
        let now: DateTime<Utc> = "2026-11-22T10:00:00Z".parse().unwrap();
        assert_eq!(
            skew_check(Some(now - chrono::Duration::seconds(30)), now).status,
            Status::Pass
        );
        assert_eq!(
            skew_check(Some(now - chrono::Duration::seconds(90)), now).status,
            Status::Fail
        );
        assert_eq!(skew_check(None, now).status, Status::Warn);
    }
}
