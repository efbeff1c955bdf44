//! A fake of Microsoft Graph for a room mailbox: the client-credentials token
//! endpoint and `calendarView`, with `@odata.nextLink` paging, the `Prefer`
//! header honoured for UTC times, text bodies and page size, Graph's error
//! bodies, and `calendarView/delta` rounds with `@removed` stubs and 410 for
//! an expired delta link. Each event's `@odata.etag` is its last edit's number;
//! an occurrence the room declined leaves its calendar (`graph_writes`).

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};

use crate::calendar_edits::CurrentEvent;
use crate::schedule::{ACME_ORGANIZER, HOST_EMAIL, HOST_NAME};
use crate::SimState;

pub const TENANT_ID: &str = "3f9a1c2e-demo-tenant";
pub const GRAPH_CLIENT_ID: &str = "b7e0d4a1-demo-graph-app";
pub const ROOM_MAILBOX: &str = "aurora@demo.roomstart.test";

pub(crate) fn graph_error(status: StatusCode, code: &str, message: &str) -> Response {
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

/// Graph's answer when the bearer token, the throttling fault or the mailbox
/// stops the request.
pub(crate) fn refusal(sim: &SimState, mailbox: &str, headers: &HeaderMap) -> Option<Response> {
    let bearer = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if !bearer.is_some_and(|t| sim.graph_tokens.lock().unwrap().iter().any(|k| k == t)) {
        return Some(graph_error(
            StatusCode::UNAUTHORIZED,
            "InvalidAuthenticationToken",
            "Access token is empty.",
        ));
    }
    let call = crate::quota::Call::Graph {
        app: GRAPH_CLIENT_ID,
        mailbox,
    };
    if let Some(crate::quota::Answer::TooManyRequests { retry_after }) = sim.over_quota(call) {
        let mut r = graph_error(
            StatusCode::TOO_MANY_REQUESTS,
            "ApplicationThrottled",
            "Application is over its MailboxRequests limit.",
        );
        r.headers_mut()
            .insert("retry-after", retry_after.as_secs().into());
        return Some(r);
    }
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
        return Some(r);
    }
    if !mailbox.eq_ignore_ascii_case(ROOM_MAILBOX) {
        return Some(graph_error(
            StatusCode::NOT_FOUND,
            "ErrorInvalidUser",
            "The requested user is invalid.",
        ));
    }
    None
}

/// What the `Prefer` header asked for.
pub(crate) struct Prefer {
    pub(crate) utc: bool,
    pub(crate) text: bool,
    pub(crate) max_page_size: Option<usize>,
}

impl Prefer {
    pub(crate) fn read(headers: &HeaderMap) -> Prefer {
        let prefer = headers
            .get("prefer")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        Prefer {
            utc: prefer.contains("outlook.timezone=\"UTC\""),
            text: prefer.contains("outlook.body-content-type=\"text\""),
            max_page_size: prefer.split(',').find_map(|p| {
                p.trim()
                    .strip_prefix("odata.maxpagesize=")
                    .and_then(|n| n.parse().ok())
            }),
        }
    }
}

fn window(query: &HashMap<String, String>) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let parse = |k: &str| {
        query
            .get(k)
            .and_then(|v| DateTime::parse_from_rfc3339(v).ok())
            .map(|t| t.with_timezone(&Utc))
    };
    Some((parse("startDateTime")?, parse("endDateTime")?))
}

const NO_WINDOW: &str = "This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.";

pub async fn calendar_view(
    State(sim): State<Arc<SimState>>,
    Path(mailbox): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    sim.count("graph_calendar_view");
    if let Some(refused) = refusal(&sim, &mailbox, &headers) {
        return refused;
    }
    let Some((from, to)) = window(&query) else {
        return graph_error(StatusCode::BAD_REQUEST, "ErrorInvalidParameter", NO_WINDOW);
    };
    let prefer = Prefer::read(&headers);
    let events: Vec<Value> = sim
        .edits
        .lock()
        .unwrap()
        .current(&sim.schedule.events)
        .iter()
        .filter(|e| e.on_calendar() && e.overlaps(from, to))
        .map(|e| event_json(&sim, e, &prefer))
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

/// Where a delta round stands; opaque to clients, carried in its links.
struct RoundState {
    window: (DateTime<Utc>, DateTime<Utc>),
    /// Changes after this edit sequence; `None` for the round's full listing.
    since: Option<u64>,
    /// The edit sequence the round's next delta link will carry.
    snapshot: u64,
    offset: usize,
}

impl RoundState {
    fn encode(&self) -> String {
        let since = self.since.map_or("full".to_string(), |s| s.to_string());
        format!(
            "{}~{}~{since}~{}~{}",
            self.window.0.timestamp(),
            self.window.1.timestamp(),
            self.snapshot,
            self.offset
        )
    }

    fn decode(token: &str) -> Option<RoundState> {
        let parts: Vec<&str> = token.split('~').collect();
        let [from, to, since, snapshot, offset] = parts[..] else {
            return None;
        };
        let time = |t: &str| DateTime::from_timestamp(t.parse().ok()?, 0);
        Some(RoundState {
            window: (time(from)?, time(to)?),
            since: match since {
                "full" => None,
                n => Some(n.parse().ok()?),
            },
            snapshot: snapshot.parse().ok()?,
            offset: offset.parse().ok()?,
        })
    }
}

/// `calendarView/delta`: a full round of the window, then a delta link that
/// lists what changed since, removed events as `@removed` stubs.
pub async fn calendar_view_delta(
    State(sim): State<Arc<SimState>>,
    Path(mailbox): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    sim.count("graph_delta");
    if let Some(refused) = refusal(&sim, &mailbox, &headers) {
        return refused;
    }
    const UNSUPPORTED: [&str; 6] = [
        "$orderby", "$filter", "$select", "$expand", "$search", "$top",
    ];
    if UNSUPPORTED.iter().any(|k| query.contains_key(*k)) {
        return graph_error(StatusCode::BAD_REQUEST, "ErrorInvalidUrlQuery", "The following parameters are not supported with change tracking over the 'CalendarView' resource: '$orderby, $filter, $select, $expand, $search, $top'.");
    }
    let edits = sim.edits.lock().unwrap();
    let carried = query.get("$deltatoken").or(query.get("$skiptoken"));
    let round = match carried {
        Some(token) => match RoundState::decode(token) {
            Some(round) => round,
            None => {
                return graph_error(
                    StatusCode::BAD_REQUEST,
                    "ErrorInvalidUrlQuery",
                    "The delta token is malformed.",
                )
            }
        },
        None => match window(&query) {
            Some(window) => RoundState {
                window,
                since: None,
                snapshot: edits.sequence(),
                offset: 0,
            },
            None => {
                return graph_error(StatusCode::BAD_REQUEST, "ErrorInvalidParameter", NO_WINDOW)
            }
        },
    };
    if !edits.is_valid(round.snapshot) {
        return graph_error(StatusCode::GONE, "SyncStateNotFound", "The sync state generation is not valid. Please restart the synchronization without a delta token.");
    }
    // A delta link moves the round on to the changes made since its snapshot.
    let (since, snapshot) = match query.contains_key("$deltatoken") {
        true => (Some(round.snapshot), edits.sequence()),
        false => (round.since, round.snapshot),
    };
    let (from, to) = round.window;
    let prefer = Prefer::read(&headers);
    let changes: Vec<Value> = edits
        .current(&sim.schedule.events)
        .iter()
        .filter(|e| match since {
            None => e.on_calendar() && e.overlaps(from, to),
            Some(since) => e.changed_at > since,
        })
        .map(|e| match !e.on_calendar() || !e.overlaps(from, to) {
            true => json!({"@odata.type": "#microsoft.graph.event", "id": e.graph_id(), "@removed": {"reason": "deleted"}}),
            false => event_json(&sim, e, &prefer),
        })
        .collect();
    drop(edits);
    let size = prefer.max_page_size.unwrap_or(10).clamp(1, 1000);
    let page: Vec<Value> = changes
        .iter()
        .skip(round.offset)
        .take(size)
        .cloned()
        .collect();
    let link = |key: &str, state: RoundState| {
        let mut url = sim
            .base
            .join(&format!("graph/v1.0/users/{mailbox}/calendarView/delta"))
            .expect("a path joins");
        url.query_pairs_mut().append_pair(key, &state.encode());
        url.to_string()
    };
    let mut body = json!({"@odata.context": format!("{}graph/v1.0/$metadata#Collection(event)", sim.base), "value": page});
    if round.offset + size < changes.len() {
        body["@odata.nextLink"] = json!(link(
            "$skiptoken",
            RoundState {
                window: round.window,
                since,
                snapshot,
                offset: round.offset + size
            }
        ));
    } else {
        body["@odata.deltaLink"] = json!(link(
            "$deltatoken",
            RoundState {
                window: round.window,
                since: None,
                snapshot,
                offset: 0
            }
        ));
    }
    Json(body).into_response()
}

/// An event resource as Graph returns it, shaped by the `Prefer` header.
pub(crate) fn event_json(sim: &SimState, e: &CurrentEvent, prefer: &Prefer) -> Value {
    let text = prefer.text;
    let bodies_removed = sim.faults.lock().unwrap().graph_bodies_removed;
    let meeting = e
        .event
        .and_then(|d| d.meeting)
        .map(|i| &sim.schedule.meetings[i]);
    let link = meeting.map(|m| {
        format!(
            "https://{}/j/{}?pwd={}",
            m.link_host, m.id, m.encrypted_passcode
        )
    });
    let content = match (&link, bodies_removed) {
        (_, true) => String::new(),
        (Some(l), _) if text => format!("Dana Reyes is inviting you to a scheduled Zoom meeting.\r\n\r\nJoin Zoom Meeting\r\n{l}\r\n"),
        (Some(l), _) => format!("<html><body><p>Join Zoom Meeting<br><a href=\"{}\">{l}</a></p></body></html>", l.replace('&', "&amp;")),
        (None, _) if !e.body.is_empty() => e.body.clone(),
        (None, _) => if text { "Bring your own mug.".into() } else { "<html><body>Bring your own mug.</body></html>".into() },
    };
    let time = |t: DateTime<Utc>| {
        if prefer.utc {
            json!({"dateTime": t.format("%Y-%m-%dT%H:%M:%S.0000000").to_string(), "timeZone": "UTC"})
        } else {
            json!({"dateTime": (t + Duration::hours(1)).format("%Y-%m-%dT%H:%M:%S.0000000").to_string(), "timeZone": "W. Europe Standard Time"})
        }
    };
    json!({
        "@odata.etag": format!("W/\"{}\"", e.version()),
        "id": e.graph_id(),
        "iCalUId": format!("040000008200E00074C5B7101A82E008{}", e.uid.len()),
        "subject": if bodies_removed { "Dana Reyes" } else { e.title.as_str() },
        "bodyPreview": content.chars().take(255).collect::<String>(),
        "body": {"contentType": if text { "text" } else { "html" }, "content": content},
        "start": time(e.start),
        "end": time(e.end),
        "isAllDay": false,
        "isCancelled": false,
        "sensitivity": "normal",
        "showAs": "busy",
        "type": if e.series.is_some() { "occurrence" } else { "singleInstance" },
        "seriesMasterId": e.series.as_ref().map(|s| format!("AAMkAG{s}=")),
        "location": {"displayName": e.location, "locationType": "default"},
        "isOnlineMeeting": false,
        "onlineMeetingProvider": "unknown",
        "onlineMeeting": Value::Null,
        "responseStatus": {"response": "accepted", "time": "0001-01-01T00:00:00Z"},
        "organizer": match meeting.map(|m| m.hosted_here) {
            Some(true) => json!({"emailAddress": {"name": HOST_NAME, "address": HOST_EMAIL}}),
            Some(false) => json!({"emailAddress": {"name": "Kim Acme", "address": ACME_ORGANIZER}}),
            None => json!({"emailAddress": {"name": "Aurora", "address": "aurora@demo.roomstart.test"}}),
        },
    })
}
