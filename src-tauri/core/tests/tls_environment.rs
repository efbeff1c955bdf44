//! Anyone who can start Roomstart can set its environment. A CA named there
//! (`SSL_CERT_FILE`, `SSL_CERT_DIR`) is not trusted once the app has cleared
//! it, as it does first thing: credentials stay between Roomstart and the
//! vendors even behind a proxy of theirs.
#![cfg(target_os = "linux")]

mod common;

use common::tls;
use roomstart_core::http::{self, HttpClients};

#[tokio::test]
async fn a_ca_named_in_the_environment_is_not_trusted() {
    let ca = tls::ca("Someone's CA");
    let dir = tempfile::tempdir().unwrap();
    let ca_file = dir.path().join("ca.pem");
    std::fs::write(&ca_file, ca.cert.to_pem().unwrap()).unwrap();
    std::env::set_var("SSL_CERT_FILE", &ca_file);
    std::env::set_var("SSL_CERT_DIR", dir.path());

    http::trust_only_the_system_store();
    assert_eq!(std::env::var_os("SSL_CERT_FILE"), None);
    assert_eq!(std::env::var_os("SSL_CERT_DIR"), None);

    let port = tls::https_server(tls::leaf(&ca, "127.0.0.1"));
    let refused = HttpClients::new()
        .api
        .post(format!("https://127.0.0.1:{port}/oauth/token"))
        .body("client_secret=not-for-them")
        .send()
        .await
        .expect_err("a CA from the environment");
    assert!(
        tls::refusal(&refused).contains("certificate verify failed"),
        "{refused:?}"
    );
}
