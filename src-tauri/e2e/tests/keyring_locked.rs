//! A locked keyring gives the setup screen with what IT must do: never a
//! crash, a hang or a blank window. Once it is unlocked, the window becomes
//! the room by itself.

use std::process::Command;

use roomstart_e2e::Harness;

#[tokio::test]
async fn a_locked_keyring_shows_the_setup_screen() {
    let h = Harness::from_env();
    let config = h.config_file(
        "roomstart-locked",
        // Zoom on a closed loopback port: nothing but loopback is ever contacted.
        "[room]\nname = \"Aurora\"\n\n[zoom]\naccount_id = \"a\"\nclient_id = \"c\"\n\
         api_base = \"http://127.0.0.1:9/v2\"\noauth_base = \"http://127.0.0.1:9\"\n",
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

    // The keyring becomes unlocked, as at the next login: its daemon starts
    // again with the login password (unlocking a running one takes a prompt,
    // which no one answers here). The next setup retry finds the secret.
    let stopped = Command::new("pkill")
        .args(["-x", "gnome-keyring-d"])
        .status()
        .unwrap();
    assert!(stopped.success(), "the keyring daemon was running");
    let mut daemon = Command::new("gnome-keyring-daemon")
        .args(["--unlock", "--components=secrets", "--foreground"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = daemon.stdin.take().unwrap();
        stdin.write_all(b"e2e-login-password").unwrap();
    } // closing stdin ends the password
    let name = s
        .wait_for_within(
            "[data-testid=room-name]",
            1,
            std::time::Duration::from_secs(45),
        )
        .await;
    assert_eq!(s.text(&name[0]).await, "Aurora");
    s.screenshot(&h.artifacts.join("room-after-keyring-unlocked.png"))
        .await;
    s.end().await;
    // The unlocked daemon stays for the tests that follow, as the first one
    // did; it ends with the private D-Bus session.
    drop(daemon);
}
