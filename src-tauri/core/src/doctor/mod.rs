//! `roomstart doctor`: every check IT needs to trust a room, each with the fix
//! in words. The report carries no secret, so it may go to fleet monitoring.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::calendar::Reading;
use crate::setup::config::{self, Cloud, Config, ConfigFiles};
use crate::setup::keystore;

// Linux's checks (and macOS's "not checked here"); Windows has its own, in
// on_windows.rs, and compiles these for their tests only.
#[cfg_attr(windows, allow(dead_code))]
mod autostart;
#[cfg_attr(windows, allow(dead_code))]
mod browser;
mod checks;
mod create_scopes;
#[cfg(windows)]
mod on_windows;
mod proc_mounts;
#[cfg_attr(windows, allow(dead_code))]
mod xdg;
use checks::{calendar_check, scope_check, skew_check, zoom_credential_failure};
pub use create_scopes::{can_create_meetings, CREATE_MEETING_SCOPES};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    /// Worth knowing, but the room works.
    Warn,
    Fail,
}

impl Status {
    /// As `--json` writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Warn => "warn",
            Status::Fail => "fail",
        }
    }
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
/// Either grants Get a meeting, which every Start needs.
const GET_MEETING_SCOPES: [&str; 2] = ["meeting:read:meeting:admin", "meeting:read:admin"];

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

/// A check that only Linux and Windows have yet: the room works, the doctor cannot tell.
#[cfg_attr(windows, allow(dead_code))]
fn not_checked_here(name: &str) -> Check {
    check(name, Status::Warn, "not checked on this platform", None)
}

pub async fn run(files: &ConfigFiles, now: DateTime<Utc>) -> Report {
    let (mut checks, config, secrets_ok) = local_checks(files).await;
    let room = config.as_ref().map(|c| c.room.name.clone());
    if let (Some(config), true) = (config, secrets_ok) {
        service_checks(&config, now, &mut checks).await;
    }
    report(room, checks)
}

/// The checks that ask nothing of the network (the files, this computer, the
/// keyring): cheap enough for the metrics to run every few minutes.
pub async fn local(files: &ConfigFiles) -> Report {
    let (checks, config, _) = local_checks(files).await;
    report(config.map(|c| c.room.name), checks)
}

fn report(room: Option<String>, checks: Vec<Check>) -> Report {
    Report {
        ok: checks.iter().all(|c| c.status != Status::Fail),
        room,
        checks,
    }
}

/// The local checks, the configuration they read, and whether every secret is set.
async fn local_checks(files: &ConfigFiles) -> (Vec<Check>, Option<Config>, bool) {
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
    let cloud = config
        .as_ref()
        .and_then(|c| c.zoom.as_ref())
        .map_or(Cloud::default(), |z| z.cloud);
    checks.extend(this_computer(cloud));
    if cfg!(target_os = "linux") {
        checks.push(proc_mounts::this_computer());
    }
    checks.push(check(
        "zoom client signed out",
        Status::Warn,
        "not verifiable automatically",
        Some("Keep the Zoom client on this computer signed out: a signed-in client takes over a start whose credential failed.".into()),
    ));
    let mut secrets_ok = false;
    if let Some(config) = &config {
        checks.push(checks::updates(&config.updates));
        secrets_ok = secret_checks(config, &mut checks).await;
    }
    (checks, config, secrets_ok)
}

/// How links reach the Zoom client, whether Roomstart starts at login, and
/// whether the browser hands Zoom's page over without asking.
#[cfg(not(windows))]
fn this_computer(cloud: Cloud) -> [Check; 3] {
    [
        checks::url_handler(),
        autostart::this_account(),
        browser::this_account(cloud),
    ]
}

#[cfg(windows)]
fn this_computer(cloud: Cloud) -> [Check; 3] {
    [
        on_windows::url_handler_here(),
        on_windows::logon_task_here(),
        on_windows::browser_here(browser::zoom_domain(cloud)),
    ]
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
            Ok(Some(value)) => secret_rows.push(match keystore::is_feed(&name) {
                true => match crate::setup::endpoints::check_feed(value.expose()) {
                    Ok(()) => check(format!("secret {name}"), Status::Pass, "set, https", None),
                    Err(why) => check(
                        format!("secret {name}"),
                        Status::Fail,
                        why,
                        Some(keystore::set_command(&name, "HTTPS_ADDRESS")),
                    ),
                },
                false => check(format!("secret {name}"), Status::Pass, "set", None),
            }),
            Ok(None) => {
                all_set = false;
                secret_rows.push(check(
                    format!("secret {name}"),
                    Status::Fail,
                    "not set",
                    Some(keystore::set_command(&name, "VALUE")),
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
            Some(if cfg!(windows) {
                "Run Roomstart, and this doctor, as the room account, signed in: the secrets are in its Windows Credential Manager.".into()
            } else {
                "Install and start a Secret Service (gnome-keyring) in the room account's session.".into()
            }),
        ),
    });
    checks.extend(secret_rows);
    all_set
}

/// `host_users = ["*"]` trusts the invite's organizer, which only Google
/// and Graph vouch for: on an ICS feed anyone can write it.
fn everyone_check(sources: &[crate::calendar::CalendarSource]) -> Check {
    use crate::calendar::CalendarSource;
    let unvouched: Vec<&str> = sources
        .iter()
        .filter(|s| !matches!(s, CalendarSource::Google(_) | CalendarSource::Graph(_)))
        .map(|s| s.name())
        .collect();
    match unvouched.as_slice() {
        [] => check(
            "zoom host *",
            Status::Pass,
            "any user of the account, when the calendar's organizer is the meeting's host",
            None,
        ),
        names => check(
            "zoom host *",
            Status::Warn,
            format!(
                "calendar {} cannot vouch for who sent an invite (an ICS organizer is whatever the sender wrote), so its events are join-only",
                names.join(", ")
            ),
            Some("Name the hosts in zoom.host_users, or read the room through Google or Graph.".into()),
        ),
    }
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
                if let Some(user) = &account.room_user {
                    checks.push(meet_now_check(user, &granted.scopes));
                }
                checks.push(skew_check(granted.server_time, now));
                for user in &account.host_users {
                    if user == "*" {
                        checks.push(everyone_check(&setup.sources));
                        continue;
                    }
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
    let (from, to) = crate::room::agenda::today_and_tomorrow(now, setup.zone);
    for source in &setup.sources {
        checks.push(calendar_source_check(&http, source, setup.zone, (from, to)).await);
        if config.booking.writes() {
            checks.push(booking_check(&http.api, source).await);
        }
    }
}

/// Meet now creates meetings for `[zoom] room_user`: the app needs a write scope.
fn meet_now_check(user: &str, scopes: &[String]) -> Check {
    let name = format!("zoom meet now {user}");
    if can_create_meetings(&scopes.join(" ")) {
        return check(name, Status::Pass, "the app may create meetings", None);
    }
    check(
        name,
        Status::Fail,
        format!("the app may not create meetings (needs one of {})", CREATE_MEETING_SCOPES.join(", ")),
        Some(
            "Add the scope meeting:write:meeting:admin to the Server-to-Server OAuth app and activate it again, \
             or remove zoom.room_user."
                .into(),
        ),
    )
}

/// Whether the room may write this calendar, found without writing: the
/// buttons and releases `[booking]` turns on need it.
async fn booking_check(http: &reqwest::Client, source: &crate::calendar::CalendarSource) -> Check {
    use crate::calendar::write::WriteAccess;
    let name = format!("booking {}", source.name());
    match source.write_access(http).await {
        Ok(WriteAccess::CanWrite) => check(name, Status::Pass, "the room may write this calendar", None),
        // A feed is read-only by nature: the room works, without the booking buttons.
        Ok(WriteAccess::ReadOnly(why)) if !source.writable() => check(
            name,
            Status::Warn,
            why,
            Some("Book now, Extend, End early and check-in need a Google or Microsoft 365 room calendar; on a feed they are not shown.".into()),
        ),
        Ok(WriteAccess::ReadOnly(why)) => check(
            name,
            Status::Fail,
            why,
            Some(BOOKING_PERMISSIONS.into()),
        ),
        Err(e) => check(name, Status::Fail, e.to_string(), Some(BOOKING_PERMISSIONS.into())),
    }
}

/// What IT grants so the room may write its calendar (README: "The room books itself").
const BOOKING_PERMISSIONS: &str = "Google: let the service account use https://www.googleapis.com/auth/calendar.events \
     (domain-wide delegation) or share the room calendar with it as \"Make changes to events\". \
     Microsoft 365: grant the app Calendars.ReadWrite, limited to room mailboxes with RBAC for Applications.";

/// One calendar read as the screen would: its events, or what failed in words.
async fn calendar_source_check(
    http: &crate::http::HttpClients,
    source: &crate::calendar::CalendarSource,
    zone: chrono_tz::Tz,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
) -> Check {
    let name = format!("calendar {}", source.name());
    match source.fetch(http, zone, (from, to), Reading::Once).await {
        Ok(parsed) => calendar_check(name, parsed, (from, to)),
        // Throttled is not broken: the room backs off and catches up.
        Err(e) if e.problem.refusal().is_some() => check(
            name,
            Status::Warn,
            format!(
                "{} is asking this room to slow down (rate limit); the room waits and keeps its last agenda",
                source.vendor()
            ),
            Some(
                "Too many rooms read through one identity: give each room its own Google `subject`, \
                 or raise `poll_seconds` (README: For IT, how far one account goes)"
                    .into(),
            ),
        ),
        Err(e) => check(
            name,
            Status::Fail,
            e.to_string(),
            Some("Check the calendar's address or file and the network.".into()),
        ),
    }
}

#[cfg(test)]
mod tests;
