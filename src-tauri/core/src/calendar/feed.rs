//! An ICS feed over HTTP, asked with its validators so an unchanged feed
//! costs one small 304.

use std::time::Duration;

use crate::secret::Secret;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the feed answered HTTP {0}")]
    Status(u16),
    #[error("the feed could not be reached: {0}")]
    Unreachable(String),
    #[error("the feed could not be read: {0}")]
    Unreadable(String),
}

/// What a feed last sent, so an unchanged feed costs one small 304.
#[derive(Default)]
pub struct FeedCache(std::sync::Mutex<Option<CachedFeed>>);

struct CachedFeed {
    etag: Option<String>,
    last_modified: Option<String>,
    body: std::sync::Arc<str>,
}

/// GET with If-None-Match / If-Modified-Since; a 304 reuses the cached body.
pub(super) async fn fetch(
    http: &reqwest::Client,
    url: &Secret,
    cache: &FeedCache,
) -> Result<std::sync::Arc<str>, Error> {
    // The address is a secret: never let it into the message.
    let unreachable = |e: reqwest::Error| Error::Unreachable(e.without_url().to_string());
    let mut request = http.get(url.expose()).timeout(Duration::from_secs(20));
    let cached_body = {
        let held = cache.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(c) = held.as_ref() {
            if let Some(etag) = &c.etag {
                request = request.header(reqwest::header::IF_NONE_MATCH, etag);
            }
            if let Some(lm) = &c.last_modified {
                request = request.header(reqwest::header::IF_MODIFIED_SINCE, lm);
            }
        }
        held.as_ref().map(|c| c.body.clone())
    };
    let response = request.send().await.map_err(unreachable)?;
    if response.status() == reqwest::StatusCode::NOT_MODIFIED {
        if let Some(body) = cached_body {
            return Ok(body);
        }
    }
    if !response.status().is_success() {
        return Err(Error::Status(response.status().as_u16()));
    }
    let header = |h: reqwest::header::HeaderName| {
        response
            .headers()
            .get(h)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let (etag, last_modified) = (
        header(reqwest::header::ETAG),
        header(reqwest::header::LAST_MODIFIED),
    );
    let body: std::sync::Arc<str> = crate::http::body::text(response)
        .await
        .map_err(|e| Error::Unreadable(e.to_string()))?
        .into();
    *cache.0.lock().unwrap_or_else(|p| p.into_inner()) = Some(CachedFeed {
        etag,
        last_modified,
        body: body.clone(),
    });
    Ok(body)
}
