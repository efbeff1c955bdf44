//! Calendar v3 writes on the fake: `events.insert`, `events.get` and
//! `events.patch` with `If-Match`, and Google's error bodies for a stale
//! version (412 `conditionNotMet`), a token without the `calendar.events`
//! scope (403 `insufficientPermissions`) and a calendar shared read-only
//! (403 `requiredAccessLevel`).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::calendar_edits::{CalendarEdit, CalendarWrite, NewEvent};
use crate::google_api::{api_error, gate, item, may_write_events, ROOM_CALENDAR_ID};
use crate::SimState;

/// Google's answer when the token, quota, calendar, scope or sharing stops a write.
fn refusal(sim: &SimState, headers: &HeaderMap, calendar_id: &str) -> Option<Response> {
    if let Some(refused) = gate(sim, headers) {
        return Some(refused);
    }
    if calendar_id != ROOM_CALENDAR_ID {
        return Some(api_error(StatusCode::NOT_FOUND, "notFound", "Not Found"));
    }
    if !may_write_events(headers) {
        return Some(api_error(
            StatusCode::FORBIDDEN,
            "insufficientPermissions",
            "Request had insufficient authentication scopes.",
        ));
    }
    if sim.faults.lock().unwrap().calendar_read_only {
        return Some(api_error(
            StatusCode::FORBIDDEN,
            "requiredAccessLevel",
            "You need to have writer access to this calendar.",
        ));
    }
    None
}

fn time(body: &Value, key: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(body[key]["dateTime"].as_str()?)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

pub async fn insert(
    State(sim): State<Arc<SimState>>,
    Path(calendar_id): Path<String>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    sim.count("google_insert");
    if let Some(refused) = refusal(&sim, &headers, &calendar_id) {
        return refused;
    }
    let (Some(start), Some(end)) = (time(&body, "start"), time(&body, "end")) else {
        return api_error(StatusCode::BAD_REQUEST, "required", "Missing end time.");
    };
    if end < start {
        return api_error(
            StatusCode::BAD_REQUEST,
            "timeRangeEmpty",
            "The specified time range is empty.",
        );
    }
    let text = |k: &str| body[k].as_str().unwrap_or_default().to_string();
    let mut edits = sim.edits.lock().unwrap();
    let uid = format!("booking{}@roomstart.test", edits.sequence() + 1);
    let new = NewEvent {
        title: text("summary"),
        start,
        end,
        location: text("location"),
        body: text("description"),
        series: None,
    };
    edits.record(&uid, CalendarEdit::Create(new), sim.anchor);
    let current = edits.current(&sim.schedule.events);
    let Some(created) = current.iter().find(|e| e.uid == uid) else {
        return api_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "backendError",
            "Backend Error",
        );
    };
    edits.writes.push(CalendarWrite {
        kind: "book",
        event_id: created.google_id(),
        start: Some(start),
        end: Some(end),
        comment: String::new(),
    });
    Json(item(&sim, created)).into_response()
}

pub async fn get_event(
    State(sim): State<Arc<SimState>>,
    Path((calendar_id, event_id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    sim.count("google_get");
    if let Some(refused) = gate(&sim, &headers) {
        return refused;
    }
    let edits = sim.edits.lock().unwrap();
    let current = edits.current(&sim.schedule.events);
    match current.iter().find(|e| e.google_id() == event_id) {
        Some(e) if calendar_id == ROOM_CALENDAR_ID => Json(item(&sim, e)).into_response(),
        _ => api_error(StatusCode::NOT_FOUND, "notFound", "Not Found"),
    }
}

/// `events.patch`: a new `end`, or the room's attendee declining.
pub async fn patch(
    State(sim): State<Arc<SimState>>,
    Path((calendar_id, event_id)): Path<(String, String)>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    sim.count("google_patch");
    if let Some(refused) = refusal(&sim, &headers, &calendar_id) {
        return refused;
    }
    let mut edits = sim.edits.lock().unwrap();
    let current = edits.current(&sim.schedule.events);
    let Some(e) = current.iter().find(|e| e.google_id() == event_id) else {
        return api_error(StatusCode::NOT_FOUND, "notFound", "Not Found");
    };
    if e.cancelled {
        return api_error(StatusCode::GONE, "deleted", "Resource has been deleted");
    }
    let if_match = headers.get("if-match").and_then(|v| v.to_str().ok());
    if if_match.is_some_and(|m| m != format!("\"{}\"", e.version())) {
        return api_error(
            StatusCode::PRECONDITION_FAILED,
            "conditionNotMet",
            "Precondition Failed",
        );
    }
    let uid = e.uid.clone();
    let start = e.start;
    let mut write = CalendarWrite {
        kind: "",
        event_id: event_id.clone(),
        start: None,
        end: None,
        comment: String::new(),
    };
    if let Some(end) = time(&body, "end") {
        if end < start {
            return api_error(
                StatusCode::BAD_REQUEST,
                "timeRangeEmpty",
                "The specified time range is empty.",
            );
        }
        edits.record(&uid, CalendarEdit::EndAt(end), sim.anchor);
        write.kind = "set_end";
        write.end = Some(end);
    }
    let room = body["attendees"].as_array().and_then(|all| {
        all.iter()
            .find(|a| a["email"].as_str() == Some(ROOM_CALENDAR_ID))
    });
    if let Some(room) = room.filter(|a| a["responseStatus"].as_str() == Some("declined")) {
        let comment = room["comment"].as_str().unwrap_or_default().to_string();
        write.kind = "decline";
        write.comment = comment.clone();
        edits.record(&uid, CalendarEdit::RoomDeclined { comment }, sim.anchor);
    }
    if !write.kind.is_empty() {
        edits.writes.push(write);
    }
    let current = edits.current(&sim.schedule.events);
    match current.iter().find(|e| e.uid == uid) {
        Some(e) => Json(item(&sim, e)).into_response(),
        None => api_error(StatusCode::NOT_FOUND, "notFound", "Not Found"),
    }
}
