//! A fake of Zoom's Server-to-Server OAuth and the meeting and user endpoints,
//! with the field names and types of Zoom's published spec and the error
//! bodies the real API returns. Faults from `Faults` apply per request.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine;
use chrono::{Duration, SecondsFormat, Utc};
use serde_json::{json, Value};

use crate::schedule::{DemoMeeting, EXPIRED_MEETING_ID, HOST_EMAIL, HOST_ID, HOST_NAME};
use crate::{LinkStyle, SimState, ACCOUNT_ID, CLIENT_ID};

const TOKEN_LIFETIME_SECS: i64 = 3599;
const ALL_SCOPES: &str =
    "meeting:read:admin meeting:write:admin user:read:token:admin user:read:admin";

type Params = Query<HashMap<String, String>>;

pub(crate) fn error(status: StatusCode, code: i64, message: String) -> Response {
    (status, Json(json!({ "code": code, "message": message }))).into_response()
}

fn oauth_error(error: &str, reason: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({"reason": reason, "error": error})),
    )
        .into_response()
}

fn time(t: chrono::DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

async fn slow_down(sim: &SimState) {
    let delay = sim.faults.lock().unwrap().delay();
    if let Some(delay) = delay {
        tokio::time::sleep(delay).await;
    }
}

/// Authorisation, then the switched-on faults, in the order Zoom applies them.
/// `needs`: the endpoint's classic scope and its granular one; either will do.
/// Zoom's 429 when the account is over its per-second limit: List calls and
/// Create are Medium, the rest Light.
#[cfg(feature = "fakes")]
fn over_quota(sim: &SimState, needs: [&str; 2]) -> Option<Response> {
    let medium = needs
        .iter()
        .any(|n| n.contains(":list_") || n.contains(":write:"));
    let call = crate::quota::Call::Zoom {
        account: ACCOUNT_ID,
        medium,
    };
    let crate::quota::Answer::TooManyRequests { retry_after } = sim.over_quota(call)? else {
        return None;
    };
    let mut response = error(
        StatusCode::TOO_MANY_REQUESTS,
        429,
        "You have reached the maximum per-second rate limit for this API. Try again later.".into(),
    );
    let headers = response.headers_mut();
    headers.insert("x-ratelimit-type", "QPS".parse().expect("static"));
    let category = if medium { "Medium" } else { "Light" };
    headers.insert("x-ratelimit-category", category.parse().expect("static"));
    headers.insert("retry-after", retry_after.as_secs().into());
    Some(response)
}

pub(crate) async fn gate(
    sim: &SimState,
    headers: &HeaderMap,
    needs: [&str; 2],
) -> Option<Response> {
    slow_down(sim).await;
    let bearer = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let scopes = {
        let tokens = sim.tokens.lock().unwrap();
        match bearer.and_then(|t| tokens.get(t)) {
            Some((expiry, scopes)) if *expiry > Instant::now() => scopes.clone(),
            Some(_) => {
                return Some(error(
                    StatusCode::UNAUTHORIZED,
                    124,
                    "Access token is expired.".into(),
                ))
            }
            None => {
                return Some(error(
                    StatusCode::UNAUTHORIZED,
                    124,
                    "Invalid access token.".into(),
                ))
            }
        }
    };
    if let Some(fault) = sim.faults.lock().unwrap().injected(sim.anchor) {
        return Some(fault);
    }
    #[cfg(feature = "fakes")]
    if let Some(refused) = over_quota(sim, needs) {
        return Some(refused);
    }
    if !scopes.split_whitespace().any(|s| needs.contains(&s)) {
        return Some(error(
            StatusCode::BAD_REQUEST,
            4711,
            format!(
                "Invalid access token, does not contain scopes:[{}].",
                needs.join(", ")
            ),
        ));
    }
    None
}

pub async fn token(
    State(sim): State<Arc<SimState>>,
    headers: HeaderMap,
    Query(query): Params,
    body: String,
) -> Response {
    sim.count("token");
    slow_down(&sim).await;
    // Zoom accepts the grant in the query string or the form body.
    let mut params: HashMap<String, String> = url::form_urlencoded::parse(body.as_bytes())
        .into_owned()
        .collect();
    params.extend(query);
    let expected = base64::engine::general_purpose::STANDARD
        .encode(format!("{CLIENT_ID}:{}", sim.client_secret));
    let basic = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "));
    if basic != Some(expected.as_str()) {
        return oauth_error("invalid_client", "Invalid client_id or client_secret");
    }
    if params.get("grant_type").map(String::as_str) != Some("account_credentials") {
        return oauth_error("unsupported_grant_type", "Unsupported grant type");
    }
    if params.get("account_id").map(String::as_str) != Some(ACCOUNT_ID) {
        return oauth_error(
            "invalid_request",
            "Invalid request : Account does not exist.",
        );
    }
    let (lifetime, scopes) = {
        let f = sim.faults.lock().unwrap();
        (
            f.token_lifetime_secs().unwrap_or(TOKEN_LIFETIME_SECS),
            f.scopes().unwrap_or_else(|| ALL_SCOPES.into()),
        )
    };
    let token = format!("sim-token-{}", crate::random_token(24));
    sim.tokens.lock().unwrap().insert(
        token.clone(),
        (
            Instant::now() + std::time::Duration::from_secs(u64::try_from(lifetime).unwrap_or(0)),
            scopes.clone(),
        ),
    );
    sim.minted.lock().unwrap().push(token.clone());
    Json(json!({
        "access_token": token,
        "token_type": "bearer",
        "expires_in": lifetime,
        "scope": scopes,
        "api_url": "https://api.zoom.us",
    }))
    .into_response()
}

pub async fn meeting(
    State(sim): State<Arc<SimState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    sim.count("meeting");
    if let Some(denied) = gate(
        &sim,
        &headers,
        ["meeting:read:admin", "meeting:read:meeting:admin"],
    )
    .await
    {
        return denied;
    }
    let deleted = sim.faults.lock().unwrap().deleted(&id);
    if id == EXPIRED_MEETING_ID.to_string() || deleted {
        return error(
            StatusCode::NOT_FOUND,
            3001,
            format!("Meeting {id} is not found or has expired."),
        );
    }
    let found = id.parse::<u64>().ok().and_then(|n| {
        sim.schedule
            .meetings
            .iter()
            .find(|m| m.id == n && m.hosted_here)
    });
    let Some(m) = found else {
        if let Some(created) = id
            .parse()
            .ok()
            .and_then(|n| crate::zoom_create::served(&sim, n))
        {
            return Json(created).into_response();
        }
        return error(
            StatusCode::NOT_FOUND,
            3001,
            format!("Meeting does not exist: {id}."),
        );
    };
    let zak = format!("sim-zak-{}", crate::random_token(32));
    let start_url = format!("{}/s/{}?zak={zak}", sim.launcher_base(), m.id);
    sim.issued.lock().unwrap().push(start_url.clone());
    Json(meeting_body(m, &sim, start_url)).into_response()
}

fn meeting_body(m: &DemoMeeting, sim: &SimState, start_url: String) -> Value {
    let occurrences: Vec<Value> = if m.meeting_type == 8 {
        (0..4)
            .map(|week| {
                let at = m.start + Duration::weeks(week);
                json!({"occurrence_id": at.timestamp_millis().to_string(), "start_time": time(at), "duration": m.minutes, "status": "available"})
            })
            .collect()
    } else {
        vec![]
    };
    let mut body = json!({
        "assistant_id": "",
        "host_email": HOST_EMAIL,
        "host_id": HOST_ID,
        "id": m.id,
        "uuid": format!("{}+Qm/{}==", m.id % 1000, m.id % 97),
        "agenda": "",
        "created_at": time(m.start - Duration::days(7)),
        "duration": m.minutes,
        "encrypted_password": m.encrypted_passcode,
        "h323_password": m.passcode,
        "pstn_password": m.passcode,
        "join_url": join_url(sim, m),
        "chat_join_url": format!("https://us06web.zoom.us/launch/jc/{}", m.id),
        "occurrences": occurrences,
        "password": m.passcode,
        "pre_schedule": false,
        "settings": { "host_video": true, "participant_video": true, "join_before_host": false, "waiting_room": false },
        "start_url": start_url,
        "status": "waiting",
        "timezone": "UTC",
        "topic": m.topic,
        "type": m.meeting_type,
    });
    // Type 3 has no fixed time; a PMI carries its number in `pmi`.
    if m.meeting_type != 3 {
        body["start_time"] = json!(time(m.start));
    }
    if m.meeting_type == 4 {
        body["pmi"] = json!(m.id.to_string());
    }
    body
}

fn join_url(sim: &SimState, m: &DemoMeeting) -> String {
    match sim.links {
        LinkStyle::Zoom | LinkStyle::ZoomWithLocalLauncher => format!(
            "https://{}/j/{}?pwd={}",
            m.link_host, m.id, m.encrypted_passcode
        ),
        LinkStyle::Local => format!(
            "{}/j/{}?pwd={}",
            sim.link_base(),
            m.id,
            m.encrypted_passcode
        ),
    }
}

const OTHER_USER_ID: &str = "pQ8rS2tU4vW6xY8zA0bC2d";
const OTHER_USER_EMAIL: &str = "sam.okafor@demo.roomstart.test";

/// The demo host (who hosts every meeting), or the account's second user.
fn is_host(user: &str) -> bool {
    user == "me" || user == HOST_ID || user == HOST_EMAIL
}

fn known_user(user: &str) -> bool {
    user_of(user).is_some()
}

/// The account's user that `user` (an id, an email or `me`) names: id and email.
pub(crate) fn user_of(user: &str) -> Option<(&'static str, &'static str)> {
    if is_host(user) {
        Some((HOST_ID, HOST_EMAIL))
    } else if user == OTHER_USER_ID || user == OTHER_USER_EMAIL {
        Some((OTHER_USER_ID, OTHER_USER_EMAIL))
    } else {
        None
    }
}

/// Cursor pagination the way Zoom does it: an opaque `next_page_token`, empty on the last page.
fn page<T: Clone>(
    items: &[T],
    query: &HashMap<String, String>,
    default_size: usize,
) -> (Vec<T>, String, usize) {
    let size = query
        .get("page_size")
        .and_then(|s| s.parse().ok())
        .unwrap_or(default_size)
        .clamp(1, 300);
    let offset: usize = query
        .get("next_page_token")
        .and_then(|t| t.strip_prefix("cursor-"))
        .and_then(|t| t.parse().ok())
        .unwrap_or(0);
    let chunk: Vec<T> = items.iter().skip(offset).take(size).cloned().collect();
    let next = offset + chunk.len();
    let token = if next < items.len() {
        format!("cursor-{next}")
    } else {
        String::new()
    };
    (chunk, token, size)
}

pub async fn user_meetings(
    State(sim): State<Arc<SimState>>,
    headers: HeaderMap,
    Path(user): Path<String>,
    Query(query): Params,
) -> Response {
    sim.count("list");
    if let Some(denied) = gate(
        &sim,
        &headers,
        ["meeting:read:admin", "meeting:read:list_meetings:admin"],
    )
    .await
    {
        return denied;
    }
    if !known_user(&user) {
        return error(
            StatusCode::NOT_FOUND,
            1001,
            format!("User does not exist: {user}."),
        );
    }
    // Upcoming: scheduled and recurring meetings; neither the PMI nor instant ones.
    let listed: Vec<Value> = sim
        .schedule
        .meetings
        .iter()
        .filter(|m| is_host(&user) && m.hosted_here && matches!(m.meeting_type, 2 | 3 | 8))
        .map(|m| {
            let mut row = json!({
                "agenda": "", "created_at": time(m.start - Duration::days(7)), "duration": m.minutes,
                "host_id": HOST_ID, "id": m.id, "join_url": join_url(&sim, m), "timezone": "UTC",
                "topic": m.topic, "type": m.meeting_type, "uuid": format!("{}+Qm/{}==", m.id % 1000, m.id % 97),
            });
            if m.meeting_type != 3 {
                row["start_time"] = json!(time(m.start));
            }
            row
        })
        .collect();
    let (chunk, next, size) = page(&listed, &query, 30);
    Json(json!({"next_page_token": next, "page_size": size, "total_records": listed.len(), "meetings": chunk})).into_response()
}

/// `GET /users/{userId}/token`: `type` defaults to the deprecated `token`, so a ZAK needs `type=zak`.
pub async fn user_token(
    State(sim): State<Arc<SimState>>,
    headers: HeaderMap,
    Path(user): Path<String>,
    Query(query): Params,
) -> Response {
    sim.count("zak");
    if let Some(denied) = gate(&sim, &headers, ["user:read:admin", "user:read:token:admin"]).await {
        return denied;
    }
    if !known_user(&user) {
        return error(
            StatusCode::NOT_FOUND,
            1001,
            format!("User does not exist: {user}."),
        );
    }
    if query.get("type").map(String::as_str) != Some("zak") {
        return Json(json!({"token": format!("sim-legacy-token-{}", crate::random_token(16))}))
            .into_response();
    }
    let zak = format!("sim-zak-{}", crate::random_token(32));
    sim.zaks.lock().unwrap().push(zak.clone());
    Json(json!({ "token": zak })).into_response()
}

/// `GET /users`: the account's active users, paginated.
pub async fn users(
    State(sim): State<Arc<SimState>>,
    headers: HeaderMap,
    Query(query): Params,
) -> Response {
    sim.count("users");
    if let Some(denied) = gate(
        &sim,
        &headers,
        ["user:read:admin", "user:read:list_users:admin"],
    )
    .await
    {
        return denied;
    }
    let all = vec![
        json!({"id": HOST_ID, "email": HOST_EMAIL, "first_name": "Dana", "last_name": "Reyes", "display_name": HOST_NAME, "type": 2, "status": "active"}),
        json!({"id": OTHER_USER_ID, "email": OTHER_USER_EMAIL, "first_name": "Sam", "last_name": "Okafor", "display_name": "Sam Okafor", "type": 2, "status": "active"}),
    ];
    let (chunk, next, size) = page(&all, &query, 30);
    Json(json!({"next_page_token": next, "page_size": size, "total_records": all.len(), "users": chunk})).into_response()
}
