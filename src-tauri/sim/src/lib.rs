//! The demo room, served on 127.0.0.1 inside the process: a fake of the Zoom
//! API, the room's ICS feed, and a page that stands in for the Zoom launcher.
//! Its credentials are demo values only.
//!
//! The tests use the same simulation with the feature `fakes`, which adds what
//! only tests need: fault switches, the Google and Graph fakes (with a test
//! signing key), byte counting and `/_sim/` routes. The app is built without
//! it, so none of that ships.

mod calendar_edits;
#[cfg(feature = "fakes")]
mod faults;
#[cfg(not(feature = "fakes"))]
#[path = "no_faults.rs"]
mod faults;
#[cfg(feature = "fakes")]
mod google_api;
#[cfg(feature = "fakes")]
mod google_writes;
#[cfg(feature = "fakes")]
mod graph_api;
#[cfg(feature = "fakes")]
mod graph_writes;
mod ics_feed;
mod pages;
#[cfg(feature = "fakes")]
pub mod quota;
pub mod schedule;
mod zoom_api;
mod zoom_create;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

#[cfg(feature = "fakes")]
use axum::body::Body;
#[cfg(feature = "fakes")]
use axum::extract::{MatchedPath, Request, State};
#[cfg(feature = "fakes")]
use axum::middleware::{self, Next};
#[cfg(feature = "fakes")]
use axum::response::Response;
#[cfg(feature = "fakes")]
use axum::routing::patch;
use axum::routing::{get, post};
use axum::Router;
use chrono::{DateTime, Utc};
use rand::distr::{Alphanumeric, SampleString};
use url::Url;

pub use calendar_edits::{CalendarEdit, CalendarWrite, NewEvent};
#[cfg(not(feature = "fakes"))]
use faults::Faults;
#[cfg(feature = "fakes")]
pub use faults::{Faults, RateLimit, RetryAfter};
#[cfg(feature = "fakes")]
pub use google_api::{DELEGATED_USER, ROOM_CALENDAR_ID, SERVICE_ACCOUNT_EMAIL, TEST_PRIVATE_KEY};
#[cfg(feature = "fakes")]
pub use graph_api::{GRAPH_CLIENT_ID, ROOM_MAILBOX, TENANT_ID};
pub use schedule::{
    demo_schedule, Schedule, ACME_ORGANIZER, DEMO_TITLES, EXPIRED_MEETING_ID, HOST_EMAIL, HOST_ID,
};
pub use zoom_create::{CreatedMeeting, CREATES_PER_USER_PER_DAY};

pub const ACCOUNT_ID: &str = "demo-account-7Qx2";
pub const CLIENT_ID: &str = "demo-client-Rm4k";
/// Not a secret: the demo account exists only inside this simulation.
pub const CLIENT_SECRET: &str = "demo-client-secret-9f3a7c1e";

/// Where the fake's `start_url` and `join_url` point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkStyle {
    /// At the simulation's own page, so a demo tap opens something meaningful.
    Local,
    /// At zoom.us hosts, exactly as Zoom returns them (tests record, never visit).
    Zoom,
    /// Join links at zoom.us hosts, and the `start_url` at this simulation's
    /// launcher page, which a window can run out of sight as it runs Zoom's
    /// (a room whose Zoom API is on loopback trusts that origin).
    ZoomWithLocalLauncher,
}

pub struct SimOptions {
    /// Port 0 picks a free one.
    pub addr: SocketAddr,
    pub links: LinkStyle,
    /// The moment the demo day is laid out around.
    pub anchor: DateTime<Utc>,
    /// The client secret the token endpoint accepts.
    pub client_secret: String,
    /// Also serve the feed at `/feeds/{token}`, the way a secret ICS address works.
    pub feed_token: Option<String>,
}

impl SimOptions {
    /// A simulation whose day is laid out around `anchor`, on a free loopback
    /// port. The simulation never reads the clock: the caller says what "now" is.
    pub fn at(anchor: DateTime<Utc>) -> Self {
        SimOptions {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            links: LinkStyle::Local,
            anchor,
            client_secret: CLIENT_SECRET.to_string(),
            feed_token: None,
        }
    }
}

pub struct SimState {
    base: Url,
    links: LinkStyle,
    client_secret: String,
    feed_token: Option<String>,
    anchor: DateTime<Utc>,
    schedule: Schedule,
    /// Valid tokens, with their expiry and scopes. Expiry is on the monotonic
    /// clock: a token lasts its seconds whatever the wall clock says.
    tokens: Mutex<HashMap<String, (std::time::Instant, String)>>,
    issued: Mutex<Vec<String>>,
    zaks: Mutex<Vec<String>>,
    minted: Mutex<Vec<String>>,
    /// Meetings made by Create a meeting, oldest first.
    created: Mutex<Vec<zoom_create::CreatedMeeting>>,
    /// Creates per user id since the simulation started: the fake's "today"
    /// (it never reads the wall clock, so its day never ends).
    creates_today: Mutex<HashMap<String, u32>>,
    #[cfg(feature = "fakes")]
    graph_tokens: Mutex<Vec<String>>,
    #[cfg(feature = "fakes")]
    google_tokens: Mutex<Vec<String>>,
    faults: Mutex<Faults>,
    requests: Mutex<HashMap<&'static str, usize>>,
    edits: Mutex<calendar_edits::EditLog>,
    /// Raw VEVENTs a test sent the room, appended to its feed.
    invites: Mutex<Vec<String>>,
    #[cfg(feature = "fakes")]
    raw_feeds: Mutex<Vec<String>>,
    /// Response body bytes per route, e.g. `/calendar.ics`.
    #[cfg(feature = "fakes")]
    bytes_served: Mutex<HashMap<String, usize>>,
    /// The published rate limits, once a test switches them on, and the
    /// moment they were, which their windows count from.
    #[cfg(feature = "fakes")]
    quotas: Mutex<Option<(quota::Quotas, std::time::Instant)>>,
}

impl SimState {
    fn link_base(&self) -> String {
        match self.links {
            LinkStyle::Local => self.local_base(),
            LinkStyle::Zoom | LinkStyle::ZoomWithLocalLauncher => {
                "https://us06web.zoom.us".to_string()
            }
        }
    }

    /// Where a `start_url` points: Zoom's launcher page, or this simulation's.
    fn launcher_base(&self) -> String {
        match self.links {
            LinkStyle::Zoom => self.link_base(),
            LinkStyle::Local | LinkStyle::ZoomWithLocalLauncher => self.local_base(),
        }
    }

    fn local_base(&self) -> String {
        self.base.as_str().trim_end_matches('/').to_string()
    }

    /// Counts a create against `user_id`'s day; false when the day's are used up.
    fn take_create(&self, user_id: &str) -> bool {
        let mut counts = self.creates_today.lock().unwrap();
        let used = counts.entry(user_id.to_string()).or_default();
        if *used >= zoom_create::CREATES_PER_USER_PER_DAY {
            return false;
        }
        *used += 1;
        true
    }

    fn count(&self, endpoint: &'static str) {
        *self.requests.lock().unwrap().entry(endpoint).or_default() += 1;
    }

    /// The vendor's refusal when `call` is over a published limit, if they are enforced.
    #[cfg(feature = "fakes")]
    fn over_quota(&self, call: quota::Call<'_>) -> Option<quota::Answer> {
        let mut held = self.quotas.lock().unwrap();
        let (quotas, since) = held.as_mut()?;
        match quotas.ask(call, since.elapsed()) {
            quota::Answer::Served => None,
            refused => Some(refused),
        }
    }
}

pub struct Simulation {
    state: Arc<SimState>,
    server: tokio::task::JoinHandle<()>,
}

impl Simulation {
    pub async fn start(options: SimOptions) -> std::io::Result<Simulation> {
        let listener = tokio::net::TcpListener::bind(options.addr).await?;
        let addr = listener.local_addr()?;
        let base = Url::parse(&format!("http://{addr}")).expect("socket address is a valid origin");
        let state = Arc::new(SimState {
            base,
            links: options.links,
            client_secret: options.client_secret,
            feed_token: options.feed_token,
            anchor: options.anchor,
            schedule: demo_schedule(options.anchor),
            tokens: Mutex::default(),
            issued: Mutex::default(),
            zaks: Mutex::default(),
            minted: Mutex::default(),
            created: Mutex::default(),
            creates_today: Mutex::default(),
            #[cfg(feature = "fakes")]
            graph_tokens: Mutex::default(),
            #[cfg(feature = "fakes")]
            google_tokens: Mutex::default(),
            faults: Mutex::default(),
            requests: Mutex::default(),
            edits: Mutex::default(),
            invites: Mutex::default(),
            #[cfg(feature = "fakes")]
            raw_feeds: Mutex::default(),
            #[cfg(feature = "fakes")]
            bytes_served: Mutex::default(),
            #[cfg(feature = "fakes")]
            quotas: Mutex::default(),
        });
        let app = Router::new()
            .route("/oauth/token", post(zoom_api::token))
            .route("/v2/meetings/{id}", get(zoom_api::meeting))
            .route(
                "/v2/users/{user}/meetings",
                get(zoom_api::user_meetings).post(zoom_create::create_meeting),
            )
            .route("/v2/users/{user}/token", get(zoom_api::user_token))
            .route("/v2/users", get(zoom_api::users))
            .route("/calendar.ics", get(pages::calendar))
            .route("/feeds/{token}", get(pages::secret_feed))
            .route("/s/{id}", get(pages::launcher))
            .route("/j/{id}", get(pages::launcher))
            .route("/client/start", get(pages::client));
        #[cfg(feature = "fakes")]
        let app = test_routes(app, &state);
        #[cfg(feature = "fakes")]
        let app = app.layer(middleware::from_fn_with_state(state.clone(), dated));
        let app = app.fallback(pages::not_found).with_state(state.clone());
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(Simulation { state, server })
    }

    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub fn base(&self) -> &Url {
        &self.state.base
    }

    pub fn api_base(&self) -> String {
        format!("{}v2", self.state.base)
    }

    pub fn calendar_url(&self) -> String {
        format!("{}calendar.ics", self.state.base)
    }

    #[cfg(feature = "fakes")]
    /// Microsoft Graph's base (`…/graph`) and the Entra ID login base (`…/ms`).
    pub fn graph_bases(&self) -> (String, String) {
        (
            format!("{}graph", self.state.base),
            format!("{}ms", self.state.base),
        )
    }

    #[cfg(feature = "fakes")]
    /// A service account key file for the fake Google, as Google hands them out.
    pub fn google_key_json(&self) -> String {
        serde_json::json!({
            "type": "service_account",
            "project_id": "demo-project",
            "private_key_id": "0123456789abcdef",
            "private_key": TEST_PRIVATE_KEY,
            "client_email": SERVICE_ACCOUNT_EMAIL,
            "client_id": "100000000000000000001",
            "token_uri": format!("{}google/token", self.state.base),
        })
        .to_string()
    }

    #[cfg(feature = "fakes")]
    /// The Calendar API's base, standing in for `https://www.googleapis.com`.
    pub fn google_api_base(&self) -> String {
        format!("{}google", self.state.base)
    }

    #[cfg(feature = "fakes")]
    /// Every `start_url` handed out, oldest first.
    pub fn issued_start_urls(&self) -> Vec<String> {
        self.state.issued.lock().unwrap().clone()
    }

    #[cfg(feature = "fakes")]
    /// Every meeting made by Create a meeting, oldest first.
    pub fn created_meetings(&self) -> Vec<CreatedMeeting> {
        self.state.created.lock().unwrap().clone()
    }

    #[cfg(feature = "fakes")]
    /// Counts `used` creates against `user_id`'s day (of the 100 Zoom allows),
    /// as if they had been made before the test.
    pub fn set_creates_today(&self, user_id: &str, used: u32) {
        let mut counts = self.state.creates_today.lock().unwrap();
        counts.insert(user_id.to_string(), used);
    }

    #[cfg(feature = "fakes")]
    /// Switches faults on (or off, with `Faults::default()`) for what follows.
    pub fn set_faults(&self, faults: Faults) {
        *self.state.faults.lock().unwrap() = faults;
    }

    #[cfg(feature = "fakes")]
    /// Enforces the vendors' published rate limits from now on (`quota`).
    pub fn enforce_quotas(&self, limits: quota::Limits) {
        *self.state.quotas.lock().unwrap() =
            Some((quota::Quotas::new(limits), std::time::Instant::now()));
    }

    /// Sends the room an invite: `vevent` (BEGIN:VEVENT … END:VEVENT, as
    /// anyone's mail client might write it) joins the room's ICS feed.
    #[cfg(feature = "fakes")]
    pub fn invite_room(&self, vevent: &str) {
        self.state.invites.lock().unwrap().push(vevent.to_string());
    }

    /// Serves `text` as a calendar feed of its own and returns its address.
    #[cfg(feature = "fakes")]
    pub fn serve_feed(&self, text: impl Into<String>) -> String {
        let mut feeds = self.state.raw_feeds.lock().unwrap();
        feeds.push(text.into());
        format!("{}_sim/feeds/{}", self.state.base, feeds.len() - 1)
    }

    /// Changes an event of the room's calendar, as Google and Graph then report it.
    #[cfg(feature = "fakes")]
    pub fn edit_calendar(&self, uid: &str, edit: CalendarEdit) {
        self.state
            .edits
            .lock()
            .unwrap()
            .record(uid, edit, self.state.anchor);
    }

    /// Puts a recurring event on the room's calendar: `count` daily
    /// occurrences from `first`, each its own event with the vendors' instance
    /// ids (`{series}_{start}`), as `singleEvents` and `calendarView` expand them.
    #[cfg(feature = "fakes")]
    pub fn add_recurring(
        &self,
        series: &str,
        title: &str,
        first: DateTime<Utc>,
        minutes: i64,
        count: u32,
    ) {
        let mut edits = self.state.edits.lock().unwrap();
        for n in 0..count {
            let start = first + chrono::Duration::days(n.into());
            let uid = format!("{series}_{}@roomstart.test", start.format("%Y%m%dT%H%M%SZ"));
            let occurrence = NewEvent {
                title: title.to_string(),
                start,
                end: start + chrono::Duration::minutes(minutes),
                location: "Aurora (4th floor)".into(),
                body: String::new(),
                series: Some(series.to_string()),
            };
            edits.record(&uid, CalendarEdit::Create(occurrence), self.state.anchor);
        }
    }

    /// What the room wrote through the Google and Graph fakes, oldest first.
    #[cfg(feature = "fakes")]
    pub fn calendar_writes(&self) -> Vec<CalendarWrite> {
        self.state.edits.lock().unwrap().writes.clone()
    }

    /// The room's credentials may only read its calendar (Google: shared
    /// "See all event details"; Graph: no `Calendars.ReadWrite`), or again write.
    #[cfg(feature = "fakes")]
    pub fn calendar_read_only(&self, read_only: bool) {
        self.state.faults.lock().unwrap().calendar_read_only = read_only;
    }

    #[cfg(feature = "fakes")]
    /// Google's sync tokens and Graph's delta links issued so far expire (410 Gone).
    pub fn expire_sync_tokens(&self) {
        self.state.edits.lock().unwrap().expire_tokens();
    }

    #[cfg(feature = "fakes")]
    /// Invalidates every token, Zoom's, Graph's and Google's, as minting one
    /// elsewhere can do to Zoom's S2S tokens and a night's sleep does to all.
    pub fn revoke_tokens(&self) {
        self.state.tokens.lock().unwrap().clear();
        self.state.graph_tokens.lock().unwrap().clear();
        self.state.google_tokens.lock().unwrap().clear();
    }

    #[cfg(feature = "fakes")]
    /// Every ZAK handed out by `GET /users/{id}/token?type=zak`, oldest first.
    pub fn issued_zaks(&self) -> Vec<String> {
        self.state.zaks.lock().unwrap().clone()
    }

    #[cfg(feature = "fakes")]
    /// Every access token minted, oldest first.
    pub fn issued_tokens(&self) -> Vec<String> {
        self.state.minted.lock().unwrap().clone()
    }

    #[cfg(feature = "fakes")]
    /// Response body bytes served on `route` (as written in the router, e.g.
    /// `/google/calendar/v3/calendars/{calendar_id}/events`).
    pub fn bytes_served(&self, route: &str) -> usize {
        self.state
            .bytes_served
            .lock()
            .unwrap()
            .get(route)
            .copied()
            .unwrap_or(0)
    }

    #[cfg(feature = "fakes")]
    /// Requests served per endpoint: `token`, `meeting`, `list`, `calendar`.
    pub fn requests(&self, endpoint: &str) -> usize {
        self.state
            .requests
            .lock()
            .unwrap()
            .get(endpoint)
            .copied()
            .unwrap_or(0)
    }

    pub fn schedule(&self) -> &Schedule {
        &self.state.schedule
    }
}

impl Drop for Simulation {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// What only tests need: the Google and Graph fakes, what the fake Zoom
/// issued, and each response's size.
#[cfg(feature = "fakes")]
fn test_routes(app: Router<Arc<SimState>>, state: &Arc<SimState>) -> Router<Arc<SimState>> {
    app.route("/ms/{tenant}/oauth2/v2.0/token", post(graph_api::token))
        .route("/google/token", post(google_api::token))
        .route(
            "/google/calendar/v3/calendars/{calendar_id}/events",
            get(google_api::events).post(google_writes::insert),
        )
        .route(
            "/google/calendar/v3/calendars/{calendar_id}/events/{event_id}",
            get(google_writes::get_event).patch(google_writes::patch),
        )
        .route(
            "/graph/v1.0/users/{mailbox}/calendar/calendarView",
            get(graph_api::calendar_view),
        )
        .route(
            "/graph/v1.0/users/{mailbox}/calendar",
            get(graph_writes::calendar),
        )
        .route(
            "/graph/v1.0/users/{mailbox}/calendar/events",
            post(graph_writes::create),
        )
        .route(
            "/graph/v1.0/users/{mailbox}/events/{id}",
            patch(graph_writes::update),
        )
        .route(
            "/graph/v1.0/users/{mailbox}/events/{id}/decline",
            post(graph_writes::decline),
        )
        .route(
            "/graph/v1.0/users/{mailbox}/calendarView/delta",
            get(graph_api::calendar_view_delta),
        )
        .route("/_sim/issued", get(pages::issued))
        .route("/_sim/feeds/{n}", get(pages::raw_feed))
        .route_layer(middleware::from_fn_with_state(state.clone(), measure))
}

/// Every answer's `Date`, moved by `Faults::date_offset` when a test sets it
/// (hyper writes the real one only where none is set).
#[cfg(feature = "fakes")]
async fn dated(State(sim): State<Arc<SimState>>, request: Request, next: Next) -> Response {
    let offset = sim.faults.lock().unwrap().date_offset;
    let mut response = next.run(request).await;
    if let Some(offset) = offset {
        let date = (Utc::now() + offset)
            .format("%a, %d %b %Y %H:%M:%S GMT")
            .to_string();
        if let Ok(value) = date.parse() {
            response
                .headers_mut()
                .insert(axum::http::header::DATE, value);
        }
    }
    response
}

/// Counts each response's body bytes against its route.
#[cfg(feature = "fakes")]
async fn measure(State(sim): State<Arc<SimState>>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    let (parts, body) = next.run(request).await.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    *sim.bytes_served.lock().unwrap().entry(route).or_default() += bytes.len();
    Response::from_parts(parts, Body::from(bytes))
}

fn random_token(len: usize) -> String {
    Alphanumeric.sample_string(&mut rand::rng(), len)
}
