//! Issue 20, item 9: a calendar feed over plain http would let the network
//! write the room's calendar. `secrets set` refuses it; one already in the
//! keyring (stored by an older version) is refused at load, with the words
//! on the setup screen, and by `doctor`. The address, a secret, is never shown.

use std::process::Command;

use roomstart_e2e::Harness;

const PLAIN: &str = "http://calendar.example.com/private-Qm7t/basic.ics";

#[tokio::test]
async fn a_plain_http_feed_is_refused_at_set_load_and_doctor() {
    let h = Harness::from_env();
    let config = h.config_file(
        "roomstart-plain-feed",
        "[room]\nname = \"Aurora\"\ntimezone = \"Europe/Berlin\"\n\n[[ics]]\nname = \"plainfeed\"\n",
    );

    // The e2e tests share one keyring, so this feed has a name no other test uses.
    let set = h.run_cli(
        &config,
        &["secrets", "set", "ics.plainfeed.url"],
        Some(PLAIN),
    );
    let said = String::from_utf8_lossy(&set.stderr).to_string();
    assert!(!set.status.success(), "{said}");
    assert!(said.contains("not https"), "{said}");
    assert!(
        !said.contains("private-Qm7t"),
        "the address is a secret: {said}"
    );
    let listed = h.run_cli(&config, &["secrets", "list"], None);
    let listed = String::from_utf8_lossy(&listed.stdout).to_string();
    assert!(
        listed.contains("ics.plainfeed.url  not set"),
        "nothing stored: {listed}"
    );

    // As an older version would have stored it, straight into the Secret Service.
    let mut store = Command::new("secret-tool")
        .args([
            "store",
            "--label=roomstart ics.plainfeed.url",
            "service",
            "roomstart",
        ])
        .args(["username", "ics.plainfeed.url"])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .expect("secret-tool runs");
    use std::io::Write;
    store
        .stdin
        .take()
        .unwrap()
        .write_all(PLAIN.as_bytes())
        .unwrap();
    assert!(store.wait().unwrap().success());
    let listed = h.run_cli(&config, &["secrets", "list"], None);
    let listed = String::from_utf8_lossy(&listed.stdout).to_string();
    assert!(
        listed.contains("✓ ics.plainfeed.url  set"),
        "the keyring holds it: {listed}"
    );

    let doctor = h.run_cli(&config, &["doctor", "--json"], None);
    let report = String::from_utf8_lossy(&doctor.stdout).to_string();
    assert!(!doctor.status.success(), "{report}");
    assert!(report.contains("not https"), "{report}");
    assert!(!report.contains("private-Qm7t"), "{report}");

    let (s, text) = h.setup_screen(&config).await;
    assert!(text.contains("not https"), "{text}");
    assert!(!text.contains("private-Qm7t"), "{text}");
    s.screenshot(&h.artifacts.join("setup-plain-http-feed.png"))
        .await;
    s.end().await;

    let deleted = h.run_cli(&config, &["secrets", "delete", "ics.plainfeed.url"], None);
    assert!(deleted.status.success());
}
