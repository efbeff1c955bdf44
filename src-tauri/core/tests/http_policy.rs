//! The product's HTTP policy against a raw server on loopback: API calls
//! follow no redirect, and feeds follow none to http.

use roomstart_core::http::HttpClients;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Answers every request with a 302 to `location`, and returns each request's head.
async fn redirecting_server(
    location: &'static str,
) -> (String, tokio::sync::mpsc::Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (seen, heads) = tokio::sync::mpsc::channel(8);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut buf = vec![0u8; 4096];
            let n = stream.read(&mut buf).await.unwrap_or(0);
            let _ = seen
                .send(String::from_utf8_lossy(&buf[..n]).into_owned())
                .await;
            let reply = format!(
                "HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
            let _ = stream.write_all(reply.as_bytes()).await;
        }
    });
    (base, heads)
}

#[tokio::test]
async fn api_calls_follow_no_redirect() {
    let (base, mut heads) = redirecting_server("http://127.0.0.1:9/elsewhere").await;
    let response = HttpClients::new()
        .api
        .post(format!("{base}/oauth/token"))
        .body("client_secret=not-for-elsewhere")
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        302,
        "the redirect is handed back, not followed"
    );
    assert!(heads.recv().await.unwrap().starts_with("POST /oauth/token"));
    assert!(heads.try_recv().is_err(), "exactly one request was made");
}

#[tokio::test]
async fn a_feed_is_not_redirected_to_http() {
    let (base, mut heads) = redirecting_server("http://127.0.0.1:9/plain.ics").await;
    let err = HttpClients::new()
        .feeds
        .get(format!("{base}/feeds/secret-token-123"))
        .send()
        .await
        .unwrap_err();
    assert!(err.is_redirect(), "{err:?}");
    assert!(heads.recv().await.unwrap().starts_with("GET /feeds/"));
    assert!(heads.try_recv().is_err(), "the http target was never asked");
}
