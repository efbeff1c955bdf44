//! A fake of Google's OAuth token endpoint for service accounts (RS256 JWT
//! bearer grant, signature checked) and Calendar v3 `events.list`, with the
//! discovery document's field names, paging and error bodies, and incremental
//! sync: `nextSyncToken` on the last page of an unbounded listing, deleted
//! events in sync listings, and 410 for an expired token. Each event's `etag`
//! is its last edit's number; the listing's `accessRole` says whether the
//! service account may write (`google_writes`).

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::calendar_edits::CurrentEvent;
use crate::SimState;

pub const SERVICE_ACCOUNT_EMAIL: &str = "roomstart@demo-project.iam.gserviceaccount.com";
pub const ROOM_CALENDAR_ID: &str = "c_188demo0aurora@resource.calendar.google.com";
/// The user domain-wide delegation may act as.
pub const DELEGATED_USER: &str = "dana.reyes@demo.roomstart.test";
pub const TEST_PRIVATE_KEY: &str = include_str!("../fixtures/google-test-key.pem");
const TEST_PUBLIC_KEY: &str = include_str!("../fixtures/google-test-key.pub.pem");
const SCOPE: &str = "https://www.googleapis.com/auth/calendar.readonly";
/// Reads and writes events; a token minted for it may also read.
const WRITE_SCOPE: &str = "https://www.googleapis.com/auth/calendar.events";
/// Tokens minted with `WRITE_SCOPE` say so, so a write can tell them apart.
const WRITE_TOKEN: &str = "sim-google-token-w-";

#[derive(Deserialize)]
struct Claims {
    iss: String,
    scope: String,
    aud: String,
    iat: i64,
    exp: i64,
    #[serde(default)]
    sub: Option<String>,
}

/// The assertion's claims, if it is an RS256 JWT signed with the test key.
/// Checked with RustCrypto's `rsa`, not the product's crypto, so that the
/// fake is no copy of what it tests.
fn signed_claims(assertion: &str) -> Option<Claims> {
    use base64::Engine;
    use rsa::pkcs8::DecodePublicKey;
    let url = |part: &str| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(part)
            .ok()
    };
    let (signed, signature) = assertion.rsplit_once('.')?;
    let (header, claims) = signed.split_once('.')?;
    let header: Value = serde_json::from_slice(&url(header)?).ok()?;
    if header["alg"] != "RS256" {
        return None;
    }
    let der: String = TEST_PUBLIC_KEY
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    let der = base64::engine::general_purpose::STANDARD.decode(der).ok()?;
    let key = rsa::PublicKey::from_public_key_der(&der).ok()?;
    key.pkcs1v15_verify::<rsa::sha2::Sha256>(signed.as_bytes(), &url(signature)?)
        .ok()?;
    serde_json::from_slice(&url(claims)?).ok()
}

fn oauth_error(error: &str, description: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({"error": error, "error_description": description})),
    )
        .into_response()
}

pub(crate) fn api_error(status: StatusCode, reason: &str, message: &str) -> Response {
    let code = status.as_u16();
    (status, Json(json!({"error": {"code": code, "message": message, "errors": [{"domain": "global", "reason": reason, "message": message}]}}))).into_response()
}

pub async fn token(State(sim): State<Arc<SimState>>, body: String) -> Response {
    sim.count("google_token");
    let form: HashMap<String, String> = url::form_urlencoded::parse(body.as_bytes())
        .into_owned()
        .collect();
    if form.get("grant_type").map(String::as_str)
        != Some("urn:ietf:params:oauth:grant-type:jwt-bearer")
    {
        return oauth_error("unsupported_grant_type", "Invalid grant_type.");
    }
    let Some(assertion) = form.get("assertion") else {
        return oauth_error("invalid_request", "Missing required parameter: assertion");
    };
    let Some(claims) = signed_claims(assertion) else {
        return oauth_error("invalid_grant", "Invalid JWT Signature.");
    };
    // Google's limits: from the account to its audience, an hour at most, not yet expired
    // (a minute's leeway, as Google allows for clocks).
    let now = Utc::now().timestamp();
    let in_time =
        claims.iat <= claims.exp && claims.exp - claims.iat <= 3600 && claims.exp + 60 >= now;
    let ours =
        claims.iss == SERVICE_ACCOUNT_EMAIL && claims.aud == format!("{}google/token", sim.base);
    if !ours || !in_time {
        return oauth_error("invalid_grant", "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.");
    }
    let writes = claims.scope.split_whitespace().any(|s| s == WRITE_SCOPE);
    if !writes && !claims.scope.split_whitespace().any(|s| s == SCOPE) {
        return oauth_error(
            "invalid_scope",
            "Invalid OAuth scope or ID token audience provided.",
        );
    }
    if claims.sub.as_deref().is_some_and(|s| s != DELEGATED_USER) {
        return oauth_error("unauthorized_client", "Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.");
    }
    let token = match writes {
        true => format!("{WRITE_TOKEN}{}", crate::random_token(24)),
        false => format!("sim-google-token-{}", crate::random_token(24)),
    };
    sim.google_tokens.lock().unwrap().push(token.clone());
    sim.minted.lock().unwrap().push(token.clone());
    Json(json!({"access_token": token, "expires_in": 3599, "token_type": "Bearer"})).into_response()
}

pub async fn events(
    State(sim): State<Arc<SimState>>,
    Path(calendar_id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    sim.count("google_events");
    if let Some(refused) = gate(&sim, &headers) {
        return refused;
    }
    if calendar_id != ROOM_CALENDAR_ID {
        return api_error(StatusCode::NOT_FOUND, "notFound", "Not Found");
    }
    let q = |k: &str| query.get(k).map(String::as_str);
    if q("singleEvents") != Some("true") && q("orderBy") == Some("startTime") {
        return api_error(
            StatusCode::BAD_REQUEST,
            "invalid",
            "The requested ordering is not available for the particular query.",
        );
    }
    let sync_token = q("syncToken");
    const NOT_WITH_SYNC: [&str; 8] = [
        "iCalUID",
        "orderBy",
        "privateExtendedProperty",
        "q",
        "sharedExtendedProperty",
        "timeMin",
        "timeMax",
        "updatedMin",
    ];
    if sync_token.is_some() && NOT_WITH_SYNC.iter().any(|k| query.contains_key(*k)) {
        return api_error(
            StatusCode::BAD_REQUEST,
            "invalid",
            "Sync token cannot be used with other query parameters.",
        );
    }
    let edits = sim.edits.lock().unwrap();
    let since = match sync_token {
        None => None,
        Some(t) => match parse_sync_token(t) {
            Some(since) if edits.is_valid(since) => Some(since),
            Some(_) => {
                return api_error(
                    StatusCode::GONE,
                    "fullSyncRequired",
                    "Sync token is no longer valid, a full sync is required.",
                )
            }
            None => {
                return api_error(
                    StatusCode::BAD_REQUEST,
                    "invalid",
                    "Invalid sync token value.",
                )
            }
        },
    };
    let time = |k: &str| {
        q(k).and_then(|v| DateTime::parse_from_rfc3339(v).ok())
            .map(|t| t.with_timezone(&Utc))
    };
    let (from, to) = (time("timeMin"), time("timeMax"));
    let items: Vec<Value> = edits
        .current(&sim.schedule.events)
        .iter()
        .filter(|e| match since {
            // Changes since the token, deleted events included.
            Some(since) => e.changed_at > since,
            None => {
                !e.cancelled
                    && to.is_none_or(|to| e.start < to)
                    && from.is_none_or(|from| e.end > from)
            }
        })
        .map(|e| item(&sim, e))
        .collect();
    let sequence = edits.sequence();
    drop(edits);
    let max: usize = q("maxResults")
        .and_then(|v| v.parse().ok())
        .unwrap_or(250)
        .clamp(1, 2500);
    let offset: usize = q("pageToken")
        .and_then(|t| t.strip_prefix("page-"))
        .and_then(|t| t.parse().ok())
        .unwrap_or(0);
    let page: Vec<Value> = items.iter().skip(offset).take(max).cloned().collect();
    let role = match sim.faults.lock().unwrap().calendar_read_only {
        true => "reader",
        false => "writer",
    };
    let mut body = json!({"kind": "calendar#events", "summary": "Aurora (4th floor)", "timeZone": "UTC", "accessRole": role, "items": page});
    if offset + max < items.len() {
        body["nextPageToken"] = json!(format!("page-{}", offset + max));
    } else if !["timeMin", "timeMax", "orderBy"]
        .iter()
        .any(|k| query.contains_key(*k))
    {
        // The last page of an unbounded listing ends with the token for next time.
        body["nextSyncToken"] = json!(sync_token_for(sequence));
    }
    Json(body).into_response()
}

/// Opaque to clients, like Google's; here it carries the edit sequence.
fn sync_token_for(sequence: u64) -> String {
    format!("CPDAlvWDx70CEPDAlvWDx70CGA{sequence}=")
}

fn parse_sync_token(token: &str) -> Option<u64> {
    token
        .strip_prefix("CPDAlvWDx70CEPDAlvWDx70CGA")?
        .strip_suffix('=')?
        .parse()
        .ok()
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
}

/// The bearer token was minted with the `calendar.events` scope.
pub(crate) fn may_write_events(headers: &HeaderMap) -> bool {
    bearer(headers).is_some_and(|t| t.starts_with(WRITE_TOKEN))
}

/// Google's answer when the bearer token or the quota stops the request.
pub(crate) fn gate(sim: &SimState, headers: &HeaderMap) -> Option<Response> {
    let bearer = bearer(headers);
    if !bearer.is_some_and(|t| sim.google_tokens.lock().unwrap().iter().any(|k| k == t)) {
        return Some(api_error(
            StatusCode::UNAUTHORIZED,
            "authError",
            "Request had invalid authentication credentials.",
        ));
    }
    let call = crate::quota::Call::Google {
        project: "demo-project",
        user: SERVICE_ACCOUNT_EMAIL,
    };
    if sim.over_quota(call).is_some() {
        // Google's own words and domain for a user over its per-minute quota.
        let body = json!({"error": {"code": 403, "message": "Rate Limit Exceeded", "errors": [{"domain": "usageLimits", "reason": "rateLimitExceeded", "message": "Rate Limit Exceeded"}]}});
        return Some((StatusCode::FORBIDDEN, Json(body)).into_response());
    }
    None
}

/// An event resource as the discovery document describes it; a deleted one
/// is only its id and status, as sync listings send it.
pub(crate) fn item(sim: &SimState, e: &CurrentEvent) -> Value {
    let rfc = |t: DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::Secs, true);
    let id = e.google_id();
    let etag = format!("\"{}\"", e.version());
    if e.cancelled {
        return json!({"kind": "calendar#event", "etag": etag, "id": id, "status": "cancelled"});
    }
    let mut room = json!({"email": ROOM_CALENDAR_ID, "resource": true, "self": true, "responseStatus": "accepted"});
    if let Some(comment) = &e.declined {
        room["responseStatus"] = json!("declined");
        room["comment"] = json!(comment);
    }
    let mut item = json!({
        "kind": "calendar#event",
        "etag": etag,
        "id": id,
        "status": "confirmed",
        "summary": e.title,
        "location": e.location,
        "start": {"dateTime": rfc(e.start), "timeZone": "UTC"},
        "end": {"dateTime": rfc(e.end), "timeZone": "UTC"},
        "eventType": "default",
        "visibility": "default",
        "attendees": [{"email": crate::schedule::HOST_EMAIL, "organizer": true, "responseStatus": "accepted"}, room],
    });
    if !e.body.is_empty() {
        item["description"] = json!(e.body);
    }
    if let Some(series) = &e.series {
        item["recurringEventId"] = json!(series);
        item["originalStartTime"] = json!({"dateTime": rfc(e.start), "timeZone": "UTC"});
    }
    let meeting = e.event.and_then(|d| d.meeting);
    if let Some(m) = meeting.map(|i| &sim.schedule.meetings[i]) {
        let link = format!(
            "https://{}/j/{}?pwd={}",
            m.link_host, m.id, m.encrypted_passcode
        );
        if m.hosted_here {
            // The Zoom add-on writes structured conference data.
            item["conferenceData"] = json!({
                "entryPoints": [
                    {"entryPointType": "video", "uri": link, "label": format!("{}.zoom.us/j/{}", m.link_host, m.id), "meetingCode": m.id.to_string(), "passcode": m.passcode},
                    {"entryPointType": "phone", "uri": "tel:+13462487799,,85746352410#", "label": "+1 346-248-7799"}
                ],
                "conferenceSolution": {"key": {"type": "addOn"}, "name": "Zoom Meeting", "iconUri": "https://lh3.googleusercontent.com/zoom"},
                "conferenceId": m.id.to_string(),
            });
        } else {
            item["description"] = json!(format!("<p>Join Zoom Meeting<br><a href=\"https://www.google.com/url?q={}&amp;sa=D\">{link}</a></p>", url::form_urlencoded::byte_serialize(link.as_bytes()).collect::<String>()));
        }
    }
    item
}
