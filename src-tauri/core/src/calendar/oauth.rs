//! The token half of the OAuth grants the calendar APIs use (Google's JWT
//! bearer, Entra ID's client credentials): post a form, read
//! `{access_token, expires_in}` or the standard `{error}` body, hold the token.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use tokio::sync::Mutex;
use url::Url;

use crate::secret::Secret;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the token service could not be reached: {0}")]
    Unreachable(String),
    /// `refused` names who refused what, e.g. "Google refused the service
    /// account"; the vendor's own code and description say what IT must fix
    /// (`AADSTS7000215: Invalid client secret provided.`). They hold no secret.
    #[error("{refused} ({status} {code}){}", description.as_deref().map(|d| format!(": {d}")).unwrap_or_default())]
    Refused {
        refused: &'static str,
        status: u16,
        code: String,
        description: Option<String>,
    },
}

/// Renew this long before the stated expiry.
const RENEW_MARGIN: Duration = Duration::from_secs(300);

#[derive(Deserialize)]
struct TokenBody {
    access_token: Secret,
    expires_in: u64,
}

/// An access token kept in memory only, until shortly before it expires.
/// Expiry is wall-clock time: a monotonic `Instant` stops while the computer
/// sleeps, so a room waking up would offer a token that died overnight.
#[derive(Default)]
pub struct HeldToken(Mutex<Option<(Secret, DateTime<Utc>)>>);

impl HeldToken {
    /// The held token if it is still good at `now`, or a new one from
    /// `token_url`. `refused` words a rejection, e.g. "Google refused the service account".
    pub async fn get(
        &self,
        http: &reqwest::Client,
        token_url: Url,
        form: &[(&str, &str)],
        refused: &'static str,
        now: DateTime<Utc>,
    ) -> Result<Secret, Error> {
        let mut held = self.0.lock().await;
        if let Some((token, _)) = held.as_ref().filter(|(_, until)| now < *until) {
            return Ok(token.clone());
        }
        let request = http
            .post(token_url)
            .form(form)
            .timeout(Duration::from_secs(20));
        let response = crate::http::send(crate::metrics::Api::Oauth, request)
            .await
            .map_err(|e| Error::Unreachable(e.without_url().to_string()))?;
        if !response.status().is_success() {
            let status = response.status().as_u16();
            let body: serde_json::Value =
                crate::http::body::json(response).await.unwrap_or_default();
            let code = body["error"]
                .as_str()
                .unwrap_or("unknown error")
                .to_string();
            let description = body["error_description"]
                .as_str()
                .map(|d| d.chars().take(300).collect());
            return Err(Error::Refused {
                refused,
                status,
                code,
                description,
            });
        }
        let body: TokenBody = crate::http::body::json(response)
            .await
            .map_err(|e| Error::Unreachable(e.to_string()))?;
        let lifetime = Duration::from_secs(body.expires_in).saturating_sub(RENEW_MARGIN);
        let until = now + chrono::Duration::from_std(lifetime).unwrap_or_default();
        *held = Some((body.access_token.clone(), until));
        Ok(body.access_token)
    }

    /// Drops the token the vendor just refused (a 401), so the next call mints one.
    pub async fn forget(&self) {
        *self.0.lock().await = None;
    }
}

#[cfg(test)]
mod tests;
