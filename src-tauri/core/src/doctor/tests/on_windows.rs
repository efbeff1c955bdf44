//! The doctor's Windows checks: the pure functions on what was read, and the
//! readers against registry keys and task files of the test's own (under
//! Wine on the Windows lane, scripts/test-windows.sh).

use windows_registry::{Key, CURRENT_USER};

use crate::doctor::on_windows::*;
use crate::doctor::Status;

/// The policy value as the roomstart.json the Linux package ships sets it.
fn shipped_policy() -> String {
    let shipped: serde_json::Value = serde_json::from_str(include_str!(
        "../../../../../packaging/linux/browser-policies/roomstart.json"
    ))
    .unwrap();
    shipped["AutoLaunchProtocolsFromOrigins"].to_string()
}

fn scheme_key(url_protocol: bool, command: Option<&str>) -> SchemeKey {
    SchemeKey {
        place: r"HKCU\Software\Classes\zoommtg".into(),
        url_protocol,
        command: command.map(str::to_string),
    }
}

#[test]
fn a_zoommtg_handler_needs_the_url_protocol_value_and_a_command() {
    let zoom = r#""C:\Users\room\AppData\Roaming\Zoom\bin\Zoom.exe" "--url=%1""#;
    let c = url_handler_check(Some(scheme_key(true, Some(zoom))), None);
    assert_eq!(c.status, Status::Pass, "{c:?}");
    assert!(c.detail.contains(zoom), "{}", c.detail);
    let c = url_handler_check(None, None);
    assert_eq!(c.status, Status::Fail);
    assert!(c
        .detail
        .starts_with("no application handles zoommtg: links"));
    assert!(c.fix.unwrap().contains("Zoom"));
    let c = url_handler_check(Some(scheme_key(false, Some(zoom))), None);
    assert_eq!(c.status, Status::Fail);
    assert!(
        c.detail.contains("no \"URL Protocol\" value"),
        "{}",
        c.detail
    );
    let c = url_handler_check(Some(scheme_key(true, Some("  "))), None);
    assert_eq!(c.status, Status::Fail);
    assert!(c.detail.contains("names no program"), "{}", c.detail);
    // The user's registration is the one Windows uses (HKCR merges, HKCU first).
    let machine = SchemeKey {
        place: r"HKLM\Software\Classes\zoommtg".into(),
        ..scheme_key(true, Some("C:\\Program Files\\Zoom\\bin\\Zoom.exe"))
    };
    let c = url_handler_check(Some(scheme_key(false, None)), Some(machine.clone()));
    assert_eq!(c.status, Status::Fail);
    let c = url_handler_check(None, Some(machine));
    assert_eq!(c.status, Status::Pass);
    assert!(c.detail.starts_with(r"HKLM\Software\Classes\zoommtg opens"));
}

/// Keys of this test run's own under HKCU, standing in for two hives; removed on drop.
struct Hives {
    path: String,
    user: Key,
    machine: Key,
}

impl Hives {
    fn new(name: &str) -> Hives {
        let path = format!(r"Software\Roomstart-tests\{}-{name}", std::process::id());
        let _ = CURRENT_USER.remove_tree(&path);
        Hives {
            user: CURRENT_USER.create(format!(r"{path}\user")).unwrap(),
            machine: CURRENT_USER.create(format!(r"{path}\machine")).unwrap(),
            path,
        }
    }
}

impl Drop for Hives {
    fn drop(&mut self) {
        let _ = CURRENT_USER.remove_tree(&self.path);
    }
}

#[test]
fn the_handler_is_read_from_either_hives_classes() {
    let hives = Hives::new("classes");
    let c = url_handler(Some(&hives.user), Some(&hives.machine));
    assert_eq!(c.status, Status::Fail, "{c:?}");

    let key = hives.machine.create("zoommtg").unwrap();
    key.set_string("", "URL:Zoom Launcher").unwrap();
    key.set_string("URL Protocol", "").unwrap();
    key.create(r"shell\open\command")
        .unwrap()
        .set_string("", r#""C:\Program Files\Zoom\bin\Zoom.exe" "--url=%1""#)
        .unwrap();
    let c = url_handler(Some(&hives.user), Some(&hives.machine));
    assert_eq!(c.status, Status::Pass, "{c:?}");
    assert!(c.detail.starts_with(r#"HKLM\Software\Classes\zoommtg opens zoommtg: links with "C:\Program Files\Zoom\bin\Zoom.exe""#), "{}", c.detail);

    // A user's key without "URL Protocol" hides the machine's.
    hives
        .user
        .create("zoommtg")
        .unwrap()
        .set_string("", "broken")
        .unwrap();
    let c = url_handler(Some(&hives.user), Some(&hives.machine));
    assert_eq!(c.status, Status::Fail, "{c:?}");
    assert!(
        c.detail
            .starts_with(r"HKCU\Software\Classes\zoommtg has no"),
        "{}",
        c.detail
    );
}

/// The task as packaging/windows/autostart.ps1 registers it, as Task Scheduler writes it.
const TASK_XML: &str = r#"<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo>
    <URI>\Roomstart</URI>
  </RegistrationInfo>
  <Triggers>
    <LogonTrigger>
      <Enabled>true</Enabled>
      <UserId>ROOMPC\room</UserId>
    </LogonTrigger>
  </Triggers>
  <Principals>
    <Principal id="Author">
      <UserId>S-1-5-21-1-2-3-1001</UserId>
      <LogonType>InteractiveToken</LogonType>
      <RunLevel>LeastPrivilege</RunLevel>
    </Principal>
  </Principals>
  <Settings>
    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>
    <IdleSettings>
      <StopOnIdleEnd>true</StopOnIdleEnd>
      <RestartOnIdle>false</RestartOnIdle>
    </IdleSettings>
    <Enabled>true</Enabled>
    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>
    <RestartOnFailure>
      <Interval>PT1M</Interval>
      <Count>999</Count>
    </RestartOnFailure>
  </Settings>
  <Actions Context="Author">
    <Exec>
      <Command>"C:\Program Files\Roomstart\roomstart.exe"</Command>
    </Exec>
  </Actions>
</Task>"#;

fn task(xml: &str) -> crate::doctor::Check {
    logon_task_check(
        std::path::Path::new(r"C:\Windows\System32\Tasks\Roomstart"),
        Ok(Some(xml.into())),
    )
}

#[test]
fn the_logon_task_starts_roomstart_at_logon_and_after_a_failure() {
    let c = task(TASK_XML);
    assert_eq!(c.status, Status::Pass, "{c:?}");
    assert_eq!(
        c.detail,
        r"the task Roomstart starts C:\Program Files\Roomstart\roomstart.exe at logon of ROOMPC\room, and again after a failure"
    );
    let check = |from: &str, to: &str, expected: &str| {
        assert!(TASK_XML.contains(from), "{from}");
        let c = task(&TASK_XML.replacen(from, to, 1));
        assert_eq!(c.status, Status::Warn, "{c:?}");
        assert_eq!(c.detail, expected);
        assert!(c.fix.is_some());
    };
    check(
        "<Enabled>true</Enabled>\n    <ExecutionTimeLimit>",
        "<Enabled>false</Enabled>\n    <ExecutionTimeLimit>",
        "the task Roomstart is disabled",
    );
    check(
        "<Enabled>true</Enabled>\n      <UserId>",
        "<Enabled>false</Enabled>\n      <UserId>",
        "the task Roomstart's logon trigger is disabled",
    );
    check(
        "LogonTrigger>",
        "BootTrigger>",
        "the task Roomstart has no logon trigger",
    );
    check(
        r"C:\Program Files\Roomstart\roomstart.exe",
        r"C:\Windows\notepad.exe",
        r"the task Roomstart runs C:\Windows\notepad.exe, not roomstart.exe",
    );
    check(
        "<RestartOnFailure>",
        "<Other>",
        "the task Roomstart is not restarted when Roomstart fails",
    );
    // Wine's Task Scheduler keeps neither triggers nor actions: several problems, one line.
    let c = task("<Task><Triggers/><Settings><Enabled>true</Enabled></Settings><Actions><Exec/></Actions></Task>");
    assert_eq!(c.status, Status::Warn);
    assert_eq!(c.detail, "the task Roomstart has no logon trigger; the task Roomstart runs nothing, not roomstart.exe; the task Roomstart is not restarted when Roomstart fails");
}

#[test]
fn the_task_file_is_read_as_windows_writes_it() {
    let dir = tempfile::tempdir().unwrap();
    let c = logon_task(dir.path());
    assert_eq!(c.status, Status::Warn);
    assert!(
        c.detail.starts_with("no logon task Roomstart ("),
        "{}",
        c.detail
    );
    // UTF-16 little-endian with a byte order mark.
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(TASK_XML.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(dir.path().join("Roomstart"), &bytes).unwrap();
    assert_eq!(logon_task(dir.path()).status, Status::Pass);
    // UTF-8 with a byte order mark.
    std::fs::write(dir.path().join("Roomstart"), format!("\u{FEFF}{TASK_XML}")).unwrap();
    assert_eq!(logon_task(dir.path()).status, Status::Pass);
}

#[test]
fn elements_are_found_by_whole_name() {
    let xml = "<a><Enabled2>x</Enabled2><Enabled attr=\"1\">yes</Enabled><Empty/></a>";
    assert_eq!(element(xml, "Enabled"), Some("yes"));
    assert_eq!(element(xml, "Enabled2"), Some("x"));
    assert_eq!(element(xml, "Empty"), Some(""));
    assert_eq!(element(xml, "Missing"), None);
    assert_eq!(element("<Open>never closed", "Open"), None);
}

#[test]
fn edge_and_chrome_policy_in_hklm_or_hkcu() {
    let shipped = shipped_policy();
    let c = browser_check(Some("MSEdgeHTM"), Some(&shipped), None, "zoom.us");
    assert_eq!(c.status, Status::Pass, "{c:?}");
    assert_eq!(
        c.detail,
        r"https links open in Microsoft Edge (MSEdgeHTM); HKLM\Software\Policies\Microsoft\Edge\AutoLaunchProtocolsFromOrigins lets https://zoom.us and its subdomains open zoommtg: without asking"
    );
    let c = browser_check(Some("ChromeHTML"), None, Some(&shipped), "zoomgov.com");
    assert_eq!(c.status, Status::Pass, "{c:?}");
    assert!(c.detail.contains(r"HKCU\Software\Policies\Google\Chrome\AutoLaunchProtocolsFromOrigins lets https://zoomgov.com"), "{}", c.detail);

    // Machine policy wins over the user's, even when it lacks the entry.
    let other = r#"[{"protocol": "msteams", "allowed_origins": ["https://teams.microsoft.com"]}]"#;
    let c = browser_check(Some("ChromeHTML"), Some(other), Some(&shipped), "zoom.us");
    assert_eq!(c.status, Status::Warn);
    assert!(c.detail.contains(r"HKLM\Software\Policies\Google\Chrome\AutoLaunchProtocolsFromOrigins lacks an entry for zoommtg"), "{}", c.detail);
    assert!(c.fix.unwrap().contains("chrome://policy"));
    // A pattern with a leading dot does not cover subdomains (us06web.zoom.us).
    let exact = r#"[{"protocol": "zoommtg", "allowed_origins": [".zoom.us"]}]"#;
    assert_eq!(
        browser_check(Some("MSEdgeHTM"), Some(exact), None, "zoom.us").status,
        Status::Warn
    );

    let c = browser_check(Some("MSEdgeHTM"), None, None, "zoom.us");
    assert_eq!(c.status, Status::Warn);
    assert!(c.detail.contains("neither HKLM nor HKCU"), "{}", c.detail);
    assert!(c.fix.unwrap().starts_with(
        r"Set HKLM\Software\Policies\Microsoft\Edge\AutoLaunchProtocolsFromOrigins (a string) to "
    ));
    let c = browser_check(Some("MSEdgeHTM"), Some("zoommtg"), None, "zoom.us");
    assert_eq!(c.status, Status::Warn);
    assert!(
        c.detail.contains("is not JSON Microsoft Edge can read"),
        "{}",
        c.detail
    );
    let c = browser_check(Some("FirefoxURL-308046B0AF4A39CB"), None, None, "zoom.us");
    assert_eq!(c.status, Status::Warn);
    assert!(c.detail.starts_with(
        "https links open in FirefoxURL-308046B0AF4A39CB, whose policy the doctor does not read"
    ));
    let c = browser_check(None, None, None, "zoom.us");
    assert_eq!(c.status, Status::Warn);
    assert!(c
        .detail
        .starts_with("cannot tell which browser opens https links"));
}

#[test]
fn the_browser_and_its_policy_are_read_from_the_registry() {
    let hives = Hives::new("browser");
    let c = browser(&hives.user, &hives.machine, "zoom.us");
    assert!(c.detail.starts_with("cannot tell which browser"), "{c:?}");
    hives
        .user
        .create(r"Software\Microsoft\Windows\Shell\Associations\UrlAssociations\https\UserChoice")
        .unwrap()
        .set_string("ProgId", "ChromeHTML")
        .unwrap();
    let c = browser(&hives.user, &hives.machine, "zoom.us");
    assert!(c.detail.contains("neither HKLM nor HKCU"), "{c:?}");
    hives
        .machine
        .create(r"Software\Policies\Google\Chrome")
        .unwrap()
        .set_string("AutoLaunchProtocolsFromOrigins", shipped_policy())
        .unwrap();
    let c = browser(&hives.user, &hives.machine, "zoom.us");
    assert_eq!(c.status, Status::Pass, "{c:?}");
    // Edge's policy is not Chrome's.
    hives
        .user
        .create(r"Software\Microsoft\Windows\Shell\Associations\UrlAssociations\https\UserChoice")
        .unwrap()
        .set_string("ProgId", "MSEdgeHTM")
        .unwrap();
    assert_eq!(
        browser(&hives.user, &hives.machine, "zoom.us").status,
        Status::Warn
    );
}

/// Fixes on Windows name Windows' tools, not printf, timedatectl or gnome-keyring.
#[test]
fn fixes_speak_windows() {
    use crate::setup::keystore;
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-23T09:00:00Z")
        .unwrap()
        .to_utc();
    let c = crate::doctor::checks::skew_check(Some(now - chrono::Duration::minutes(5)), now);
    assert_eq!(c.status, Status::Fail);
    assert!(c.fix.unwrap().contains("w32tm /resync"));
    assert_eq!(
        keystore::set_command("zoom.client_secret", "VALUE"),
        "roomstart secrets set zoom.client_secret, then type the value at its hidden prompt"
    );
    assert_eq!(
        keystore::set_command("google.service_account", "VALUE"),
        "roomstart secrets set google.service_account < key.json (in cmd)"
    );
}
