//! The update path as a room runs it, up to the install: the feed on
//! loopback, releases signed with throwaway minisign keys as `tauri signer`
//! signs them, the real plugin in a mock Tauri app. Install itself is the
//! platform's (MSI/NSIS, .app) and is not run here.

use base64::Engine;
use tauri::test::{mock_builder, mock_context, noop_assets};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use super::*;

const ARTIFACT: &[u8] = b"the next Roomstart, as a release archive would carry it";

/// A minisign key pair as `tauri signer generate` writes it: base64 of the key files.
struct SigningKey(minisign::KeyPair);

impl SigningKey {
    fn new() -> Self {
        SigningKey(minisign::KeyPair::generate_unencrypted_keypair().unwrap())
    }

    fn public(&self) -> String {
        b64(self.0.pk.to_box().unwrap().to_string().as_bytes())
    }

    fn sign(&self, data: &[u8], version: &str) -> String {
        let trusted = format!("timestamp:0\tfile:roomstart.tar.gz\tversion:{version}");
        let signature = minisign::sign(
            Some(&self.0.pk),
            &self.0.sk,
            std::io::Cursor::new(data),
            Some(&trusted),
            Some("signature from tauri secret key"),
        )
        .unwrap();
        b64(signature.to_string().as_bytes())
    }
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Serves `/latest.json` and `/roomstart.tar.gz` on loopback; returns the feed's address.
async fn feed(latest: serde_json::Value, artifact: Vec<u8>) -> tauri::Url {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let latest = latest.to_string().replace("{base}", &base);
    tauri::async_runtime::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let (latest, artifact) = (latest.clone(), artifact.clone());
            tauri::async_runtime::spawn(async move {
                let mut request = vec![0u8; 4096];
                let n = stream.read(&mut request).await.unwrap_or(0);
                let line = String::from_utf8_lossy(&request[..n]).to_string();
                let (kind, body) = match line.split_whitespace().nth(1) {
                    Some("/latest.json") => ("application/json", latest.into_bytes()),
                    Some("/roomstart.tar.gz") => ("application/octet-stream", artifact),
                    _ => ("text/plain", b"not found".to_vec()),
                };
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes()).await;
                let _ = stream.write_all(&body).await;
            });
        }
    });
    format!("{base}/latest.json").parse().unwrap()
}

fn release(version: &str, signature: &str) -> serde_json::Value {
    serde_json::json!({
        "version": version,
        "notes": "a test release",
        "pub_date": "2026-11-20T09:00:00Z",
        "platforms": {
            "linux-x86_64": {"url": "{base}/roomstart.tar.gz", "signature": signature},
            "windows-x86_64": {"url": "{base}/roomstart.tar.gz", "signature": signature},
            "darwin-aarch64": {"url": "{base}/roomstart.tar.gz", "signature": signature},
            "darwin-x86_64": {"url": "{base}/roomstart.tar.gz", "signature": signature}
        }
    })
}

/// What `fetch_verified` makes of a feed, in a mock app with the real plugin.
fn fetched(
    latest: serde_json::Value,
    artifact: &[u8],
    trusted: &SigningKey,
) -> tauri_plugin_updater::Result<Option<VerifiedUpdate>> {
    // As tauri.conf.json has it: the key comes from the managed config at run time.
    let mut context = mock_context(noop_assets());
    let shipped: serde_json::Value =
        serde_json::from_str(include_str!("../../../tauri.conf.json")).unwrap();
    context
        .config_mut()
        .plugins
        .0
        .insert("updater".into(), shipped["plugins"]["updater"].clone());
    let app = mock_builder()
        .plugin(plugin())
        .build(context)
        .expect("a mock app");
    let handle = app.handle().clone();
    let public_key = trusted.public();
    let artifact = artifact.to_vec();
    tauri::async_runtime::block_on(async move {
        let policy = UpdatePolicy {
            feed: feed(latest, artifact).await,
            public_key,
        };
        fetch_verified(&handle, &policy).await
    })
}

/// Why `fetched` refused a release it must not verify.
fn refusal(latest: serde_json::Value, artifact: &[u8], trusted: &SigningKey) -> String {
    match fetched(latest, artifact, trusted) {
        Ok(_) => panic!("the release verified, and must not have"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_newer_release_signed_by_it_is_downloaded_and_verified() {
    let it = SigningKey::new();
    let found = fetched(release("9.9.9", &it.sign(ARTIFACT, "9.9.9")), ARTIFACT, &it)
        .expect("the feed is read and the signature matches")
        .expect("9.9.9 is newer than this build");
    assert_eq!(found.version, "9.9.9");
    assert_eq!(found.bytes, ARTIFACT);
}

#[test]
fn a_changed_byte_or_another_key_is_refused_before_install() {
    let it = SigningKey::new();
    let mut tampered = ARTIFACT.to_vec();
    tampered[0] ^= 1;
    let why = refusal(
        release("9.9.9", &it.sign(ARTIFACT, "9.9.9")),
        &tampered,
        &it,
    );
    assert!(why.contains("signature verification failed"), "{why}");

    let stranger = SigningKey::new();
    let why = refusal(
        release("9.9.9", &stranger.sign(ARTIFACT, "9.9.9")),
        ARTIFACT,
        &it,
    );
    assert!(why.contains("different key"), "{why}");

    // Garbage in the signature field must not verify either.
    refusal(release("9.9.9", "not a signature"), ARTIFACT, &it);
}

#[test]
fn the_same_or_an_older_release_is_no_update() {
    let it = SigningKey::new();
    let current = env!("CARGO_PKG_VERSION");
    for version in [current, "0.0.1"] {
        let found = fetched(release(version, &it.sign(ARTIFACT, version)), ARTIFACT, &it);
        assert!(found.expect("the feed is read").is_none(), "{version}");
    }
}
