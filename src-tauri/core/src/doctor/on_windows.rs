//! The doctor's Windows checks: whether `zoommtg:` links reach the Zoom
//! client, whether Roomstart starts at logon, and whether the default
//! browser lets Zoom's page hand over to the client without asking. Each is a
//! pure function of what was read (registry values, the task's XML), and a
//! thin reader that takes the keys or folder to read, so the tests (under
//! Wine, scripts/test-windows.sh) point it at keys of their own.
//!
//! - A URL scheme is registered in `Software\Classes\<scheme>` of HKCU or
//!   HKLM (HKCR merges the two, the user's first), with a `URL Protocol`
//!   value and a `shell\open\command`.
//! - The logon task is `Roomstart` at the root of Task Scheduler, as
//!   packaging/windows/autostart.ps1 registers it; its definition is the XML
//!   file of that name in `System32\Tasks`.
//! - Chrome and Edge read the dictionary policy `AutoLaunchProtocolsFromOrigins`
//!   as a JSON string value under `Software\Policies\Google\Chrome` and
//!   `Software\Policies\Microsoft\Edge`; HKLM wins over HKCU. The default
//!   browser for https is the `ProgId` of the account's `UserChoice`.

use std::path::{Path, PathBuf};

use windows_registry::{Key, CURRENT_USER, LOCAL_MACHINE};

use super::browser::allows_zoom;
use super::{check, Check, Status};

pub(super) const SCHEME: &str = "zoommtg";
pub(super) const TASK: &str = "Roomstart";
const POLICY: &str = "AutoLaunchProtocolsFromOrigins";
const USER_CHOICE: &str =
    r"Software\Microsoft\Windows\Shell\Associations\UrlAssociations\https\UserChoice";

/// A scheme's key as read from one hive's `Software\Classes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SchemeKey {
    /// Where it was found, as a person would type it (`HKCU\Software\Classes\zoommtg`).
    pub(super) place: String,
    /// The `URL Protocol` value, which makes Windows treat the key as a link handler.
    pub(super) url_protocol: bool,
    /// `shell\open\command`'s default value.
    pub(super) command: Option<String>,
}

/// `user` and `machine` are the scheme's keys in HKCU's and HKLM's classes, if present.
pub(super) fn url_handler_check(user: Option<SchemeKey>, machine: Option<SchemeKey>) -> Check {
    const NAME: &str = "zoommtg handler";
    let install = "Install the Zoom client (Zoom Workplace) for the room account, or for every account with Zoom's MSI; it registers zoommtg: links.";
    let Some(key) = user.or(machine) else {
        return check(
            NAME,
            Status::Fail,
            "no application handles zoommtg: links (neither HKCU nor HKLM\\Software\\Classes has zoommtg); Start and Join would open a browser page",
            Some(install.into()),
        );
    };
    match (key.url_protocol, key.command.as_deref().map(str::trim)) {
        (true, Some(command)) if !command.is_empty() => check(
            NAME,
            Status::Pass,
            format!(
                "{} opens zoommtg: links with {command}; Join opens the Zoom client directly",
                key.place
            ),
            None,
        ),
        (false, _) => check(
            NAME,
            Status::Fail,
            format!(
                "{} has no \"URL Protocol\" value, so Windows does not open zoommtg: links with it",
                key.place
            ),
            Some(format!("Reinstall the Zoom client. {install}")),
        ),
        _ => check(
            NAME,
            Status::Fail,
            format!(
                "{} names no program (its shell\\open\\command is missing or empty)",
                key.place
            ),
            Some(format!("Reinstall the Zoom client. {install}")),
        ),
    }
}

/// The scheme's key under `classes` (a hive's `Software\Classes`), if any.
pub(super) fn scheme_key(classes: &Key, hive: &str, scheme: &str) -> Option<SchemeKey> {
    let key = classes.open(scheme).ok()?;
    let command = key
        .open(r"shell\open\command")
        .ok()
        .and_then(|c| c.get_hstring("").ok())
        .map(|c| c.to_string_lossy());
    Some(SchemeKey {
        place: format!(r"{hive}\Software\Classes\{scheme}"),
        url_protocol: key.get_value("URL Protocol").is_ok(),
        command,
    })
}

/// `user_classes` and `machine_classes` are HKCU's and HKLM's `Software\Classes`.
pub(super) fn url_handler(user_classes: Option<&Key>, machine_classes: Option<&Key>) -> Check {
    url_handler_check(
        user_classes.and_then(|k| scheme_key(k, "HKCU", SCHEME)),
        machine_classes.and_then(|k| scheme_key(k, "HKLM", SCHEME)),
    )
}

pub(super) fn url_handler_here() -> Check {
    let user = CURRENT_USER.open(r"Software\Classes").ok();
    let machine = LOCAL_MACHINE.open(r"Software\Classes").ok();
    url_handler(user.as_ref(), machine.as_ref())
}

/// The logon task's check, from its definition: `Ok(None)` when there is no
/// task, `Err` when it could not be read.
pub(super) fn logon_task_check(place: &Path, task: Result<Option<String>, String>) -> Check {
    const NAME: &str = "autostart";
    let register = "As an administrator, run packaging\\windows\\autostart.ps1 -User <the room account>, which registers it.";
    let xml = match task {
        Ok(Some(xml)) => xml,
        Ok(None) => {
            return check(
                NAME,
                Status::Warn,
                format!(
                "no logon task {TASK} ({} does not exist), so Roomstart does not start at logon",
                place.display()
            ),
                Some(register.into()),
            )
        }
        Err(why) => {
            return check(
                NAME,
                Status::Warn,
                format!("cannot read the logon task {TASK}: {why}"),
                Some(format!(
                "Run the doctor as an administrator, or look with `schtasks /query /tn {TASK} /v`."
            )),
            )
        }
    };
    let mut problems = Vec::new();
    let mut fixes = Vec::new();
    let settings = element(&xml, "Settings").unwrap_or_default();
    if element(settings, "Enabled").is_some_and(|e| e.trim() == "false") {
        problems.push(format!("the task {TASK} is disabled"));
        fixes.push(format!("Run `schtasks /change /tn {TASK} /enable`."));
    }
    let logon = element(&xml, "LogonTrigger");
    match logon {
        None => {
            problems.push(format!("the task {TASK} has no logon trigger"));
            fixes.push(register.to_string());
        }
        Some(trigger) if element(trigger, "Enabled").is_some_and(|e| e.trim() == "false") => {
            problems.push(format!("the task {TASK}'s logon trigger is disabled"));
            fixes.push(register.to_string());
        }
        Some(_) => {}
    }
    let command = element(&xml, "Exec")
        .and_then(|exec| element(exec, "Command"))
        .map(|c| c.trim().trim_matches('"').to_string())
        .unwrap_or_default();
    let runs_roomstart = Path::new(&command.replace('\\', "/"))
        .file_name()
        .is_some_and(|f| f.eq_ignore_ascii_case("roomstart.exe"));
    if !runs_roomstart {
        problems.push(format!(
            "the task {TASK} runs {}, not roomstart.exe",
            if command.is_empty() {
                "nothing"
            } else {
                &command
            }
        ));
        fixes.push(register.to_string());
    }
    if element(settings, "RestartOnFailure").is_none() {
        problems.push(format!(
            "the task {TASK} is not restarted when Roomstart fails"
        ));
        fixes.push(register.to_string());
    }
    if problems.is_empty() {
        let user = logon
            .and_then(|t| element(t, "UserId"))
            .map_or(String::new(), |u| format!(" of {}", u.trim()));
        return check(
            NAME,
            Status::Pass,
            format!("the task {TASK} starts {command} at logon{user}, and again after a failure"),
            None,
        );
    }
    fixes.dedup();
    check(
        NAME,
        Status::Warn,
        problems.join("; "),
        Some(fixes.join(" ")),
    )
}

/// The task's definition in `tasks` (Task Scheduler's `System32\Tasks`):
/// UTF-16 with a byte order mark, as Windows writes it, or UTF-8.
pub(super) fn logon_task(tasks: &Path) -> Check {
    let place = tasks.join(TASK);
    let read = match std::fs::read(&place) {
        Ok(bytes) => Ok(Some(decode(&bytes))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e.to_string()),
    };
    logon_task_check(&place, read)
}

pub(super) fn logon_task_here() -> Check {
    let system =
        crate::paths::system_folder().unwrap_or_else(|| PathBuf::from(r"C:\Windows\System32"));
    logon_task(&system.join("Tasks"))
}

fn decode(bytes: &[u8]) -> String {
    match bytes {
        [0xFF, 0xFE, rest @ ..] => {
            let units: Vec<u16> = rest
                .chunks_exact(2)
                .map(|p| u16::from_le_bytes([p[0], p[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        [0xEF, 0xBB, 0xBF, rest @ ..] => String::from_utf8_lossy(rest).into_owned(),
        _ => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// The text inside the first `<tag>`…`</tag>` of `xml` (`""` for `<tag/>`).
/// Task Scheduler writes plain elements; this is no general XML reader.
pub(super) fn element<'a>(xml: &'a str, tag: &str) -> Option<&'a str> {
    let open = format!("<{tag}");
    let mut from = 0;
    while let Some(at) = xml[from..].find(&open) {
        let start = from + at + open.len();
        let rest = &xml[start..];
        match rest.chars().next() {
            Some('>') => {
                let body = &rest[1..];
                return body.find(&format!("</{tag}>")).map(|end| &body[..end]);
            }
            Some(c) if c == '/' || c.is_whitespace() => {
                let close = rest.find('>')?;
                if rest[..close].ends_with('/') {
                    return Some("");
                }
                let body = &rest[close + 1..];
                return body.find(&format!("</{tag}>")).map(|end| &body[..end]);
            }
            _ => from = start,
        }
    }
    None
}

/// The browsers whose Windows policy the doctor reads, by the `ProgId` that
/// opens https links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Browser {
    Chrome,
    Edge,
}

impl Browser {
    pub(super) fn from_prog_id(prog_id: &str) -> Option<Browser> {
        match prog_id.trim() {
            "ChromeHTML" => Some(Browser::Chrome),
            "MSEdgeHTM" => Some(Browser::Edge),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Browser::Chrome => "Google Chrome",
            Browser::Edge => "Microsoft Edge",
        }
    }

    /// The policy key, the same path in HKLM and HKCU.
    pub(super) fn policy_key(self) -> &'static str {
        match self {
            Browser::Chrome => r"Software\Policies\Google\Chrome",
            Browser::Edge => r"Software\Policies\Microsoft\Edge",
        }
    }

    fn policy_page(self) -> &'static str {
        match self {
            Browser::Chrome => "chrome://policy",
            Browser::Edge => "edge://policy",
        }
    }
}

/// The browser check from what was read: the https `ProgId`, and the
/// policy's value in HKLM and HKCU (for that browser).
pub(super) fn browser_check(
    prog_id: Option<&str>,
    machine_policy: Option<&str>,
    user_policy: Option<&str>,
    domain: &str,
) -> Check {
    const NAME: &str = "browser";
    let Some(prog_id) = prog_id else {
        return check(
            NAME,
            Status::Warn,
            "cannot tell which browser opens https links: this account has no default browser chosen",
            Some("Choose the room account's browser (Settings, Apps, Default apps), Edge or Chrome, then run the doctor again.".into()),
        );
    };
    let Some(browser) = Browser::from_prog_id(prog_id) else {
        return check(
            NAME,
            Status::Warn,
            format!("https links open in {prog_id}, whose policy the doctor does not read (it reads Edge's and Chrome's), so Start may ask before opening Zoom"),
            Some("Make Edge or Chrome the room account's browser, with the AutoLaunchProtocolsFromOrigins policy as README says.".into()),
        );
    };
    let name = browser.name();
    let opens = format!("https links open in {name} ({prog_id})");
    let asks = format!("so {name} asks before opening Zoom on Start (one more tap)");
    let value =
        format!("[{{\"protocol\": \"zoommtg\", \"allowed_origins\": [\"https://{domain}\"]}}]");
    let set_it = |hive: &str| {
        format!(
            "Set {hive}\\{}\\{POLICY} (a string) to {value}, by Group Policy or `reg add`, then check {}.",
            browser.policy_key(),
            browser.policy_page()
        )
    };
    let (place, text) = match (machine_policy, user_policy) {
        (Some(text), _) => (format!("HKLM\\{}\\{POLICY}", browser.policy_key()), text),
        (None, Some(text)) => (format!("HKCU\\{}\\{POLICY}", browser.policy_key()), text),
        (None, None) => {
            return check(
                NAME,
                Status::Warn,
                format!(
                    "{opens}; neither HKLM nor HKCU\\{} sets {POLICY}, {asks}",
                    browser.policy_key()
                ),
                Some(set_it("HKLM")),
            )
        }
    };
    let json: serde_json::Value = match serde_json::from_str(text) {
        Ok(json) => json,
        Err(e) => {
            return check(
                NAME,
                Status::Warn,
                format!("{opens}; {place} is not JSON {name} can read: {e}"),
                Some(set_it(&place[..4])),
            )
        }
    };
    if allows_zoom(&json, domain) {
        check(
            NAME,
            Status::Pass,
            format!("{opens}; {place} lets https://{domain} and its subdomains open zoommtg: without asking"),
            None,
        )
    } else {
        check(
            NAME,
            Status::Warn,
            format!("{opens}; {place} lacks an entry for zoommtg allowing https://{domain}, {asks}"),
            Some(format!(
                "Add {{\"protocol\": \"zoommtg\", \"allowed_origins\": [\"https://{domain}\"]}} to {place}, then check {}.",
                browser.policy_page()
            )),
        )
    }
}

/// `user` and `machine` are the roots to read from: HKCU and HKLM, or a test's keys.
pub(super) fn browser(user: &Key, machine: &Key, domain: &str) -> Check {
    let prog_id = user
        .open(USER_CHOICE)
        .and_then(|k| k.get_hstring("ProgId"))
        .ok()
        .map(|p| p.to_string_lossy());
    let policy = |root: &Key| -> Option<String> {
        let browser = Browser::from_prog_id(prog_id.as_deref()?)?;
        let key = root.open(browser.policy_key()).ok()?;
        key.get_hstring(POLICY).ok().map(|v| v.to_string_lossy())
    };
    browser_check(
        prog_id.as_deref(),
        policy(machine).as_deref(),
        policy(user).as_deref(),
        domain,
    )
}

pub(super) fn browser_here(domain: &str) -> Check {
    browser(CURRENT_USER, LOCAL_MACHINE, domain)
}
