//! The room: the one API every front end (window, CLI) calls. It holds the
//! agenda, decides what may be started, and turns it into the screen's view.

pub mod agenda;
pub mod cache;
pub mod confirm;
mod health;
mod hosted;
mod tap;
pub mod view;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use tokio::sync::RwLock;

use crate::calendar::{CalendarEvent, CalendarSource, Reading};
use crate::http::HttpClients;
use crate::launch::opener::{Opener, SystemOpener};
use crate::launch::TrustedOrigins;
use crate::zoom::{self, MeetingId, ZoomClient};
use agenda::{AgendaEvent, StartWindow};
pub use tap::{DialIn, DialInError, JoinError, Opened, StartError};
use view::{PersonMessage, RoomView};

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
    /// What the screen may show (titles, dial-in) and how it writes times.
    pub screen: view::ScreenOptions,
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
            screen: view::ScreenOptions::default(),
        }
    }
}

pub struct Room {
    setup: RoomSetup,
    http: HttpClients,
    state: RwLock<State>,
    lookups: hosted::Lookups,
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
    /// Whose meetings Start may open, as Zoom resolved `host_users`.
    hosts: confirm::Hosts,
    /// The account's upcoming meetings, from the last refresh that could read them.
    zoom_meetings: Vec<zoom::MeetingSummary>,
    agenda: Vec<AgendaEvent>,
    problems: Vec<PersonMessage>,
    /// What the sources could not read on the last refresh (events, zones),
    /// each naming its source: for `agenda` and the log, not the screen,
    /// where anyone's malformed invite would otherwise speak.
    unreadable: Vec<String>,
    refreshed_at: Option<DateTime<Utc>>,
    /// The account's meetings could not be read on the last refresh.
    zoom_unreadable: bool,
}

/// The most of what the sources could not read a refresh keeps for `agenda`.
const MAX_UNREADABLE: usize = 50;

impl Room {
    pub fn new(setup: RoomSetup) -> Self {
        let http = HttpClients::new();
        let mut state = State::default();
        if let Some((agenda, saved_at)) = setup.cache_file.as_deref().and_then(cache::load) {
            state.agenda = agenda;
            state.refreshed_at = Some(saved_at);
            state.cached_at = Some(saved_at);
            state.problems = vec![PersonMessage::showing_saved_agenda(
                saved_at,
                setup.zone,
                setup.screen.time,
            )];
        }
        Room {
            setup,
            http,
            state: RwLock::new(state),
            lookups: hosted::Lookups::default(),
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
        let mut unreadable = Vec::new();
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
                    unreadable.extend(parsed.warnings);
                    fresh_events.push((source.name().to_string(), parsed.events));
                }
                Err(e) => {
                    tracing::warn!(error = %e, "calendar source failed");
                    crate::metrics::count_calendar_error(source.name(), e.problem.kind());
                    let state = self.state.read().await;
                    let last = state
                        .fetched_at
                        .get(source.name())
                        .copied()
                        .or(state.cached_at);
                    drop(state);
                    problems.push(PersonMessage::calendar_failing(
                        &e,
                        last,
                        self.setup.zone,
                        self.setup.screen.time,
                    ));
                }
            }
        }
        let on_calendar = {
            let state = self.state.read().await;
            let known = fresh_events
                .iter()
                .map(|(_, e)| e)
                .chain(state.events.values());
            agenda::zoom_meetings_on(known.flatten(), window)
        };
        let hosted = match &self.setup.zoom {
            Some(account) => {
                match hosted::hosted_meetings(
                    &account.client,
                    &account.host_users,
                    &self.lookups,
                    &on_calendar,
                    now,
                )
                .await
                {
                    Ok(ids) => Some(ids),
                    Err(e) => {
                        tracing::warn!(error = %e, "reading the zoom account's meetings failed");
                        problems.push(PersonMessage::zoom_unreadable(&e));
                        None
                    }
                }
            }
            None => Some((Vec::new(), confirm::Hosts::default())),
        };

        let mut state = self.state.write().await;
        state.zoom_unreadable = hosted.is_none();
        let answered = !fresh_events.is_empty();
        for (name, _) in &fresh_events {
            state.fetched_at.insert(name.clone(), now);
        }
        state.events.extend(fresh_events);
        if let Some((meetings, hosts)) = hosted {
            state.hosted = meetings.iter().map(|m| m.id).collect();
            state.hosts = hosts;
            state.zoom_meetings = meetings;
        }
        state.problems = problems;
        // A feed of thousands of broken invites is said in a few lines.
        if unreadable.len() > MAX_UNREADABLE {
            let more = unreadable.len() - MAX_UNREADABLE;
            unreadable.truncate(MAX_UNREADABLE);
            unreadable.push(format!(
                "and {more} more things the sources could not read (see the log)"
            ));
        }
        state.unreadable = unreadable;
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
        self.mark_trust(&mut state);
        if answered || self.setup.sources.is_empty() {
            state.refreshed_at = Some(now);
            if let Some(path) = &self.setup.cache_file {
                if let Err(e) = cache::save(path, &state.agenda, now) {
                    tracing::warn!(error = %e, "could not save the agenda cache");
                }
            }
        }
    }

    /// Which events' organizers their calendar vouches for (Google and Graph
    /// say who booked; an ICS feed carries what the sender typed), and which
    /// Starts rest on the organizer being the host (`host_users = ["*"]`).
    fn mark_trust(&self, state: &mut State) {
        let vouching: HashSet<&str> = self
            .setup
            .sources
            .iter()
            .filter(|s| matches!(s, CalendarSource::Google(_) | CalendarSource::Graph(_)))
            .map(|s| s.name())
            .collect();
        let State {
            agenda,
            hosts,
            zoom_meetings,
            ..
        } = state;
        for event in agenda.iter_mut() {
            event.organizer_vouched = vouching.contains(event.source.as_str());
            let id = event.link.as_ref().and_then(|l| l.zoom_id);
            let meeting = zoom_meetings.iter().find(|m| Some(m.id) == id);
            event.start_rests_on_organizer = hosts.rests_on_organizer(meeting);
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
            (&state.problems, &state.unreadable),
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
                screen: &self.setup.screen,
            },
            now,
        )
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
