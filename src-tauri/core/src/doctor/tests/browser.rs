use super::tree;
use crate::doctor::browser::{
    browser_check, chromium_pattern_allows, defaults_in, firefox_origin_is, Browser, DefaultBrowser,
};
use crate::doctor::Status;
use crate::setup::config::Cloud;

const SHIPPED_CHROMIUM: &str =
    include_str!("../../../../../packaging/linux/browser-policies/roomstart.json");
const SHIPPED_FIREFOX: &str =
    include_str!("../../../../../packaging/linux/browser-policies/firefox-policies.json");

#[cfg(unix)]
const CHROME_DIR: &str = "etc/opt/chrome/policies/managed";
const FIREFOX_ETC: &str = "etc/firefox/policies/policies.json";
const FIREFOX_DIST: &str = "usr/lib/firefox/distribution/policies.json";

/// `expected` is a part of the detail, with `{root}` for the test's `/`.
fn check(desktop_id: &str, cloud: Cloud, files: &[(&str, &str)], status: Status, expected: &str) {
    let root = tree(files);
    let default = DefaultBrowser {
        desktop_id: desktop_id.into(),
        source: "xdg-settings".into(),
    };
    let c = browser_check(root.path(), Some(&default), cloud);
    let expected = expected.replace("{root}", &root.path().display().to_string());
    assert_eq!(c.status, status, "{desktop_id} {files:?}: {}", c.detail);
    assert!(
        c.detail.contains(&expected),
        "{}\nlacks\n{expected}",
        c.detail
    );
    assert_eq!(c.fix.is_some(), status != Status::Pass, "{:?}", c.fix);
}

// Linux paths: "/etc/xdg" is not absolute on Windows, which joins with '\'.
#[cfg(unix)]
#[test]
fn the_shipped_policies_pass_in_every_browser_they_are_installed_for() {
    let pass = |id: &str, file: &str, cloud: Cloud| {
        let shipped = if file.contains("firefox") {
            SHIPPED_FIREFOX
        } else {
            SHIPPED_CHROMIUM
        };
        check(
            id,
            cloud,
            &[(file, shipped)],
            Status::Pass,
            &format!("{{root}}/{file} lets https://"),
        );
    };
    pass(
        "google-chrome.desktop",
        "etc/opt/chrome/policies/managed/roomstart.json",
        Cloud::Zoom,
    );
    pass(
        "google-chrome.desktop",
        "etc/opt/chrome/policies/managed/roomstart.json",
        Cloud::Zoomgov,
    );
    pass(
        "chromium.desktop",
        "etc/chromium/policies/managed/roomstart.json",
        Cloud::Zoom,
    );
    pass(
        "chromium-browser.desktop",
        "etc/chromium-browser/policies/managed/roomstart.json",
        Cloud::Zoom,
    );
    pass(
        "chromium_chromium.desktop",
        "etc/chromium-browser/policies/managed/roomstart.json",
        Cloud::Zoom,
    );
    pass(
        "microsoft-edge.desktop",
        "etc/opt/edge/policies/managed/roomstart.json",
        Cloud::Zoom,
    );
    pass(
        "brave-browser.desktop",
        "etc/brave/policies/managed/roomstart.json",
        Cloud::Zoom,
    );
    pass("firefox.desktop", FIREFOX_ETC, Cloud::Zoom);
    pass("firefox.desktop", FIREFOX_ETC, Cloud::Zoomgov);
    pass("firefox.desktop", FIREFOX_DIST, Cloud::Zoom);
    pass(
        "firefox-esr.desktop",
        "usr/lib/firefox-esr/distribution/policies.json",
        Cloud::Zoom,
    );
    pass("firefox_firefox.desktop", FIREFOX_ETC, Cloud::Zoom);
}

#[test]
fn the_shipped_policies_also_keep_history_off() {
    let chromium: serde_json::Value = serde_json::from_str(SHIPPED_CHROMIUM).unwrap();
    assert_eq!(chromium["SavingBrowserHistoryDisabled"], true);
    let firefox: serde_json::Value = serde_json::from_str(SHIPPED_FIREFOX).unwrap();
    assert_eq!(
        firefox["policies"]["Preferences"]["places.history.enabled"],
        serde_json::json!({"Value": false, "Status": "locked"})
    );
}

// Linux paths: "/etc/xdg" is not absolute on Windows, which joins with '\'.
#[cfg(unix)]
#[test]
fn a_missing_or_partial_chromium_policy_is_a_warning_naming_the_file() {
    let site = |origins: &str| {
        format!(
            r#"{{"AutoLaunchProtocolsFromOrigins": [{{"protocol": "zoommtg", "allowed_origins": {origins}}}]}}"#
        )
    };
    check(
        "google-chrome.desktop",
        Cloud::Zoom,
        &[],
        Status::Warn,
        "https links open in google-chrome.desktop (from xdg-settings); no file in {root}/etc/opt/chrome/policies/managed sets AutoLaunchProtocolsFromOrigins, so Google Chrome asks before opening Zoom on Start (one more tap)",
    );
    check(
        "google-chrome.desktop",
        Cloud::Zoom,
        &[(&format!("{CHROME_DIR}/site.json"), &site(r#"["https://us06web.zoom.us"]"#))],
        Status::Warn,
        "{root}/etc/opt/chrome/policies/managed/site.json lacks AutoLaunchProtocolsFromOrigins entry for zoommtg allowing https://zoom.us",
    );
    // A room on ZoomGov needs zoomgov.com, not zoom.us.
    check(
        "google-chrome.desktop",
        Cloud::Zoomgov,
        &[(
            &format!("{CHROME_DIR}/site.json"),
            &site(r#"["https://zoom.us"]"#),
        )],
        Status::Warn,
        "lacks AutoLaunchProtocolsFromOrigins entry for zoommtg allowing https://zoomgov.com",
    );
    check(
        "google-chrome.desktop",
        Cloud::Zoom,
        &[(&format!("{CHROME_DIR}/site.json"), &site(r#"["zoom.us"]"#))],
        Status::Pass,
        "site.json lets https://zoom.us and its subdomains open zoommtg: without asking",
    );
    check(
        "google-chrome.desktop",
        Cloud::Zoom,
        &[
            (&format!("{CHROME_DIR}/roomstart.json"), SHIPPED_CHROMIUM),
            (&format!("{CHROME_DIR}/site.json"), &site(r#"["https://teams.example"]"#)),
        ],
        Status::Warn,
        "AutoLaunchProtocolsFromOrigins is set in {root}/etc/opt/chrome/policies/managed/roomstart.json, {root}/etc/opt/chrome/policies/managed/site.json, and which one Google Chrome applies is undefined",
    );
    check(
        "google-chrome.desktop",
        Cloud::Zoom,
        &[
            (&format!("{CHROME_DIR}/roomstart.json"), SHIPPED_CHROMIUM),
            (
                &format!("{CHROME_DIR}/broken.json"),
                "{\"HomepageLocation\": ",
            ),
        ],
        Status::Warn,
        "{root}/etc/opt/chrome/policies/managed/broken.json is not JSON the browser can read",
    );
    // Each browser reads its own directory only.
    check(
        "chromium.desktop",
        Cloud::Zoom,
        &[(
            "etc/chromium-browser/policies/managed/roomstart.json",
            SHIPPED_CHROMIUM,
        )],
        Status::Warn,
        "no file in {root}/etc/chromium/policies/managed sets",
    );
}

// Linux paths: "/etc/xdg" is not absolute on Windows, which joins with '\'.
#[cfg(unix)]
#[test]
fn firefox_reads_only_its_most_important_file() {
    let handlers_only = r#"{"policies": {"Handlers": {"schemes": {"zoommtg": {"action": "useSystemDefault", "ask": false}}}}}"#;
    check(
        "firefox.desktop",
        Cloud::Zoom,
        &[(FIREFOX_ETC, handlers_only), (FIREFOX_DIST, SHIPPED_FIREFOX)],
        Status::Warn,
        "{root}/etc/firefox/policies/policies.json lacks AutoLaunchProtocolsFromOrigins entry for zoommtg allowing https://zoom.us, so Firefox asks",
    );
    let asks = r#"{"policies": {"AutoLaunchProtocolsFromOrigins": [{"protocol": "zoommtg", "allowed_origins": ["https://zoom.us"]}], "Handlers": {"schemes": {"zoommtg": {"action": "useSystemDefault", "ask": true}}}}}"#;
    check(
        "firefox.desktop",
        Cloud::Zoom,
        &[(FIREFOX_ETC, asks)],
        Status::Warn,
        "lacks Handlers.schemes.zoommtg with \"ask\": false",
    );
    check(
        "firefox.desktop",
        Cloud::Zoom,
        &[],
        Status::Warn,
        "no Firefox policy file ({root}/etc/firefox/policies/policies.json, {root}/usr/lib/firefox/distribution/policies.json, {root}/usr/lib64/firefox/distribution/policies.json)",
    );
}

#[test]
fn firefox_fixes_say_which_file_to_merge_into() {
    let fix = |files: &[(&str, &str)]| {
        let root = tree(files);
        let default = DefaultBrowser {
            desktop_id: "firefox.desktop".into(),
            source: "xdg-settings".into(),
        };
        browser_check(root.path(), Some(&default), Cloud::Zoom)
            .fix
            .unwrap()
    };
    assert_eq!(
        fix(&[]),
        "Copy /usr/share/roomstart/browser-policies/firefox-policies.json to /etc/firefox/policies/policies.json, then restart Firefox and check about:policies."
    );
    assert!(fix(&[(FIREFOX_ETC, "{\"policies\": {}}")])
        .starts_with("Merge /usr/share/roomstart/browser-policies/firefox-policies.json into "));
    let from_dist = fix(&[(FIREFOX_DIST, "{\"policies\": {}}")]);
    assert!(
        from_dist.contains(
            "into /etc/firefox/policies/policies.json (Firefox then reads only that file)"
        ),
        "{from_dist}"
    );
}

#[test]
fn browsers_without_a_shipped_policy_or_no_browser_at_all_are_warnings() {
    check(
        "org.qutebrowser.qutebrowser.desktop",
        Cloud::Zoom,
        &[],
        Status::Warn,
        "https links open in org.qutebrowser.qutebrowser.desktop (from xdg-settings), for which Roomstart ships no policy",
    );
    let root = tree(&[]);
    let c = browser_check(root.path(), None, Cloud::Zoom);
    assert_eq!(c.status, Status::Warn);
    assert!(c
        .detail
        .starts_with("cannot tell which browser opens https links"));
}

#[test]
fn desktop_ids_name_their_browser() {
    let cases: &[(&str, Option<Browser>)] = &[
        ("google-chrome.desktop", Some(Browser::Chrome)),
        ("Google-Chrome.desktop", Some(Browser::Chrome)),
        ("google-chrome-beta.desktop", Some(Browser::Chrome)),
        ("chromium.desktop", Some(Browser::Chromium)),
        ("chromium-browser.desktop", Some(Browser::ChromiumUbuntu)),
        ("chromium_chromium.desktop", Some(Browser::ChromiumUbuntu)),
        ("microsoft-edge.desktop", Some(Browser::Edge)),
        ("brave-browser.desktop", Some(Browser::Brave)),
        ("firefox.desktop", Some(Browser::Firefox)),
        ("firefox-esr.desktop", Some(Browser::FirefoxEsr)),
        ("firefox_firefox.desktop", Some(Browser::FirefoxSnap)),
        ("org.mozilla.firefox.desktop", None),
        ("epiphany.desktop", None),
        ("", None),
    ];
    for (id, expected) in cases {
        assert_eq!(Browser::from_desktop_id(id), *expected, "{id}");
    }
}

#[test]
fn chromium_origin_patterns_follow_the_url_blocklist_format() {
    let cases: &[(&str, &str, bool)] = &[
        ("https://zoom.us", "zoom.us", true),
        ("https://zoom.us", "us06web.zoom.us", true),
        ("zoom.us", "us06web.zoom.us", true),
        ("HTTPS://ZOOM.US", "zoom.us", true),
        ("https://zoom.us/", "zoom.us", true),
        ("https://zoom.us.", "zoom.us", true),
        ("https://zoom.us:443", "zoom.us", true),
        ("*", "us06web.zoom.us", true),
        ("https://.zoom.us", "zoom.us", true),
        ("https://.zoom.us", "us06web.zoom.us", false),
        ("http://zoom.us", "zoom.us", false),
        ("https://zoom.us:8443", "zoom.us", false),
        ("https://zoom.us/s", "zoom.us", false),
        ("https://zoom.us@x", "zoom.us", false),
        // Not the format: `*` stands only for the whole host.
        ("https://*.zoom.us", "us06web.zoom.us", false),
        ("https://attacker-zoom.us", "zoom.us", false),
        ("https://zoom.us", "zoom.us.evil.example", false),
        ("https://us06web.zoom.us", "zoom.us", false),
    ];
    for (pattern, host, expected) in cases {
        assert_eq!(
            chromium_pattern_allows(pattern, host),
            *expected,
            "{pattern} {host}"
        );
    }
}

#[test]
fn firefox_origins_are_exact() {
    let cases: &[(&str, bool)] = &[
        ("https://zoom.us", true),
        ("https://zoom.us/", true),
        ("https://zoom.us:443", true),
        ("http://zoom.us", false),
        ("https://us06web.zoom.us", false),
        ("https://zoom.us:8443", false),
        ("https://zoom.us/s", false),
        ("zoom.us", false),
    ];
    for (origin, expected) in cases {
        assert_eq!(firefox_origin_is(origin, "zoom.us"), *expected, "{origin}");
    }
}

#[test]
fn mimeapps_lists_give_their_default_applications_in_order() {
    let list = "[Added Associations]\nx-scheme-handler/https=other.desktop;\n\n[Default Applications]\nx-scheme-handler/http=firefox.desktop\nx-scheme-handler/https = firefox.desktop;chromium.desktop;\n";
    assert_eq!(
        defaults_in(list, "x-scheme-handler/https"),
        vec!["firefox.desktop", "chromium.desktop"]
    );
    assert!(defaults_in(list, "x-scheme-handler/zoommtg").is_empty());
    assert!(defaults_in(
        "x-scheme-handler/https=firefox.desktop\n",
        "x-scheme-handler/https"
    )
    .is_empty());
}

// Linux paths: "/etc/xdg" is not absolute on Windows, which joins with '\'.
#[cfg(unix)]
#[test]
fn the_first_mimeapps_list_naming_an_installed_browser_decides() {
    let found = |files: &[(&str, &str)]| {
        let root = tree(files);
        let found = crate::doctor::browser::mimeapps_default(
            &super::xdg_under(root.path()),
            "x-scheme-handler/https",
        );
        found.map(|d| {
            let source = d.source.replace(&root.path().display().to_string(), "");
            (d.desktop_id, source)
        })
    };
    let https = |ids: &str| format!("[Default Applications]\nx-scheme-handler/https={ids}\n");
    let installed = [
        (
            "usr/share/applications/google-chrome.desktop",
            "[Desktop Entry]\n",
        ),
        (
            "home/.local/share/applications/firefox.desktop",
            "[Desktop Entry]\n",
        ),
    ];
    let with = |more: &[(&'static str, String)]| {
        let mut files: Vec<(&str, &str)> = installed.to_vec();
        files.extend(more.iter().map(|(p, t)| (*p, t.as_str())));
        found(&files)
    };
    let found_as = |id: &str, source: &str| Some((id.to_string(), source.to_string()));
    // The account's file first; a desktop-specific file before the general one.
    assert_eq!(
        with(&[
            ("home/.config/mimeapps.list", https("firefox.desktop")),
            (
                "etc/xdg/gnome-mimeapps.list",
                https("google-chrome.desktop")
            ),
        ]),
        found_as("firefox.desktop", "/home/.config/mimeapps.list")
    );
    assert_eq!(
        with(&[
            ("home/.config/mimeapps.list", https("firefox.desktop")),
            (
                "home/.config/gnome-mimeapps.list",
                https("google-chrome.desktop")
            ),
        ]),
        found_as("google-chrome.desktop", "/home/.config/gnome-mimeapps.list")
    );
    // An application no longer installed gives way to the next in its list, then to the next file.
    assert_eq!(
        with(&[(
            "home/.config/mimeapps.list",
            https("gone.desktop;google-chrome.desktop;")
        )]),
        found_as("google-chrome.desktop", "/home/.config/mimeapps.list")
    );
    assert_eq!(
        with(&[
            ("home/.config/mimeapps.list", https("gone.desktop")),
            (
                "usr/share/applications/mimeapps.list",
                https("firefox.desktop")
            ),
        ]),
        found_as("firefox.desktop", "/usr/share/applications/mimeapps.list")
    );
    assert_eq!(with(&[]), None);
}
