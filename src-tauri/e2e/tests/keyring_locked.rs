//! A locked keyring gives the setup screen with what IT must do: never a
//! crash, a hang or a blank window. Runs last: it leaves the keyring locked.

use std::process::Command;

use roomstart_e2e::Harness;

#[tokio::test]
async fn a_locked_keyring_shows_the_setup_screen() {
    let h = Harness::from_env();
    let config = h.config_file(
        "roomstart-locked",
        "[room]\nname = \"Aurora\"\n\n[zoom]\naccount_id = \"a\"\nclient_id = \"c\"\n",
    );

    // A secret exists, then the collection is locked, as after a reboot without auto-unlock.
    h.set_secret(&config, "zoom.client_secret", "locked-test-secret-Vb7");
    let locked = Command::new("dbus-send")
        .args([
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.secrets",
            "/org/freedesktop/secrets",
            "org.freedesktop.Secret.Service.Lock",
            "array:objpath:/org/freedesktop/secrets/collection/login",
        ])
        .output()
        .unwrap();
    assert!(
        locked.status.success(),
        "{}",
        String::from_utf8_lossy(&locked.stderr)
    );

    let (s, text) = h.setup_screen(&config).await;
    assert!(
        text.contains("the keyring is locked; unlock it for the account that runs roomstart"),
        "{text}"
    );
    assert!(!text.contains("locked-test-secret-Vb7"));
    s.screenshot(&h.artifacts.join("setup-keyring-locked.png"))
        .await;
    s.end().await;
}
