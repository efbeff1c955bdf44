//! The keyring wrapper against the Windows Credential Manager (Wine's, on the
//! Windows lane: scripts/test-windows.sh): set, read, replace, delete, and
//! values past the 2,560 bytes one credential holds.
#![cfg(windows)]

use roomstart_core::setup::keystore;
use roomstart_core::Secret;

/// A name no other run of this test uses, removed again at the end.
fn name(what: &str) -> String {
    format!("test.{}.{what}", std::process::id())
}

async fn read(name: &str) -> Option<String> {
    keystore::retrieve(name)
        .await
        .unwrap()
        .map(|s| s.expose().to_string())
}

#[tokio::test]
async fn set_read_replace_and_delete() {
    let name = name("short");
    assert_eq!(read(&name).await, None, "never set");
    keystore::persist(&name, &Secret::new("first"))
        .await
        .unwrap();
    assert_eq!(read(&name).await.as_deref(), Some("first"));
    keystore::persist(&name, &Secret::new("second"))
        .await
        .unwrap();
    assert_eq!(read(&name).await.as_deref(), Some("second"));
    keystore::delete(&name).await.unwrap();
    assert_eq!(read(&name).await, None);
    // Deleting what is not there is no error.
    keystore::delete(&name).await.unwrap();
}

#[tokio::test]
async fn long_values_are_stored_in_parts_and_removed_with_them() {
    let name = name("long");
    // A service account key's size, and one of characters outside the Basic
    // Multilingual Plane (two UTF-16 units each), both over one credential's limit.
    let ascii: String = (0..6000)
        .map(|i| char::from(b'a' + (i % 26) as u8))
        .collect();
    let astral = "\u{1F4C5}".repeat(1500);
    for value in [&ascii, &astral] {
        keystore::persist(&name, &Secret::new(value.as_str()))
            .await
            .unwrap();
        assert_eq!(read(&name).await.as_ref(), Some(value));
    }
    // A short value replaces a long one, and its parts go with it.
    keystore::persist(&name, &Secret::new("short now"))
        .await
        .unwrap();
    assert_eq!(read(&name).await.as_deref(), Some("short now"));
    assert_eq!(read(&format!("{name}#part1")).await, None);
    keystore::persist(&name, &Secret::new(ascii.as_str()))
        .await
        .unwrap();
    keystore::delete(&name).await.unwrap();
    assert_eq!(read(&name).await, None);
    assert_eq!(read(&format!("{name}#part1")).await, None);
}
