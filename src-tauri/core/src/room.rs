//! The room: the one API every front end (window, CLI) calls.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use tokio::sync::RwLock;

use crate::agenda::{self, AgendaEvent, StartDecision, StartWindow};
use crate::agenda_cache;
use crate::calendar::{CalendarEvent, CalendarSource, Reading};
use crate::http::HttpClients;
use crate::launch::{self, LaunchUrl, TrustedOrigins};
use crate::links::Service;
use crate::opener::{self, Opener, SystemOpener};
use crate::view::{self, PersonMessage, RoomView};
use crate::zoom::{self, MeetingId, ZoomClient};

/// The Zoom side of a room: the client and whose meetings count as hosted here.
pub struct ZoomAccount {
    pub client: ZoomClient,
    /// User IDs or emails whose upcoming meetings this room may start; `*` is every user.
    pub host_users: Vec<String>,
    /// Show the account's meetings that have no event on this room's calendar.
    pub show_unlisted: bool,
    pub start_via: StartVia,
}

impl ZoomAccount {
    /// The account's own meetings (`me`), started over https, none unlisted shown.
    pub fn new(client: ZoomClient) -> Self {
        ZoomAccount {
            client,
            host_users: vec!["me".into()],
            show_unlisted: false,
            start_via: StartVia::Https,
        }
    }
}

/// How Start hands the meeting to the Zoom client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StartVia {
    /// The fresh https `start_url` (Zoom's supported way; one API request per tap).
    #[default]
    Https,
    /// `zoommtg://…/start?confno=…&zak=…` with a fresh ZAK (two requests per tap).
    /// Zoom deprecated direct client URLs; some clients ask to sign in.
    ZoomClient,
}

/// A tap answers within 10 s, whatever Zoom or the URL handler does.
pub const TAP_DEADLINE: Duration = Duration::from_millis(9500);

pub struct RoomSetup {
    pub name: String,
    pub zone: Tz,
    pub zoom: Option<ZoomAccount>,
    pub sources: Vec<CalendarSource>,
    pub trusted: TrustedOrigins,
    pub window: StartWindow,
    /// Demo only: Zoom join links open on this trusted loopback origin (the
    /// simulation's launcher page) instead of zoom.us.
    pub demo_join_origin: Option<url::Url>,
    /// A `zoommtg:` handler is registered, so Join opens the client directly.
    pub zoommtg_join: bool,
    /// An `msteams:` handler (the Teams app) is registered, so Teams links open in it.
    pub msteams_join: bool,
    /// How long a tap may take, opening included, before it answers with a time-out.
    pub tap_deadline: Duration,
    /// Where a tap's URL goes: the OS's URL handler, unless a test or `--dry-run` says otherwise.
    pub opener: Arc<dyn Opener>,
    /// Where the last agenda is kept for a restart without network.
    pub cache_file: Option<std::path::PathBuf>,
    /// How often the window reads the sources again.
    pub refresh_every: Duration,
}

impl RoomSetup {
    /// A room with no Zoom account and no sources yet, and the defaults for
    /// everything else; callers fill in what they have.
    pub fn new(name: impl Into<String>, zone: Tz) -> Self {
        RoomSetup {
            name: name.into(),
            zone,
            zoom: None,
            sources: Vec::new(),
            trusted: TrustedOrigins::zoom_only(),
            window: StartWindow::default(),
            demo_join_origin: None,
            zoommtg_join: false,
            msteams_join: false,
            tap_deadline: TAP_DEADLINE,
            opener: Arc::new(SystemOpener),
            cache_file: None,
            refresh_every: Duration::from_secs(60),
        }
    }
}

pub struct Room {
    setup: RoomSetup,
    http: HttpClients,
    state: RwLock<State>,
}

#[derive(Default)]
struct State {
    /// Last good events per source: a failing source keeps what it had.
    events: HashMap<String, Vec<CalendarEvent>>,
    /// When each source last answered.
    fetched_at: HashMap<String, DateTime<Utc>>,
    /// When the agenda loaded from the disk cache was saved.
    cached_at: Option<DateTime<Utc>>,
    hosted: HashSet<MeetingId>,
    /// The account's upcoming meetings, from the last refresh that could read them.
    zoom_meetings: Vec<zoom::MeetingSummary>,
    agenda: Vec<AgendaEvent>,
    problems: Vec<PersonMessage>,
    refreshed_at: Option<DateTime<Utc>>,
    /// The account's meetings could not be read on the last refresh.
    zoom_unreadable: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("that meeting is no longer on the agenda")]
    UnknownEvent,
    #[error("meeting {0} is not on this room's calendar")]
    NotOnCalendar(MeetingId),
    #[error("start is not allowed: {0:?}")]
    NotAllowed(StartDecision),
    #[error("this room has no zoom account configured")]
    NoZoomAccount,
    #[error(transparent)]
    Zoom(#[from] zoom::Error),
    #[error("zoom's start address was refused: {0}")]
    Unsafe(#[from] launch::Error),
    #[error(transparent)]
    Open(#[from] opener::Error),
}

#[derive(Debug, thiserror::Error)]
pub enum JoinError {
    #[error("that meeting is no longer on the agenda")]
    UnknownEvent,
    #[error("the event has no meeting link")]
    NoLink,
    #[error("the meeting link was refused: {0}")]
    Unsafe(#[from] launch::Error),
    #[error(transparent)]
    Open(#[from] opener::Error),
}

/// What a tap handed to the opener, with every secret in it redacted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opened {
    pub redacted: String,
}

impl Room {
    pub fn new(setup: RoomSetup) -> Self {
        let http = HttpClients::new();
        let mut state = State::default();
        if let Some((agenda, saved_at)) = setup.cache_file.as_deref().and_then(agenda_cache::load) {
            state.agenda = agenda;
            state.refreshed_at = Some(saved_at);
            state.cached_at = Some(saved_at);
            state.problems = vec![PersonMessage::showing_saved_agenda(saved_at, setup.zone)];
        }
        Room {
            setup,
            http,
            state: RwLock::new(state),
        }
    }

    pub fn name(&self) -> &str {
        &self.setup.name
    }

    pub fn zone(&self) -> Tz {
        self.setup.zone
    }

    pub fn refresh_every(&self) -> Duration {
        self.setup.refresh_every
    }

    /// Reads every source and the Zoom account once. A source that fails keeps
    /// its last events and is reported; it never takes the others down.
    /// Google and Graph send only what changed since the last call.
    pub async fn refresh(&self, now: DateTime<Utc>) {
        self.read(
            now,
            agenda::today_and_tomorrow(now, self.setup.zone),
            Reading::Follow,
        )
        .await;
    }

    /// `refresh` for a process that reads once and exits (`roomstart start`).
    pub async fn refresh_once(&self, now: DateTime<Utc>) {
        self.read(
            now,
            agenda::today_and_tomorrow(now, self.setup.zone),
            Reading::Once,
        )
        .await;
    }

    /// One read of another window, for `roomstart agenda --from … --to …`.
    pub async fn refresh_between(
        &self,
        now: DateTime<Utc>,
        window: (DateTime<Utc>, DateTime<Utc>),
    ) {
        self.read(now, window, Reading::Once).await;
    }

    async fn read(
        &self,
        now: DateTime<Utc>,
        window: (DateTime<Utc>, DateTime<Utc>),
        reading: Reading,
    ) {
        let mut problems = Vec::new();
        let mut fresh_events = Vec::new();
        for source in &self.setup.sources {
            match source
                .fetch(&self.http, self.setup.zone, window, reading)
                .await
            {
                Ok(parsed) => {
                    for warning in &parsed.warnings {
                        tracing::warn!("{warning}");
                    }
                    fresh_events.push((source.name().to_string(), parsed.events));
                }
                Err(e) => {
                    tracing::warn!(error = %e, "calendar source failed");
                    let state = self.state.read().await;
                    let last = state
                        .fetched_at
                        .get(source.name())
                        .copied()
                        .or(state.cached_at);
                    drop(state);
                    problems.push(PersonMessage::calendar_failing(&e, last, self.setup.zone));
                }
            }
        }
        let hosted = match &self.setup.zoom {
            Some(account) => match hosted_meetings(account).await {
                Ok(ids) => Some(ids),
                Err(e) => {
                    tracing::warn!(error = %e, "reading the zoom account's meetings failed");
                    problems.push(PersonMessage::zoom_unreadable(&e));
                    None
                }
            },
            None => Some(Vec::new()),
        };

        let mut state = self.state.write().await;
        state.zoom_unreadable = hosted.is_none();
        let answered = !fresh_events.is_empty();
        for (name, _) in &fresh_events {
            state.fetched_at.insert(name.clone(), now);
        }
        state.events.extend(fresh_events);
        if let Some(meetings) = hosted {
            state.hosted = meetings.iter().map(|m| m.id).collect();
            state.zoom_meetings = meetings;
        }
        state.problems = problems;
        // Until a source answers, the agenda from the disk cache stands.
        if state.events.is_empty() && state.cached_at.is_some() {
            return;
        }
        let mut all: Vec<CalendarEvent> = state.events.values().flatten().cloned().collect();
        if self.setup.zoom.as_ref().is_some_and(|z| z.show_unlisted) {
            let unlisted = agenda::unlisted_zoom_meetings(&state.zoom_meetings, &all);
            all.extend(unlisted);
        }
        state.agenda = agenda::build(&all, &state.hosted, window.0, window.1);
        if answered || self.setup.sources.is_empty() {
            state.refreshed_at = Some(now);
            if let Some(path) = &self.setup.cache_file {
                if let Err(e) = agenda_cache::save(path, &state.agenda, now) {
                    tracing::warn!(error = %e, "could not save the agenda cache");
                }
            }
        }
    }

    /// The agenda between `from` and `to` for IT scripts. Carries no secret.
    pub async fn agenda_report(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> view::AgendaReport {
        let state = self.state.read().await;
        view::agenda_report(
            &self.setup.name,
            self.setup.zone,
            &state.agenda,
            &state.problems,
            (from, to),
            now,
            self.setup.window,
        )
    }

    /// What the room screen shows. Carries no secret.
    pub async fn view(&self, now: DateTime<Utc>) -> RoomView {
        let state = self.state.read().await;
        view::room_view(
            &view::ViewInput {
                room_name: &self.setup.name,
                zone: self.setup.zone,
                agenda: &state.agenda,
                problems: &state.problems,
                refreshed_at: state.refreshed_at,
                window: self.setup.window,
            },
            now,
        )
    }

    /// A tap on Start: decides with `now`, fetches a fresh `start_url`,
    /// validates it and hands it to the opener, all within the tap's deadline.
    /// Exactly one Zoom request when the token is warm.
    pub async fn start(&self, key: &str, now: DateTime<Utc>) -> Result<Opened, StartError> {
        let deadline = tokio::time::Instant::now() + self.setup.tap_deadline;
        let url = tokio::time::timeout_at(deadline, self.start_url(key, now))
            .await
            .unwrap_or(Err(StartError::Zoom(zoom::Error::Timeout)))?;
        Ok(self.open(&url, deadline, "start").await?)
    }

    /// `roomstart start <id>`: the same rules as a tap on the event carrying that meeting.
    pub async fn start_by_id(
        &self,
        id: MeetingId,
        now: DateTime<Utc>,
    ) -> Result<Opened, StartError> {
        let key = self
            .event_with_meeting(id, now)
            .await
            .ok_or(StartError::NotOnCalendar(id))?;
        self.start(&key, now).await
    }

    /// The key of today's event for meeting `id`, the one closest to `now` first.
    pub async fn event_with_meeting(&self, id: MeetingId, now: DateTime<Utc>) -> Option<String> {
        let state = self.state.read().await;
        state
            .agenda
            .iter()
            .filter(|e| e.link.as_ref().and_then(|l| l.zoom_id) == Some(id))
            .min_by_key(|e| (e.start - now).num_seconds().abs())
            .map(|e| e.key.clone())
    }

    async fn start_url(&self, key: &str, now: DateTime<Utc>) -> Result<LaunchUrl, StartError> {
        let event = self.event(key).await.ok_or(StartError::UnknownEvent)?;
        let decision = agenda::start_decision(&event, now, self.setup.window);
        let StartDecision::Allowed(id) = decision else {
            if decision == StartDecision::NotHostedHere && self.state.read().await.zoom_unreadable {
                // "Not hosted here" may only mean Zoom could not be asked: say why.
                if let Some(account) = &self.setup.zoom {
                    account.client.warm_up().await?;
                }
            }
            return Err(StartError::NotAllowed(decision));
        };
        let account = self.setup.zoom.as_ref().ok_or(StartError::NoZoomAccount)?;
        let meeting = account.client.meeting(id).await?;
        let start = launch::start_url(&meeting.start_url, id, &self.setup.trusted)?;
        match account.start_via {
            StartVia::Https => Ok(start),
            StartVia::ZoomClient => {
                let zak = account.client.zak(&meeting.host_id).await?;
                Ok(launch::zoommtg_start(&start, id, &zak))
            }
        }
    }

    /// A tap on Join: the event's link, validated, handed to the opener.
    pub async fn join(&self, key: &str) -> Result<Opened, JoinError> {
        let deadline = tokio::time::Instant::now() + self.setup.tap_deadline;
        let event = self.event(key).await.ok_or(JoinError::UnknownEvent)?;
        let url = self.join_url(event)?;
        Ok(self.open(&url, deadline, "join").await?)
    }

    fn join_url(&self, event: AgendaEvent) -> Result<LaunchUrl, JoinError> {
        let link = event.link.ok_or(JoinError::NoLink)?;
        Ok(match link.service {
            Service::Zoom => {
                let url = launch::join_url(&link.join_url, &self.setup.trusted)?;
                if let Some(origin) = &self.setup.demo_join_origin {
                    let local = launch::rehome(&url, origin);
                    return Ok(launch::join_url(&local, &self.setup.trusted)?);
                }
                let via_client = self.setup.zoommtg_join;
                via_client
                    .then(|| launch::zoommtg_join(&url, link.zoom_id, &self.setup.name))
                    .flatten()
                    .unwrap_or(url)
            }
            Service::Teams if self.setup.msteams_join => {
                let url = launch::other_service_url(&link.join_url)?;
                launch::msteams_join(&url).unwrap_or(url)
            }
            _ => launch::other_service_url(&link.join_url)?,
        })
    }

    /// Hands `url` to the opener with what is left of the tap's deadline.
    async fn open(
        &self,
        url: &LaunchUrl,
        deadline: tokio::time::Instant,
        what: &'static str,
    ) -> Result<Opened, opener::Error> {
        let redacted = url.redacted();
        tracing::info!(url = %redacted, "opening the {what} url");
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        self.setup.opener.open(url, left).await.inspect_err(|e| {
            tracing::error!(error = %e, "the OS could not open the meeting");
        })?;
        Ok(Opened { redacted })
    }

    /// Mints the Zoom token ahead of the first tap.
    pub async fn warm_up(&self) {
        if let Some(account) = &self.setup.zoom {
            if let Err(e) = account.client.warm_up().await {
                tracing::warn!(error = %e, "could not get a zoom token ahead of time");
            }
        }
    }

    async fn event(&self, key: &str) -> Option<AgendaEvent> {
        self.state
            .read()
            .await
            .agenda
            .iter()
            .find(|e| e.key == key)
            .cloned()
    }
}

async fn hosted_meetings(account: &ZoomAccount) -> Result<Vec<zoom::MeetingSummary>, zoom::Error> {
    let mut users = account.host_users.clone();
    if users.iter().any(|u| u == "*") {
        users = account
            .client
            .users()
            .await?
            .into_iter()
            .map(|u| u.id)
            .collect();
    }
    let mut meetings = Vec::new();
    for user in &users {
        meetings.extend(account.client.upcoming_meetings(user).await?);
    }
    Ok(meetings)
}
