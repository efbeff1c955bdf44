//! Graph writes on the fake: create an event on the room mailbox's calendar,
//! update one with `If-Match`, the room declining an occurrence, and the
//! calendar's `canEdit`, with Graph's error bodies for a stale change key (412
//! `ErrorIrresolvableConflict`), an app that may only read (403
//! `ErrorAccessDenied`) and an unknown event (404 `ErrorItemNotFound`).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, NaiveDateTime, Utc};
use serde_json::{json, Value};

use crate::calendar_edits::{CalendarEdit, CalendarWrite, NewEvent};
use crate::graph_api::{event_json, graph_error, refusal, Prefer, ROOM_MAILBOX};
use crate::SimState;

const ACCESS_DENIED: &str = "Access is denied. Check credentials and try again.";

/// Graph's answer when the token, throttling, mailbox or the app's permission stops a write.
fn write_refusal(sim: &SimState, mailbox: &str, headers: &HeaderMap) -> Option<Response> {
    if let Some(refused) = refusal(sim, mailbox, headers) {
        return Some(refused);
    }
    if sim.faults.lock().unwrap().calendar_read_only {
        return Some(graph_error(
            StatusCode::FORBIDDEN,
            "ErrorAccessDenied",
            ACCESS_DENIED,
        ));
    }
    None
}

fn not_found() -> Response {
    graph_error(
        StatusCode::NOT_FOUND,
        "ErrorItemNotFound",
        "The specified object was not found in the store.",
    )
}

/// A `dateTimeTimeZone` the room sends: always `timeZone: "UTC"`.
fn time(body: &Value, key: &str) -> Option<DateTime<Utc>> {
    if body[key]["timeZone"].as_str() != Some("UTC") {
        return None;
    }
    NaiveDateTime::parse_from_str(body[key]["dateTime"].as_str()?, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .map(|t| t.and_utc())
}

/// Answers in UTC with text bodies, as the room asks for its reads.
const ANSWER: Prefer = Prefer {
    utc: true,
    text: true,
    max_page_size: None,
};

/// `POST /users/{mailbox}/calendar/events`: 201 and the event.
pub async fn create(
    State(sim): State<Arc<SimState>>,
    Path(mailbox): Path<String>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    sim.count("graph_create");
    if let Some(refused) = write_refusal(&sim, &mailbox, &headers) {
        return refused;
    }
    let (Some(start), Some(end)) = (time(&body, "start"), time(&body, "end")) else {
        return graph_error(
            StatusCode::BAD_REQUEST,
            "ErrorInvalidRequest",
            "Your request can't be completed. The start and end must be a dateTimeTimeZone in UTC.",
        );
    };
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let mut edits = sim.edits.lock().unwrap();
    let uid = format!("booking{}@roomstart.test", edits.sequence() + 1);
    let new = NewEvent {
        title: text(&body["subject"]),
        start,
        end,
        location: text(&body["location"]["displayName"]),
        body: text(&body["body"]["content"]),
        series: None,
    };
    edits.record(&uid, CalendarEdit::Create(new), sim.anchor);
    let current = edits.current(&sim.schedule.events);
    let Some(created) = current.iter().find(|e| e.uid == uid) else {
        return not_found();
    };
    edits.writes.push(CalendarWrite {
        kind: "book",
        event_id: created.graph_id(),
        start: Some(start),
        end: Some(end),
        comment: String::new(),
    });
    (
        StatusCode::CREATED,
        Json(event_json(&sim, created, &ANSWER)),
    )
        .into_response()
}

/// `PATCH /users/{mailbox}/events/{id}`: a new end, if the change key still matches.
pub async fn update(
    State(sim): State<Arc<SimState>>,
    Path((mailbox, id)): Path<(String, String)>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    sim.count("graph_update");
    if let Some(refused) = write_refusal(&sim, &mailbox, &headers) {
        return refused;
    }
    let mut edits = sim.edits.lock().unwrap();
    let current = edits.current(&sim.schedule.events);
    let Some(e) = current
        .iter()
        .find(|e| e.graph_id() == id && e.on_calendar())
    else {
        return not_found();
    };
    let if_match = headers.get("if-match").and_then(|v| v.to_str().ok());
    if if_match.is_some_and(|m| m != format!("W/\"{}\"", e.version())) {
        return graph_error(
            StatusCode::PRECONDITION_FAILED,
            "ErrorIrresolvableConflict",
            "The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.",
        );
    }
    let (uid, start) = (e.uid.clone(), e.start);
    if let Some(end) = time(&body, "end") {
        if end < start {
            return graph_error(
                StatusCode::BAD_REQUEST,
                "ErrorInvalidRequest",
                "The end of the event is before its start.",
            );
        }
        edits.record(&uid, CalendarEdit::EndAt(end), sim.anchor);
        edits.writes.push(CalendarWrite {
            kind: "set_end",
            event_id: id.clone(),
            start: None,
            end: Some(end),
            comment: String::new(),
        });
    }
    let current = edits.current(&sim.schedule.events);
    match current.iter().find(|e| e.uid == uid) {
        Some(e) => Json(event_json(&sim, e, &ANSWER)).into_response(),
        None => not_found(),
    }
}

/// `POST /users/{mailbox}/events/{id}/decline`: 202, and the occurrence
/// leaves the room's calendar.
pub async fn decline(
    State(sim): State<Arc<SimState>>,
    Path((mailbox, id)): Path<(String, String)>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    sim.count("graph_decline");
    if let Some(refused) = write_refusal(&sim, &mailbox, &headers) {
        return refused;
    }
    let mut edits = sim.edits.lock().unwrap();
    let current = edits.current(&sim.schedule.events);
    let Some(uid) = current
        .iter()
        .find(|e| e.graph_id() == id && e.on_calendar())
        .map(|e| e.uid.clone())
    else {
        return not_found();
    };
    let comment = body["comment"].as_str().unwrap_or_default().to_string();
    edits.writes.push(CalendarWrite {
        kind: "decline",
        event_id: id,
        start: None,
        end: None,
        comment: comment.clone(),
    });
    edits.record(&uid, CalendarEdit::RoomDeclined { comment }, sim.anchor);
    StatusCode::ACCEPTED.into_response()
}

/// `GET /users/{mailbox}/calendar`: the mailbox's default calendar and whether the app may edit it.
pub async fn calendar(
    State(sim): State<Arc<SimState>>,
    Path(mailbox): Path<String>,
    headers: HeaderMap,
) -> Response {
    sim.count("graph_calendar");
    if let Some(refused) = refusal(&sim, &mailbox, &headers) {
        return refused;
    }
    let can_edit = !sim.faults.lock().unwrap().calendar_read_only;
    Json(json!({
        "@odata.context": format!("{}graph/v1.0/$metadata#users('{mailbox}')/calendar/$entity", sim.base),
        "id": "AAMkAGcalendaraurora=",
        "name": "Calendar",
        "color": "auto",
        "isDefaultCalendar": true,
        "changeKey": "DwAAABYAAAA",
        "canShare": can_edit,
        "canViewPrivateItems": can_edit,
        "canEdit": can_edit,
        "allowedOnlineMeetingProviders": ["teamsForBusiness"],
        "defaultOnlineMeetingProvider": "teamsForBusiness",
        "isTallyingResponses": true,
        "isRemovable": false,
        "owner": {"name": "Aurora", "address": ROOM_MAILBOX},
    }))
    .into_response()
}
