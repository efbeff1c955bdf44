//! A fake of Microsoft Graph for a room mailbox: the client-credentials token
//! endpoint and `calendarView`, with `@odata.nextLink` paging, the `Prefer`
//! header honoured for UTC times and text bodies, and Graph's error bodies.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};

use crate::SimState;

pub const TENANT_ID: &str = "3f9a1c2e-demo-tenant";
pub const GRAPH_CLIENT_ID: &str = "b7e0d4a1-demo-graph-app";
pub const ROOM_MAILBOX: &str = "aurora@demo.roomstart.test";

fn graph_error(status: StatusCode, code: &str, message: &str) -> Response {
    (
        status,
        Json(json!({"error": {"code": code, "message": message}})),
    )
        .into_response()
}

pub async fn token(
    State(sim): State<Arc<SimState>>,
    Path(tenant): Path<String>,
    body: String,
) -> Response {
    sim.count("graph_token");
    let form: HashMap<String, String> = url::form_urlencoded::parse(body.as_bytes())
        .into_owned()
        .collect();
    let field = |k: &str| form.get(k).map(String::as_str);
    if tenant != TENANT_ID {
        return (StatusCode::BAD_REQUEST, Json(json!({"error": "invalid_request", "error_description": "AADSTS90002: Tenant not found."}))).into_response();
    }
    if field("client_id") != Some(GRAPH_CLIENT_ID)
        || field("client_secret") != Some(sim.client_secret.as_str())
    {
        return (StatusCode::UNAUTHORIZED, Json(json!({"error": "invalid_client", "error_description": "AADSTS7000215: Invalid client secret provided."}))).into_response();
    }
    if field("grant_type") != Some("client_credentials")
        || field("scope") != Some("https://graph.microsoft.com/.default")
    {
        return (StatusCode::BAD_REQUEST, Json(json!({"error": "invalid_scope", "error_description": "AADSTS70011: The provided value for scope is not valid."}))).into_response();
    }
    let token = format!("sim-graph-token-{}", crate::random_token(24));
    sim.graph_tokens.lock().unwrap().push(token.clone());
    sim.minted.lock().unwrap().push(token.clone());
    Json(json!({"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599, "access_token": token})).into_response()
}

pub async fn calendar_view(
    State(sim): State<Arc<SimState>>,
    Path(mailbox): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    sim.count("graph_calendar_view");
    let bearer = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if !bearer.is_some_and(|t| sim.graph_tokens.lock().unwrap().iter().any(|k| k == t)) {
        return graph_error(
            StatusCode::UNAUTHORIZED,
            "InvalidAuthenticationToken",
            "Access token is empty.",
        );
    }
    {
        let mut faults = sim.faults.lock().unwrap();
        if faults.graph_throttle > 0 {
            faults.graph_throttle -= 1;
            let mut r = graph_error(
                StatusCode::TOO_MANY_REQUESTS,
                "ApplicationThrottled",
                "Application is over its MailboxConcurrency limit.",
            );
            r.headers_mut()
                .insert("retry-after", HeaderValue::from_static("1"));
            return r;
        }
    }
    if !mailbox.eq_ignore_ascii_case(ROOM_MAILBOX) {
        return graph_error(
            StatusCode::NOT_FOUND,
            "ErrorInvalidUser",
            "The requested user is invalid.",
        );
    }
    let parse = |k: &str| {
        query
            .get(k)
            .and_then(|v| DateTime::parse_from_rfc3339(v).ok())
            .map(|t| t.with_timezone(&Utc))
    };
    let (Some(from), Some(to)) = (parse("startDateTime"), parse("endDateTime")) else {
        return graph_error(StatusCode::BAD_REQUEST, "ErrorInvalidParameter", "This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.");
    };
    let prefer = headers
        .get("prefer")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let utc = prefer.contains("outlook.timezone=\"UTC\"");
    let text = prefer.contains("outlook.body-content-type=\"text\"");
    let bodies_removed = sim.faults.lock().unwrap().graph_bodies_removed;
    let events: Vec<Value> = sim
        .schedule
        .events
        .iter()
        .filter(|e| e.start < to && e.start + Duration::minutes(e.minutes) > from)
        .map(|e| {
            let meeting = e.meeting.map(|i| &sim.schedule.meetings[i]);
            let link = meeting.map(|m| format!("https://{}/j/{}?pwd={}", m.link_host, m.id, m.encrypted_passcode));
            let content = match (&link, bodies_removed) {
                (_, true) => String::new(),
                (Some(l), _) if text => format!("Dana Reyes is inviting you to a scheduled Zoom meeting.\r\n\r\nJoin Zoom Meeting\r\n{l}\r\n"),
                (Some(l), _) => format!("<html><body><p>Join Zoom Meeting<br><a href=\"{}\">{l}</a></p></body></html>", l.replace('&', "&amp;")),
                (None, _) => if text { "Bring your own mug.".into() } else { "<html><body>Bring your own mug.</body></html>".into() },
            };
            let time = |t: DateTime<Utc>| if utc {
                json!({"dateTime": t.format("%Y-%m-%dT%H:%M:%S.0000000").to_string(), "timeZone": "UTC"})
            } else {
                json!({"dateTime": (t + Duration::hours(1)).format("%Y-%m-%dT%H:%M:%S.0000000").to_string(), "timeZone": "W. Europe Standard Time"})
            };
            json!({
                "@odata.etag": "W/\"DwAAABYAAAA\"",
                "id": format!("AAMkAG{}=", e.uid.replace(['@', '.'], "")),
                "iCalUId": format!("040000008200E00074C5B7101A82E008{}", e.uid.len()),
                "subject": if bodies_removed { "Dana Reyes" } else { e.title },
                "bodyPreview": content.chars().take(255).collect::<String>(),
                "body": {"contentType": if text { "text" } else { "html" }, "content": content},
                "start": time(e.start),
                "end": time(e.start + Duration::minutes(e.minutes)),
                "isAllDay": false,
                "isCancelled": false,
                "sensitivity": "normal",
                "showAs": "busy",
                "type": "singleInstance",
                "location": {"displayName": e.location, "locationType": "default"},
                "isOnlineMeeting": false,
                "onlineMeetingProvider": "unknown",
                "onlineMeeting": Value::Null,
                "responseStatus": {"response": "accepted", "time": "0001-01-01T00:00:00Z"},
            })
        })
        .collect();
    let top: usize = query
        .get("$top")
        .and_then(|v| v.parse().ok())
        .unwrap_or(10)
        .clamp(1, 1000);
    let skip: usize = query.get("$skip").and_then(|v| v.parse().ok()).unwrap_or(0);
    let page: Vec<Value> = events.iter().skip(skip).take(top).cloned().collect();
    let mut body = json!({"@odata.context": format!("{}graph/v1.0/$metadata#users('{mailbox}')/calendar/calendarView", sim.base), "value": page});
    if skip + top < events.len() {
        let mut next = sim
            .base
            .join(&format!("graph/v1.0/users/{mailbox}/calendar/calendarView"))
            .expect("a path joins");
        next.query_pairs_mut()
            .append_pair("startDateTime", &from.to_rfc3339())
            .append_pair("endDateTime", &to.to_rfc3339())
            .append_pair("$top", &top.to_string())
            .append_pair("$skip", &(skip + top).to_string());
        body["@odata.nextLink"] = json!(next.to_string());
    }
    Json(body).into_response()
}
