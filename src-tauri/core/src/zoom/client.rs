//! Server-to-Server OAuth and the three Zoom calls Roomstart makes.

use std::time::Duration;

use reqwest::{Method, Response, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use tokio::sync::Mutex;
use url::Url;

use super::api::{
    ApiErrorBody, Meeting, MeetingList, MeetingSummary, NewMeeting, OAuthErrorBody, TokenBody,
    TokenResponse, UserList, UserSummary,
};
use super::{Error, MeetingId};
use crate::http::body;
use crate::http::retry_after::retry_after;
use crate::metrics::Api;
use crate::secret::Secret;

/// Where the Zoom API lives: zoom.us, ZoomGov, or a fake on loopback in tests.
#[derive(Debug, Clone)]
pub struct ZoomEndpoints {
    /// Base of the REST API, ending in `/v2`.
    pub api_base: Url,
    /// The OAuth token endpoint.
    pub token_url: Url,
}

impl ZoomEndpoints {
    pub fn zoom() -> Self {
        Self::from_bases("https://api.zoom.us/v2", "https://zoom.us").expect("static urls")
    }

    pub fn zoomgov() -> Self {
        Self::from_bases("https://api.zoomgov.com/v2", "https://zoomgov.com").expect("static urls")
    }

    /// `api_base` like `https://api.zoom.us/v2`, `oauth_base` like `https://zoom.us`.
    /// Where they may point is the setup's to check (`setup::endpoints`).
    pub fn from_bases(api_base: &str, oauth_base: &str) -> Result<Self, url::ParseError> {
        let api_base = Url::parse(api_base.trim_end_matches('/'))?;
        let token_url = Url::parse(&format!("{}/oauth/token", oauth_base.trim_end_matches('/')))?;
        Ok(ZoomEndpoints {
            api_base,
            token_url,
        })
    }
}

pub struct ZoomCredentials {
    pub account_id: String,
    pub client_id: String,
    pub client_secret: Secret,
}

struct HeldToken {
    value: Secret,
    /// Wall-clock time: `Instant` stands still while the computer sleeps.
    renew_after: chrono::DateTime<chrono::Utc>,
}

/// What minting a token tells `doctor`: the granted scopes and Zoom's clock.
#[derive(Debug, Clone)]
pub struct CredentialCheck {
    pub scopes: Vec<String>,
    pub server_time: Option<chrono::DateTime<chrono::Utc>>,
}

/// Renew this long before Zoom's stated expiry, so a tap never holds a dying token.
const RENEW_MARGIN: Duration = Duration::from_secs(300);
/// A tap must answer within 10 s; one Zoom call gets at most this long.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(8);
/// A 429 asking for at most this wait is waited out once; a longer one is reported.
const SHORT_RETRY: Duration = Duration::from_secs(2);

pub struct ZoomClient {
    http: reqwest::Client,
    endpoints: ZoomEndpoints,
    credentials: ZoomCredentials,
    token: Mutex<Option<HeldToken>>,
    page_size: u16,
}

impl ZoomClient {
    pub fn new(endpoints: ZoomEndpoints, credentials: ZoomCredentials) -> Self {
        let http = crate::http::api_client(REQUEST_TIMEOUT);
        ZoomClient {
            http,
            endpoints,
            credentials,
            token: Mutex::new(None),
            page_size: 300,
        }
    }

    /// The account the requests count against (Zoom's limits are per account).
    pub fn account_id(&self) -> &str {
        &self.credentials.account_id
    }

    /// Smaller pages, so tests can see pagination followed.
    pub fn with_page_size(mut self, page_size: u16) -> Self {
        self.page_size = page_size.clamp(1, 300);
        self
    }

    /// `GET /meetings/{id}`: a fresh `start_url` every call, never cached.
    pub async fn meeting(&self, id: MeetingId) -> Result<Meeting, Error> {
        self.get_json(&["meetings", &id.to_string()], &[])
            .await
            .map_err(|e| match e {
                Error::Api { code: 3001, .. } => Error::MeetingNotFound { id },
                other => other,
            })
    }

    /// `POST /users/{userId}/meetings`: an instant meeting (type 1) hosted by
    /// `user_id`, with Zoom's fresh `start_url`, join link and passcode.
    /// Zoom allows 100 creates per user a day (a 429 `Daily-limit`), and the
    /// call is never repeated where it might have created one already.
    pub async fn create_instant_meeting(
        &self,
        user_id: &str,
        topic: &str,
        minutes: u32,
    ) -> Result<Meeting, Error> {
        let body = NewMeeting::instant(topic, minutes);
        self.post_json(&["users", user_id, "meetings"], &body).await
    }

    /// `GET /users/{userId}/meetings?type=upcoming`, every page.
    pub async fn upcoming_meetings(&self, user_id: &str) -> Result<Vec<MeetingSummary>, Error> {
        let path = ["users", user_id, "meetings"];
        let pages: Vec<MeetingList> = self.all_pages(&path, &[("type", "upcoming")]).await?;
        Ok(pages.into_iter().flat_map(|p| p.meetings).collect())
    }

    /// `GET /users?status=active`, every page.
    pub async fn users(&self) -> Result<Vec<UserSummary>, Error> {
        let pages: Vec<UserList> = self.all_pages(&["users"], &[("status", "active")]).await?;
        Ok(pages.into_iter().flat_map(|p| p.users).collect())
    }

    /// A fresh ZAK for `user_id`. `type=zak` is explicit: Zoom's default is a deprecated token type.
    pub async fn zak(&self, user_id: &str) -> Result<Secret, Error> {
        let body: TokenBody = self
            .get_json(&["users", user_id, "token"], &[("type", "zak")])
            .await?;
        Ok(body.token)
    }

    /// Follows `next_page_token` until Zoom sends an empty one.
    async fn all_pages<P: DeserializeOwned + Paged>(
        &self,
        segments: &[&str],
        query: &[(&str, &str)],
    ) -> Result<Vec<P>, Error> {
        let size = self.page_size.to_string();
        let mut pages: Vec<P> = Vec::new();
        let mut guard = crate::http::paging::PageGuard::default();
        loop {
            let mut q = query.to_vec();
            q.push(("page_size", size.as_str()));
            let token = pages
                .last()
                .map(|p| p.next_page_token().to_string())
                .unwrap_or_default();
            if !token.is_empty() {
                guard
                    .follow(&token)
                    .map_err(|e| Error::Decode(format!("Zoom's list: {e}")))?;
                q.push(("next_page_token", token.as_str()));
            }
            let page: P = self.get_json(segments, &q).await?;
            let last = page.next_page_token().is_empty();
            pages.push(page);
            if last {
                return Ok(pages);
            }
        }
    }

    /// Mints a token now (replacing the held one) and reports what Zoom granted.
    pub async fn check_credentials(&self) -> Result<CredentialCheck, Error> {
        let (token, check) = self.mint_token().await?;
        *self.token.lock().await = Some(token);
        Ok(check)
    }

    /// Makes sure a valid token is held, so the next tap costs one request.
    pub async fn warm_up(&self) -> Result<(), Error> {
        self.access_token().await.map(drop)
    }

    async fn get_json<T: DeserializeOwned>(
        &self,
        segments: &[&str],
        query: &[(&str, &str)],
    ) -> Result<T, Error> {
        let url = self.url(segments, query)?;
        self.call(Method::GET, &url, None).await
    }

    /// A POST that creates something. It goes through the same retries as a
    /// GET, and that is safe because each retry follows an answer in which
    /// Zoom refused the request before acting (401: the token; 429: the
    /// limit). A timeout is never retried: Zoom may have created it.
    async fn post_json<T: DeserializeOwned>(
        &self,
        segments: &[&str],
        body: &impl Serialize,
    ) -> Result<T, Error> {
        let url = self.url(segments, &[])?;
        let body = serde_json::to_value(body).map_err(|e| Error::Decode(e.to_string()))?;
        self.call(Method::POST, &url, Some(&body)).await
    }

    fn url(&self, segments: &[&str], query: &[(&str, &str)]) -> Result<Url, Error> {
        let mut url = self.endpoints.api_base.clone();
        url.path_segments_mut()
            .map_err(|_| Error::Decode("api base cannot take a path".into()))?
            .extend(segments);
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        Ok(url)
    }

    async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        url: &Url,
        body: Option<&serde_json::Value>,
    ) -> Result<T, Error> {
        // Retry policy: a rejected token is minted again once (minting elsewhere
        // can revoke ours); a 429 asking for a short wait is waited out once.
        // Nothing else is retried: a tap must answer quickly.
        let token = self.access_token().await?;
        match self.send(&method, url, &token, body).await {
            Err(Error::Unauthorized { .. }) => {
                tracing::info!("zoom rejected the held token; minting a new one");
                self.forget_token(&token).await;
                let token = self.access_token().await?;
                self.send(&method, url, &token, body).await
            }
            Err(Error::RateLimited {
                retry_after: Some(wait),
                ..
            }) if wait <= SHORT_RETRY => {
                tracing::info!(
                    wait_ms = wait.as_millis() as u64,
                    "zoom rate limit; waiting once"
                );
                tokio::time::sleep(wait).await;
                self.send(&method, url, &token, body).await
            }
            other => other,
        }
    }

    async fn send<T: DeserializeOwned>(
        &self,
        method: &Method,
        url: &Url,
        token: &Secret,
        body: Option<&serde_json::Value>,
    ) -> Result<T, Error> {
        let mut request = self
            .http
            .request(method.clone(), url.clone())
            .bearer_auth(token.expose());
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = crate::http::send(Api::Zoom, request)
            .await
            .map_err(Error::from_transport)?;
        if response.status().is_success() {
            return body::json(response).await.map_err(Error::from_body);
        }
        Err(api_error(response).await)
    }

    async fn access_token(&self) -> Result<Secret, Error> {
        let mut held = self.token.lock().await;
        if let Some(token) = held.as_ref().filter(|t| chrono::Utc::now() < t.renew_after) {
            return Ok(token.value.clone());
        }
        let (fresh, _) = self.mint_token().await?;
        let value = fresh.value.clone();
        *held = Some(fresh);
        Ok(value)
    }

    async fn forget_token(&self, rejected: &Secret) {
        let mut held = self.token.lock().await;
        if held.as_ref().is_some_and(|t| &t.value == rejected) {
            *held = None;
        }
    }

    async fn mint_token(&self) -> Result<(HeldToken, CredentialCheck), Error> {
        let c = &self.credentials;
        let request = self
            .http
            .post(self.endpoints.token_url.clone())
            .basic_auth(&c.client_id, Some(c.client_secret.expose()))
            .form(&[
                ("grant_type", "account_credentials"),
                ("account_id", c.account_id.as_str()),
            ]);
        let response = crate::http::send(Api::Oauth, request)
            .await
            .map_err(Error::from_transport)?;
        let status = response.status();
        if !status.is_success() {
            let body = body::text(response).await.unwrap_or_default();
            return Err(match serde_json::from_str::<OAuthErrorBody>(&body) {
                Ok(e) if e.error == "invalid_client" || status == StatusCode::UNAUTHORIZED => {
                    Error::InvalidClient { reason: e.reason }
                }
                Ok(e) => Error::Api {
                    status: status.as_u16(),
                    code: 0,
                    message: format!("{}: {}", e.error, e.reason),
                },
                Err(_) => Error::Api {
                    status: status.as_u16(),
                    code: 0,
                    message: "token endpoint failed".into(),
                },
            });
        }
        let server_time = response
            .headers()
            .get("date")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| chrono::DateTime::parse_from_rfc2822(v).ok())
            .map(|t| t.with_timezone(&chrono::Utc));
        let token: TokenResponse = body::json(response).await.map_err(Error::from_body)?;
        tracing::debug!(expires_in = token.expires_in, scope = %token.scope, "minted zoom token");
        let lifetime = Duration::from_secs(token.expires_in);
        let check = CredentialCheck {
            scopes: token.scope.split_whitespace().map(str::to_string).collect(),
            server_time,
        };
        let held = HeldToken {
            value: token.access_token,
            renew_after: chrono::Utc::now()
                + chrono::Duration::from_std(lifetime.saturating_sub(RENEW_MARGIN))
                    .unwrap_or_default(),
        };
        Ok((held, check))
    }
}

/// A page of a Zoom list endpoint.
trait Paged {
    fn next_page_token(&self) -> &str;
}

impl Paged for MeetingList {
    fn next_page_token(&self) -> &str {
        &self.next_page_token
    }
}

impl Paged for UserList {
    fn next_page_token(&self) -> &str {
        &self.next_page_token
    }
}

async fn api_error(response: Response) -> Error {
    let status = response.status();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    if status == StatusCode::TOO_MANY_REQUESTS {
        let retry_after = retry_after(response.headers());
        let limit_type = header("x-ratelimit-type").unwrap_or_else(|| "unspecified".into());
        return Error::RateLimited {
            retry_after,
            limit_type,
        };
    }
    let body: Option<ApiErrorBody> = body::json(response).await.ok();
    let (code, message) = body.map_or((0, String::new()), |b| (b.code, b.message));
    // 4711 first: Zoom has sent a missing scope as 400 and as 401, and
    // minting the token again would not add the scope.
    match (status.as_u16(), code) {
        (_, 4711) => Error::MissingScope { message },
        (401, _) | (_, 124) => Error::Unauthorized { message },
        (status, code) => Error::Api {
            status,
            code,
            message,
        },
    }
}
