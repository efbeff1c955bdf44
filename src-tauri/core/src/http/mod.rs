//! The one place the product's HTTP clients are built: the same user agent,
//! time-outs and redirect policy for every vendor, and no `Referer`, which
//! would hand a secret feed address to wherever a feed redirects.

pub mod body;
pub mod clock;
pub mod paging;
pub mod retry_after;

use std::time::Duration;

use reqwest::redirect::{Attempt, Policy};
use reqwest::{Client, RequestBuilder, Response};

use crate::metrics::{self, Api};

const USER_AGENT: &str = concat!("Roomstart/", env!("CARGO_PKG_VERSION"));
/// A feed may move (a calendar host changes domains), but only within https, and not far.
const MAX_FEED_REDIRECTS: usize = 5;

/// The clients a room's calendar sources use.
#[derive(Clone)]
pub struct HttpClients {
    /// API and token calls (Google, Graph, Entra ID): a redirect is never
    /// followed, so credentials and tokens go only to the host configured.
    pub api: Client,
    /// ICS feeds: redirects followed over https only.
    pub feeds: Client,
}

impl HttpClients {
    pub fn new() -> Self {
        HttpClients {
            api: api_client(Duration::from_secs(30)),
            feeds: builder(Duration::from_secs(30))
                .redirect(Policy::custom(https_only))
                .build()
                .expect("reqwest client builds with static settings"),
        }
    }
}

impl Default for HttpClients {
    fn default() -> Self {
        Self::new()
    }
}

/// Sends `request`, counting it for the metrics by API and the status it
/// answered. Every request the room makes goes through here.
pub async fn send(api: Api, request: RequestBuilder) -> reqwest::Result<Response> {
    let sent = request.send().await;
    metrics::count_request(api, sent.as_ref().ok().map(|r| r.status().as_u16()));
    // The vendors' clocks, not a feed's (any web server, any proxy).
    if let (Ok(response), false) = (&sent, api == Api::Feed) {
        clock::observe(response.headers(), chrono::Utc::now());
    }
    sent
}

/// A client for API and token calls, which follow no redirect.
pub fn api_client(timeout: Duration) -> Client {
    builder(timeout)
        .redirect(Policy::none())
        .build()
        .expect("reqwest client builds with static settings")
}

fn builder(timeout: Duration) -> reqwest::ClientBuilder {
    Client::builder()
        .user_agent(USER_AGENT)
        .connect_timeout(Duration::from_secs(5))
        .timeout(timeout)
        .pool_idle_timeout(Duration::from_secs(90))
        .referer(false)
}

/// OpenSSL (the TLS on Linux) takes the certificates it trusts, and a
/// configuration that may load code, from the environment. Anyone who can
/// start Roomstart could then have it trust a CA of theirs and read its
/// credentials through their proxy. So only the system's store is trusted
/// (where IT adds a company CA): call this first, before any thread starts.
pub fn trust_only_the_system_store() {
    for name in [
        "SSL_CERT_FILE",
        "SSL_CERT_DIR",
        "OPENSSL_CONF",
        "OPENSSL_MODULES",
        "OPENSSL_ENGINES",
    ] {
        std::env::remove_var(name);
    }
}

fn https_only(attempt: Attempt) -> reqwest::redirect::Action {
    if attempt.previous().len() > MAX_FEED_REDIRECTS {
        attempt.error("the feed redirected more than 5 times")
    } else if attempt.url().scheme() != "https" {
        attempt.error("the feed redirected away from https")
    } else {
        attempt.follow()
    }
}
