//! Answers read with a ceiling. A calendar or API answer is kilobytes; a
//! feed built to exhaust the room (or a proxy gone wrong) is not read past
//! `MAX_BODY_BYTES`, and says so.

use serde::de::DeserializeOwned;

/// 20 MB: far beyond any calendar or API answer a meeting room receives.
pub const MAX_BODY_BYTES: usize = 20 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error("the answer is larger than {} MB, so it was not read", MAX_BODY_BYTES / 1_000_000)]
    TooLarge,
    #[error("the answer broke off: {0}")]
    Broken(String),
    /// Where the JSON went wrong, never what it said: it may hold secrets.
    #[error("the answer is not the JSON expected (line {line}, column {column})")]
    NotTheJsonExpected { line: usize, column: usize },
}

/// The body, up to `MAX_BODY_BYTES`.
pub async fn bytes(mut response: reqwest::Response) -> Result<Vec<u8>, Error> {
    if response
        .content_length()
        .is_some_and(|n| n > MAX_BODY_BYTES as u64)
    {
        return Err(Error::TooLarge);
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| Error::Broken(e.without_url().to_string()))?
    {
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(Error::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// The body as text (invalid UTF-8 replaced), up to `MAX_BODY_BYTES`.
pub async fn text(response: reqwest::Response) -> Result<String, Error> {
    let body = bytes(response).await?;
    Ok(String::from_utf8(body)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

/// The body as `T`, up to `MAX_BODY_BYTES`.
pub async fn json<T: DeserializeOwned>(response: reqwest::Response) -> Result<T, Error> {
    let body = bytes(response).await?;
    serde_json::from_slice(&body).map_err(|e| Error::NotTheJsonExpected {
        line: e.line(),
        column: e.column(),
    })
}
