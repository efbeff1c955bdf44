//! The fake of Zoom's Create a meeting (`POST /v2/users/{userId}/meetings`),
//! with its published limit of 100 creates per user a day. The meetings it
//! creates are then served by Get meeting like the demo day's.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Days, SecondsFormat, Utc};
use rand::Rng;
use serde_json::{json, Value};

use crate::zoom_api::{error, gate, user_of};
use crate::SimState;

/// Zoom's published limit: "100 requests per day" of Create a meeting, per user.
pub const CREATES_PER_USER_PER_DAY: u32 = 100;

/// A meeting the fake created, as a test may check it.
#[derive(Debug, Clone)]
pub struct CreatedMeeting {
    pub id: u64,
    pub meeting_type: u8,
    pub topic: String,
    pub duration: u32,
    pub host_id: String,
    pub host_email: String,
    /// The passcode people type (letters and digits, as Zoom makes them).
    pub password: String,
    /// What a `join_url` carries as `pwd`.
    pub encrypted_password: String,
    /// Digits only, for phones and room systems.
    pub pstn_password: String,
    /// The `start_url` the creating call returned (also in `issued_start_urls`).
    pub start_url: String,
    pub join_url: String,
    /// The body's `settings`, as sent.
    pub settings: Value,
}

pub async fn create_meeting(
    State(sim): State<Arc<SimState>>,
    headers: HeaderMap,
    Path(user): Path<String>,
    body: String,
) -> Response {
    sim.count("create");
    if let Some(denied) = gate(
        &sim,
        &headers,
        ["meeting:write:admin", "meeting:write:meeting:admin"],
    )
    .await
    {
        return denied;
    }
    let Some((host_id, host_email)) = user_of(&user) else {
        return error(
            StatusCode::NOT_FOUND,
            1001,
            format!("User does not exist: {user}."),
        );
    };
    let request: Value = match serde_json::from_str(&body) {
        Ok(Value::Object(o)) => Value::Object(o),
        _ => {
            return error(
                StatusCode::BAD_REQUEST,
                300,
                "Request Body should be a valid JSON object.".into(),
            )
        }
    };
    if let Some(refused) = validation(&request) {
        return refused;
    }
    if !sim.take_create(host_id) {
        return daily_limit(sim.anchor);
    }
    let meeting = new_meeting(&sim, &request, host_id, host_email);
    sim.issued.lock().unwrap().push(meeting.start_url.clone());
    let answer = body_of(&meeting, &sim);
    sim.created.lock().unwrap().push(meeting);
    (StatusCode::CREATED, Json(answer)).into_response()
}

/// Zoom's 300 "Validation Failed" for what Roomstart could get wrong.
fn validation(request: &Value) -> Option<Response> {
    let topic_ok = request["topic"]
        .as_str()
        .is_none_or(|t| t.chars().count() <= 200);
    let type_ok = request["type"]
        .as_u64()
        .is_none_or(|t| matches!(t, 1 | 2 | 3 | 8));
    let field = match (topic_ok, type_ok) {
        (true, true) => return None,
        (false, _) => "topic",
        (_, false) => "type",
    };
    let body = json!({"code": 300, "message": "Validation Failed.", "errors": [{"field": field, "message": "Invalid field."}]});
    Some((StatusCode::BAD_REQUEST, Json(body)).into_response())
}

/// The daily limit's 429. The fake never reads the wall clock: its day is
/// the anchor's, and the limit lifts at the next 00:00 GMT after it.
fn daily_limit(now: DateTime<Utc>) -> Response {
    let mut response = error(
        StatusCode::TOO_MANY_REQUESTS,
        429,
        format!("You have exceeded the daily rate limit of ({CREATES_PER_USER_PER_DAY}) for Create meeting API requests permitted for this particular user. You may resume these requests at GMT 00:00:00."),
    );
    let midnight = now
        .date_naive()
        .checked_add_days(Days::new(1))
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
        .unwrap_or(now);
    let headers = response.headers_mut();
    let mut set = |name: &'static str, value: String| {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    };
    set("x-ratelimit-type", "Daily-limit".into());
    set("x-ratelimit-category", "Medium".into());
    set("x-ratelimit-limit", CREATES_PER_USER_PER_DAY.to_string());
    set("x-ratelimit-remaining", "0".into());
    set("date", now.format("%a, %d %b %Y %H:%M:%S GMT").to_string());
    set(
        "retry-after",
        midnight.to_rfc3339_opts(SecondsFormat::Secs, true),
    );
    response
}

fn new_meeting(sim: &SimState, request: &Value, host_id: &str, host_email: &str) -> CreatedMeeting {
    let mut rng = rand::rng();
    // 11 digits, as every meeting ID since 2020; 8… keeps clear of the demo day's.
    let id = rng.random_range(80_000_000_000..90_000_000_000u64);
    let pstn_password: String = (0..6)
        .map(|_| char::from(b'0' + rng.random_range(0..10u8)))
        .collect();
    let password = crate::random_token(6);
    let encrypted_password = crate::random_token(32);
    let zak = format!("sim-zak-{}", crate::random_token(32));
    CreatedMeeting {
        id,
        meeting_type: 1,
        topic: request["topic"]
            .as_str()
            .unwrap_or("Zoom Meeting")
            .to_string(),
        duration: request["duration"]
            .as_u64()
            .and_then(|d| u32::try_from(d).ok())
            .unwrap_or(60),
        host_id: host_id.to_string(),
        host_email: host_email.to_string(),
        start_url: format!("{}/s/{id}?zak={zak}", sim.launcher_base()),
        join_url: format!("{}/j/{id}?pwd={encrypted_password}", sim.link_base()),
        password,
        encrypted_password,
        pstn_password,
        settings: request["settings"].clone(),
    }
}

/// Create's 201 body, and Get meeting's for a created meeting (with a new
/// `start_url` each time, as Zoom does).
pub fn body_of(m: &CreatedMeeting, sim: &SimState) -> Value {
    let mut settings = json!({"host_video": true, "participant_video": true, "join_before_host": false, "waiting_room": false});
    if let (Some(asked), Some(merged)) = (m.settings.as_object(), settings.as_object_mut()) {
        merged.extend(asked.clone());
    }
    json!({
        "assistant_id": "",
        "host_email": m.host_email,
        "host_id": m.host_id,
        "id": m.id,
        "uuid": format!("{}+Nw/{}==", m.id % 1000, m.id % 97),
        "agenda": "",
        "created_at": sim.anchor.to_rfc3339_opts(SecondsFormat::Secs, true),
        "duration": m.duration,
        "encrypted_password": m.encrypted_password,
        "h323_password": m.pstn_password,
        "pstn_password": m.pstn_password,
        "join_url": m.join_url,
        "password": m.password,
        "pre_schedule": false,
        "settings": settings,
        "start_url": m.start_url,
        "status": "waiting",
        "timezone": "UTC",
        "topic": m.topic,
        "type": m.meeting_type,
    })
}

/// Get meeting for a meeting the fake created: its body with a fresh
/// `start_url`, recorded like every other one handed out.
pub fn served(sim: &SimState, id: u64) -> Option<Value> {
    let mut m = sim
        .created
        .lock()
        .unwrap()
        .iter()
        .find(|m| m.id == id)?
        .clone();
    let zak = format!("sim-zak-{}", crate::random_token(32));
    m.start_url = format!("{}/s/{}?zak={zak}", sim.launcher_base(), m.id);
    sim.issued.lock().unwrap().push(m.start_url.clone());
    Some(body_of(&m, sim))
}
