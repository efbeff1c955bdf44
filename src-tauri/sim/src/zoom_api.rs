//! A fake of Zoom's Server-to-Server OAuth and meeting endpoints, with the
//! field names and types of Zoom's published spec and the error bodies the
//! real API returns.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine;
use chrono::{Duration, Utc};
use serde_json::{json, Value};

use crate::schedule::{DemoMeeting, HOST_EMAIL, HOST_ID};
use crate::{LinkStyle, SimState, ACCOUNT_ID, CLIENT_ID};

const TOKEN_LIFETIME_SECS: i64 = 3599;

fn error(status: StatusCode, code: i64, message: String) -> Response {
    (status, Json(json!({ "code": code, "message": message }))).into_response()
}

pub async fn token(
    State(sim): State<Arc<SimState>>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
    body: String,
) -> Response {
    sim.count("token");
    // Zoom accepts the grant in the query string or the form body.
    let mut params: HashMap<String, String> = url::form_urlencoded::parse(body.as_bytes())
        .into_owned()
        .collect();
    params.extend(query);
    let expected = base64::engine::general_purpose::STANDARD
        .encode(format!("{CLIENT_ID}:{}", sim.client_secret));
    let basic_ok = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        == Some(expected.as_str());
    if !basic_ok {
        return (
            StatusCode::BAD_REQUEST,
            Json(
                json!({"reason": "Invalid client_id or client_secret", "error": "invalid_client"}),
            ),
        )
            .into_response();
    }
    if params.get("grant_type").map(String::as_str) != Some("account_credentials") {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"reason": "Unsupported grant type", "error": "unsupported_grant_type"})),
        )
            .into_response();
    }
    if params.get("account_id").map(String::as_str) != Some(ACCOUNT_ID) {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"reason": "Invalid request : Account does not exist.", "error": "invalid_request"})),
        )
            .into_response();
    }
    let token = format!("sim-token-{}", crate::random_token(24));
    sim.tokens.lock().unwrap().insert(
        token.clone(),
        Utc::now() + Duration::seconds(TOKEN_LIFETIME_SECS),
    );
    Json(json!({
        "access_token": token,
        "token_type": "bearer",
        "expires_in": TOKEN_LIFETIME_SECS,
        "scope": "meeting:read:admin user:read:token:admin user:read:admin",
        "api_url": "https://api.zoom.us",
    }))
    .into_response()
}

/// The 401 Zoom sends for a missing, unknown or expired token; `None` when the token is good.
fn denial(sim: &SimState, headers: &HeaderMap) -> Option<Response> {
    let bearer = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let tokens = sim.tokens.lock().unwrap();
    match bearer.and_then(|t| tokens.get(t)) {
        Some(expiry) if *expiry > Utc::now() => None,
        Some(_) => Some(error(
            StatusCode::UNAUTHORIZED,
            124,
            "Access token is expired.".into(),
        )),
        None => Some(error(
            StatusCode::UNAUTHORIZED,
            124,
            "Invalid access token.".into(),
        )),
    }
}

pub async fn meeting(
    State(sim): State<Arc<SimState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    sim.count("meeting");
    if let Some(denied) = denial(&sim, &headers) {
        return denied;
    }
    let found = id.parse::<u64>().ok().and_then(|n| {
        sim.schedule
            .meetings
            .iter()
            .find(|m| m.id == n && m.hosted_here)
    });
    let Some(m) = found else {
        return error(
            StatusCode::NOT_FOUND,
            3001,
            format!("Meeting does not exist: {id}."),
        );
    };
    let zak = format!("sim-zak-{}", crate::random_token(32));
    let start_url = format!("{}/s/{}?zak={zak}", sim.link_base(), m.id);
    sim.issued.lock().unwrap().push(start_url.clone());
    Json(meeting_body(m, &sim, start_url)).into_response()
}

fn meeting_body(m: &DemoMeeting, sim: &SimState, start_url: String) -> Value {
    json!({
        "assistant_id": "",
        "host_email": HOST_EMAIL,
        "host_id": HOST_ID,
        "id": m.id,
        "uuid": format!("{}+Qm/{}==", m.id % 1000, m.id % 97),
        "agenda": "",
        "created_at": (m.start - Duration::days(7)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "duration": m.minutes,
        "encrypted_password": m.encrypted_passcode,
        "h323_password": m.passcode,
        "pstn_password": m.passcode,
        "join_url": join_url(sim, m),
        "occurrences": [],
        "password": m.passcode,
        "pre_schedule": false,
        "settings": { "host_video": true, "participant_video": true, "join_before_host": false, "waiting_room": false },
        "start_time": m.start.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "start_url": start_url,
        "status": "waiting",
        "timezone": "UTC",
        "topic": m.topic,
        "type": 2,
    })
}

fn join_url(sim: &SimState, m: &DemoMeeting) -> String {
    match sim.links {
        LinkStyle::Zoom => format!(
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

pub async fn user_meetings(
    State(sim): State<Arc<SimState>>,
    headers: HeaderMap,
    Path(user): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    sim.count("list");
    if let Some(denied) = denial(&sim, &headers) {
        return denied;
    }
    if user != "me" && user != HOST_ID && user != HOST_EMAIL {
        return error(
            StatusCode::NOT_FOUND,
            1001,
            format!("User does not exist: {user}."),
        );
    }
    let page_size: usize = query
        .get("page_size")
        .and_then(|s| s.parse().ok())
        .unwrap_or(30)
        .clamp(1, 300);
    let offset: usize = query
        .get("next_page_token")
        .filter(|t| !t.is_empty())
        .and_then(|t| t.strip_prefix("page-"))
        .and_then(|t| t.parse().ok())
        .unwrap_or(0);
    let hosted: Vec<&DemoMeeting> = sim
        .schedule
        .meetings
        .iter()
        .filter(|m| m.hosted_here)
        .collect();
    let page: Vec<Value> = hosted
        .iter()
        .skip(offset)
        .take(page_size)
        .map(|m| {
            json!({
                "agenda": "", "created_at": (m.start - Duration::days(7)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                "duration": m.minutes, "host_id": HOST_ID, "id": m.id, "join_url": join_url(&sim, m),
                "start_time": m.start.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                "timezone": "UTC", "topic": m.topic, "type": 2,
                "uuid": format!("{}+Qm/{}==", m.id % 1000, m.id % 97),
            })
        })
        .collect();
    let next = offset + page.len();
    Json(json!({
        "next_page_token": if next < hosted.len() { format!("page-{next}") } else { String::new() },
        "page_size": page_size,
        "total_records": hosted.len(),
        "meetings": page,
    }))
    .into_response()
}
