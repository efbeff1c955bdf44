//! The keyring wrapper against a real Secret Service: gnome-keyring-daemon in
//! a private D-Bus session that this test starts and stops. Linux only: the
//! Windows Credential Manager has its own test (keyring_windows.rs).
#![cfg(target_os = "linux")]

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use roomstart_core::setup::keystore::{self, Error};
use roomstart_core::Secret;

/// A private session bus with gnome-keyring's Secret Service on it, unlocked.
/// Both processes are killed on drop.
struct SecretService {
    bus: Child,
    keyring: Child,
    _home: tempdir::Dir,
    address: String,
}

mod tempdir {
    pub struct Dir(pub std::path::PathBuf);
    impl Dir {
        pub fn new() -> Dir {
            let path =
                std::env::temp_dir().join(format!("roomstart-keyring-{}", std::process::id()));
            std::fs::create_dir_all(&path).unwrap();
            Dir(path)
        }
    }
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

impl SecretService {
    fn start() -> SecretService {
        let home = tempdir::Dir::new();
        // No DISPLAY: a locked keyring's unlock prompt must fail, not wait for a click.
        let mut bus = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .env_remove("DISPLAY")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon is installed (scripts/setup-system.sh --test)");
        let mut address = String::new();
        BufReader::new(bus.stdout.take().unwrap())
            .read_line(&mut address)
            .unwrap();
        let address = address.trim().to_string();
        let mut keyring = Command::new("gnome-keyring-daemon")
            .args(["--unlock", "--components=secrets", "--foreground"])
            .env("DBUS_SESSION_BUS_ADDRESS", &address)
            .env("HOME", &home.0)
            .env("XDG_DATA_HOME", home.0.join("data"))
            .env("XDG_RUNTIME_DIR", &home.0)
            .env_remove("DISPLAY")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("gnome-keyring-daemon is installed (scripts/setup-system.sh --test)");
        keyring
            .stdin
            .take()
            .unwrap()
            .write_all(b"test-login-password")
            .unwrap();
        let service = SecretService {
            bus,
            keyring,
            _home: home,
            address,
        };
        service.wait_for_name("org.freedesktop.secrets");
        std::env::set_var("DBUS_SESSION_BUS_ADDRESS", &service.address);
        service
    }

    fn dbus_send(&self, args: &[&str]) -> String {
        let out = Command::new("dbus-send")
            .arg("--session")
            .arg("--print-reply")
            .args(args)
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn wait_for_name(&self, name: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            let reply = self.dbus_send(&[
                "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus.NameHasOwner",
                &format!("string:{name}"),
            ]);
            if reply.contains("boolean true") {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("{name} did not appear on the test bus");
    }

    fn lock_login_collection(&self) {
        self.dbus_send(&[
            "--dest=org.freedesktop.secrets",
            "/org/freedesktop/secrets",
            "org.freedesktop.Secret.Service.Lock",
            "array:objpath:/org/freedesktop/secrets/collection/login",
        ]);
    }
}

impl Drop for SecretService {
    fn drop(&mut self) {
        let _ = self.keyring.kill();
        let _ = self.keyring.wait();
        let _ = self.bus.kill();
        let _ = self.bus.wait();
    }
}

/// One test, in order: the scenarios share the process-wide bus address.
#[tokio::test(flavor = "multi_thread")]
async fn keyring_round_trip_long_values_locked_and_unavailable() {
    let service = SecretService::start();

    // Round trip; an unset secret is Ok(None).
    assert!(keystore::retrieve("zoom.client_secret")
        .await
        .unwrap()
        .is_none());
    keystore::persist("zoom.client_secret", &Secret::new("s3cr3t-Zx9"))
        .await
        .unwrap();
    let got = keystore::retrieve("zoom.client_secret")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got.expose(), "s3cr3t-Zx9");
    keystore::persist("zoom.client_secret", &Secret::new("rotated"))
        .await
        .unwrap();
    assert_eq!(
        keystore::retrieve("zoom.client_secret")
            .await
            .unwrap()
            .unwrap()
            .expose(),
        "rotated"
    );
    keystore::delete("zoom.client_secret").await.unwrap();
    assert!(keystore::retrieve("zoom.client_secret")
        .await
        .unwrap()
        .is_none());
    keystore::delete("zoom.client_secret").await.unwrap();

    // A service-account-sized value is split into parts and read back whole.
    let key: String = (0..5000)
        .map(|i| char::from(b'A' + (i % 26) as u8))
        .collect();
    keystore::persist("google.service_account", &Secret::new(key.clone()))
        .await
        .unwrap();
    assert_eq!(
        keystore::retrieve("google.service_account")
            .await
            .unwrap()
            .unwrap()
            .expose(),
        key
    );
    let lookup = |user: &str| {
        Command::new("secret-tool")
            .args(["lookup", "service", "roomstart", "username", user])
            .env("DBUS_SESSION_BUS_ADDRESS", &service.address)
            .output()
            .unwrap()
            .stdout
    };
    let head = String::from_utf8_lossy(&lookup("google.service_account")).into_owned();
    assert!(
        head == "roomstart-parts:5",
        "the head entry holds only the part count, not {} chars",
        head.len()
    );
    assert!(lookup("google.service_account#part1").len() <= 1200);
    // A shorter value replaces every old part.
    keystore::persist("google.service_account", &Secret::new("short"))
        .await
        .unwrap();
    assert!(lookup("google.service_account#part5").is_empty());
    assert_eq!(
        keystore::retrieve("google.service_account")
            .await
            .unwrap()
            .unwrap()
            .expose(),
        "short"
    );

    // A secret provisioned by an earlier release (keyring 3.6) reads after the
    // upgrade to keyring 4: the item exactly as 3.6 wrote it, attributes and label.
    let mut legacy = Command::new("secret-tool")
        .args([
            "store",
            "--label=graph.client_secret@roomstart:default (keyring v3.6.3)",
            "service",
            "roomstart",
            "username",
            "graph.client_secret",
            "target",
            "default",
            "application",
            "rust-keyring",
        ])
        .env("DBUS_SESSION_BUS_ADDRESS", &service.address)
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    legacy
        .stdin
        .take()
        .unwrap()
        .write_all(b"provisioned-by-3.6")
        .unwrap();
    assert!(legacy.wait().unwrap().success());
    assert_eq!(
        keystore::retrieve("graph.client_secret")
            .await
            .unwrap()
            .unwrap()
            .expose(),
        "provisioned-by-3.6"
    );
    // Rotating it replaces the old item rather than leaving two.
    keystore::persist("graph.client_secret", &Secret::new("rotated-by-4"))
        .await
        .unwrap();
    let items = Command::new("secret-tool")
        .args([
            "search",
            "--all",
            "service",
            "roomstart",
            "username",
            "graph.client_secret",
        ])
        .env("DBUS_SESSION_BUS_ADDRESS", &service.address)
        .output()
        .unwrap();
    let listing = String::from_utf8_lossy(&items.stdout).into_owned()
        + &String::from_utf8_lossy(&items.stderr);
    assert_eq!(listing.matches("secret = ").count(), 1, "{listing}");
    assert!(listing.contains("secret = rotated-by-4"), "{listing}");

    // Locked: a clear error, no hang, no value.
    keystore::persist(
        "ics.room.url",
        &Secret::new("https://calendar.example/secret-abc.ics"),
    )
    .await
    .unwrap();
    service.lock_login_collection();
    let locked = tokio::time::timeout(Duration::from_secs(20), keystore::retrieve("ics.room.url"))
        .await
        .expect("a locked keyring answers, it does not hang");
    let err = locked.expect_err("a locked keyring gives no value");
    assert!(matches!(err, Error::Locked), "{err:?}");
    assert!(!format!("{err} {err:?}").contains("secret-abc"));

    // Unavailable: no Secret Service on the bus at all.
    drop(service);
    std::env::set_var(
        "DBUS_SESSION_BUS_ADDRESS",
        "unix:path=/nonexistent/roomstart-test-bus",
    );
    let err = tokio::time::timeout(
        Duration::from_secs(20),
        keystore::retrieve("zoom.client_secret"),
    )
    .await
    .expect("an absent keyring answers, it does not hang")
    .expect_err("no keyring, no value");
    assert!(matches!(err, Error::Unavailable(_)), "{err:?}");
}
