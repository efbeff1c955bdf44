//! TLS through the system's OpenSSL (Linux): the product's client completes a
//! handshake with a server whose chain it trusts, and refuses one for another
//! name or from a CA it does not trust. The test CA is trusted here through
//! `SSL_CERT_FILE`, which the app itself clears (tls_environment.rs).
#![cfg(target_os = "linux")]

mod common;

use common::tls;
use roomstart_core::http::HttpClients;

#[tokio::test]
async fn https_verifies_the_chain_and_the_name() {
    let ca = tls::ca("Roomstart test CA");
    let dir = tempfile::tempdir().unwrap();
    let ca_file = dir.path().join("ca.pem");
    std::fs::write(&ca_file, ca.cert.to_pem().unwrap()).unwrap();
    // Before any client is built: OpenSSL's paths are read once per process.
    std::env::set_var("SSL_CERT_FILE", &ca_file);
    let client = HttpClients::new().api;
    let get = |port: u16| client.get(format!("https://127.0.0.1:{port}/")).send();

    let trusted = tls::https_server(tls::leaf(&ca, "127.0.0.1"));
    let answer = get(trusted)
        .await
        .expect("a trusted chain for this address");
    assert_eq!(answer.text().await.unwrap(), "ok");

    let other_name = tls::https_server(tls::leaf(&ca, "zoom.us"));
    let refused = get(other_name)
        .await
        .expect_err("a certificate for another name");
    assert!(
        tls::refusal(&refused).contains("certificate verify failed"),
        "{refused:?}"
    );

    let untrusted = tls::https_server(tls::self_signed("127.0.0.1"));
    let refused = get(untrusted).await.expect_err("a CA nobody trusts");
    assert!(
        tls::refusal(&refused).contains("certificate verify failed"),
        "{refused:?}"
    );
}
