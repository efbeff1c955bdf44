//! The feed, and the page that stands in for Zoom's launcher page.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use std::hash::{Hash, Hasher};

use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};

use crate::schedule::{HOST_EMAIL, HOST_NAME};
use crate::SimState;

/// The feed, with an ETag and Last-Modified; a matching conditional GET gets
/// 304 Not Modified and no body, as Google's and Exchange's feeds do.
pub async fn calendar(State(sim): State<Arc<SimState>>, headers: HeaderMap) -> Response {
    sim.count("calendar");
    let delay = sim.faults.lock().unwrap().feed_delay();
    if let Some(delay) = delay {
        tokio::time::sleep(delay).await;
    }
    let (body, edited_at) = {
        let edits = sim.edits.lock().unwrap();
        let events = edits.current(&sim.schedule.events);
        let invites = sim.invites.lock().unwrap();
        (
            crate::ics_feed::render(&sim.schedule, &events, &invites, sim.anchor),
            edits.last_edit(),
        )
    };
    let late = sim.faults.lock().unwrap().feed_late();
    if let Some(late) = late {
        sim.count("calendar_late");
        tokio::time::sleep(late).await;
    }
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    body.hash(&mut hasher);
    let etag = format!("\"{:016x}\"", hasher.finish());
    let last_modified = edited_at
        .unwrap_or(sim.anchor)
        .max(sim.anchor)
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string();
    let header = |name: header::HeaderName| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let fresh = header(header::IF_NONE_MATCH).is_some_and(|v| v == etag)
        || (header(header::IF_NONE_MATCH).is_none()
            && header(header::IF_MODIFIED_SINCE).is_some_and(|v| v == last_modified));
    if fresh {
        sim.count("calendar_not_modified");
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response();
    }
    (
        [
            (
                header::CONTENT_TYPE,
                "text/calendar; charset=utf-8".to_string(),
            ),
            (header::ETAG, etag),
            (header::LAST_MODIFIED, last_modified),
        ],
        body,
    )
        .into_response()
}

pub async fn secret_feed(
    State(sim): State<Arc<SimState>>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    if sim.feed_token.as_deref() != Some(token.as_str()) {
        return not_found().await;
    }
    calendar(State(sim), headers).await
}

/// `/s/{id}` (start as host) and `/j/{id}` (join): says what would happen.
/// Like Zoom's own launcher page, `/s/` with a start credential it issued
/// hands the meeting to the Zoom client by navigating to
/// `zoommtg://{host}/start?confno={id}&zak={zak}` as soon as it loads.
pub async fn launcher(
    State(sim): State<Arc<SimState>>,
    uri: axum::http::Uri,
    Path(id): Path<String>,
    Query(query): Query<std::collections::HashMap<String, String>>,
) -> Response {
    // The day's meetings, and those a room created (Meet now), at Zoom's main host.
    let meeting = sim
        .schedule
        .meetings
        .iter()
        .find(|m| m.id.to_string() == id)
        .map(|m| Launched {
            id: m.id,
            topic: m.topic.to_string(),
            link_host: m.link_host,
        })
        .or_else(|| {
            let created = sim.created.lock().unwrap();
            created
                .iter()
                .find(|m| m.id.to_string() == id)
                .map(|m| Launched {
                    id: m.id,
                    topic: m.topic.clone(),
                    link_host: "us06web.zoom.us",
                })
        });
    let Some(m) = meeting else {
        return (
            StatusCode::NOT_FOUND,
            Html(page(
                "Meeting not found",
                "<p>Zoom would say this meeting does not exist.</p>",
            )),
        )
            .into_response();
    };
    let starting = uri.path().starts_with("/s/");
    let mut client_link = None;
    let (title, body) = if starting {
        let zak = query.get("zak").filter(|zak| {
            sim.issued
                .lock()
                .unwrap()
                .iter()
                .any(|u| u.ends_with(&format!("zak={zak}")))
        });
        let who = if let Some(zak) = zak {
            client_link = Some(client_start_link(m.link_host, m.id, zak));
            format!("as host <b>{HOST_NAME}</b> ({HOST_EMAIL}), with a fresh start credential")
        } else {
            "but the start credential is unknown, so Zoom would ask for a sign-in".to_string()
        };
        (
            "Starting as host",
            format!(
                "<p>Zoom would now start <b>{}</b> (meeting {}) {who}.</p>",
                m.topic, m.id
            ),
        )
    } else {
        (
            "Joining",
            format!(
                "<p>Zoom would now join <b>{}</b> (meeting {}) as a guest.</p>",
                m.topic, m.id
            ),
        )
    };
    if let (true, Some(injected)) = (starting, sim.faults.lock().unwrap().launcher_link()) {
        client_link = Some(injected).filter(|l| !l.is_empty());
    }
    let probe = starting && sim.faults.lock().unwrap().launcher_probe();
    let handoff = match &client_link {
        // A JSON string with `<` escaped cannot end the script early.
        Some(link) => {
            let link = serde_json::Value::from(link.as_str())
                .to_string()
                .replace('<', "\\u003c");
            let script = if probe {
                PROBE.replace("LINK", &link)
            } else {
                format!("location.href = {link};")
            };
            format!("<p class=note>The Zoom app opens from here.</p><script>{script}</script>")
        }
        None => String::new(),
    };
    Html(page(title, &format!("{body}<p class=note>This page stands in for Zoom's launcher page in Roomstart's demo room.</p>{handoff}"))).into_response()
}

/// A meeting the launcher page stands in for.
struct Launched {
    id: u64,
    topic: String,
    link_host: &'static str,
}

/// A launcher page testing its web view: it asks Roomstart's own command
/// `room_view` over Tauri's IPC, then hands on its link with what happened
/// appended (`&probe=no-ipc`, `denied:{why}`, `allowed`, `no-answer` or `threw`).
const PROBE: &str = "const go = (p) => { location.href = LINK + '&probe=' + p; };\
    try {\
      const ipc = window.__TAURI_INTERNALS__;\
      if (!ipc || !ipc.invoke) { go('no-ipc'); } else {\
        const late = setTimeout(() => go('no-answer'), 2000);\
        Promise.resolve().then(() => ipc.invoke('room_view')).then(\
          () => { clearTimeout(late); go('allowed'); },\
          (e) => { clearTimeout(late); go('denied:' + encodeURIComponent(String(e).slice(0, 200))); });\
      }\
    } catch (e) { go('threw'); }";

/// `/client/start?confno={id}`: the demo's stand-in for the Zoom client, on a
/// computer that has none. It is told the meeting only, never a credential.
pub async fn client(
    State(sim): State<Arc<SimState>>,
    Query(query): Query<std::collections::HashMap<String, String>>,
) -> Response {
    let meeting = query.get("confno").and_then(|id| {
        sim.schedule
            .meetings
            .iter()
            .find(|m| m.id.to_string() == *id)
    });
    let Some(m) = meeting else {
        return (
            StatusCode::NOT_FOUND,
            Html(page(
                "Meeting not found",
                "<p>The Zoom app would say this meeting does not exist.</p>",
            )),
        )
            .into_response();
    };
    Html(page(
        "Starting as host",
        &format!(
            "<p>The Zoom app would now start <b>{}</b> (meeting {}) as host <b>{HOST_NAME}</b> ({HOST_EMAIL}): \
             Zoom's launcher page handed it the start link, and no browser ever held it.</p>\
             <p class=note>This page stands in for the Zoom app, which is not installed on this computer.</p>",
            m.topic, m.id
        ),
    ))
    .into_response()
}

/// The link Zoom's launcher page hands to the client to start `id` as host.
fn client_start_link(host: &str, id: u64, zak: &str) -> String {
    let mut link = url::Url::parse(&format!("zoommtg://{host}/start"))
        .expect("the schedule's hosts make valid urls");
    link.query_pairs_mut()
        .append_pair("confno", &id.to_string())
        .append_pair("zak", zak);
    link.into()
}

#[cfg(feature = "fakes")]
pub async fn issued(State(sim): State<Arc<SimState>>) -> axum::Json<Vec<String>> {
    axum::Json(sim.issued.lock().unwrap().clone())
}

pub async fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        axum::Json(serde_json::json!({"code": 404, "message": "Not found."})),
    )
        .into_response()
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html><meta charset=utf-8><meta name=referrer content=no-referrer><title>{title}</title>\
         <style>body{{font:20px system-ui;margin:4em auto;max-width:40em;color:#1d2433}}h1{{color:#2457d6}}.note{{color:#667}}</style>\
         <h1>{title}</h1>{body}"
    )
}

/// A feed a test wrote whole, hostile or broken, served as it was given.
#[cfg(feature = "fakes")]
pub async fn raw_feed(State(sim): State<Arc<SimState>>, Path(n): Path<usize>) -> Response {
    sim.count("raw_feed");
    match sim.raw_feeds.lock().unwrap().get(n) {
        Some(body) => (
            [(header::CONTENT_TYPE, "text/calendar; charset=utf-8")],
            body.clone(),
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
