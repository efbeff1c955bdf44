//! The room: the one API every front end (window, CLI) calls. It holds the
//! agenda, decides what may be started, and turns it into the screen's view.

pub mod agenda;
pub mod booking;
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
use crate::poll;
use crate::zoom::{self, MeetingId, ZoomClient};
use agenda::{AgendaEvent, StartWindow};
pub use booking::{BookingError, BookingSetup, MeetNow, MeetNowError};
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
    /// `[zoom] room_user`: the Zoom user Meet now creates meetings for; none: no Meet now.
    pub room_user: Option<String>,
}

impl ZoomAccount {
    /// The account's own meetings (`me`), started over https, none unlisted shown.
    pub fn new(client: ZoomClient) -> Self {
        ZoomAccount {
            client,
            host_users: vec!["me".into()],
            show_unlisted: false,
            start_via: StartVia::Https,
            room_user: None,
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

/// How often a room reads its Zoom account's meetings by default. List
/// meetings is Medium: a Pro account allows 20 a second, for every app and
/// room together, so 500 rooms at a minute each (8 a second on average,
/// and more in a busy second) would come close; at 5 minutes 5,000 rooms
/// average 17 a second and back off in their busiest seconds (BENCHMARKS.md).
pub const ZOOM_POLL_EVERY: Duration = Duration::from_secs(300);

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
    /// How often the window reads a source again, unless `poll_every` names it.
    pub refresh_every: Duration,
    /// Each source's own interval (`poll_seconds`), by source name.
    pub poll_every: HashMap<String, Duration>,
    /// How often the Zoom account's meetings are read (`zoom.poll_seconds`).
    pub zoom_poll_every: Duration,
    /// What the screen may show (titles, dial-in) and how it writes times.
    pub screen: view::ScreenOptions,
    /// `[booking]`: Book now, Extend, End early and check-in.
    pub booking: BookingSetup,
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
            poll_every: HashMap::new(),
            zoom_poll_every: ZOOM_POLL_EVERY,
            screen: view::ScreenOptions::default(),
            booking: BookingSetup::default(),
        }
    }
}

pub struct Room {
    setup: RoomSetup,
    http: HttpClients,
    state: RwLock<State>,
    lookups: hosted::Lookups,
    /// When each source is read next; made at the first `poll`.
    plan: std::sync::Mutex<Option<poll::Plan>>,
    /// Check-ins and recent writes, shared with `roomstart check-in`.
    ledger: std::sync::Mutex<booking::LedgerFile>,
    /// Held through a read of the sources: two at once (the screen confirming
    /// a write while the room polls) could answer out of order, and the older
    /// answer would undo the newer.
    reading: tokio::sync::Mutex<()>,
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
    /// What the screen says is wrong: each source's problem, then Zoom's.
    problems: Vec<PersonMessage>,
    /// Each source's problem on its last read, by name: a source not read
    /// this round keeps what it had.
    source_problems: HashMap<String, PersonMessage>,
    zoom_problem: Option<PersonMessage>,
    /// What each source could not read on its last read.
    unreadable_by_source: HashMap<String, Vec<String>>,
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
        let ledger = booking::LedgerFile::new(setup.booking.ledger_file.clone());
        Room {
            reading: tokio::sync::Mutex::new(()),
            ledger: std::sync::Mutex::new(ledger),
            setup,
            http,
            state: RwLock::new(state),
            lookups: hosted::Lookups::default(),
            plan: std::sync::Mutex::new(None),
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
        let _reading = self.reading.lock().await;
        self.read(
            now,
            agenda::today_and_tomorrow(now, self.setup.zone),
            Reading::Follow,
            None,
        )
        .await;
    }

    /// Reads what is due at `now` on the room's plan: each source on its own
    /// interval at a phase of this room's, with jitter, and each identity
    /// held back while its vendor asks to slow down. Returns when to call again.
    pub async fn poll(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        // Held to the end: a poll asked for while one runs (the screen
        // confirming a write) then finds what the first recorded.
        let _reading = self.reading.lock().await;
        let due = {
            let mut plan = self.plan.lock().unwrap_or_else(|p| p.into_inner());
            let plan = plan.get_or_insert_with(|| {
                // A room reads at once when it starts: until then its saved
                // agenda offers no Start, and the footer says it is offline.
                // Rooms that boot together part after that first read.
                poll::Plan::new(&self.lanes(), now, Duration::ZERO, self.poll_seed())
            });
            plan.due(now)
        };
        let outcomes = match due.is_empty() {
            true => Vec::new(),
            false => {
                let window = agenda::today_and_tomorrow(now, self.setup.zone);
                self.read(now, window, Reading::Follow, Some(&due)).await
            }
        };
        {
            let mut plan = self.plan.lock().unwrap_or_else(|p| p.into_inner());
            let plan = plan.as_mut().expect("made above");
            for (lane, outcome) in outcomes {
                plan.record(lane, outcome, now);
            }
        }
        // After the read: a booking checked in elsewhere (the CLI) is known by now.
        self.release_no_shows(now).await;
        let plan = self.plan.lock().unwrap_or_else(|p| p.into_inner());
        plan.as_ref().expect("made above").next_wake()
    }

    /// The sources in order, then the Zoom account: what `poll` schedules.
    pub fn lanes(&self) -> Vec<poll::Lane> {
        let mut lanes: Vec<poll::Lane> = self
            .setup
            .sources
            .iter()
            .map(|s| poll::Lane {
                identity: s.identity(),
                every: self
                    .setup
                    .poll_every
                    .get(s.name())
                    .copied()
                    .unwrap_or(self.setup.refresh_every),
            })
            .collect();
        if let Some(account) = &self.setup.zoom {
            lanes.push(poll::Lane {
                identity: format!("zoom:{}", account.client.account_id()),
                every: self.setup.zoom_poll_every,
            });
        }
        lanes
    }

    /// This room's own phases: from its name and whom it reads as, so two
    /// rooms differ and a restart keeps its slots.
    fn poll_seed(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        // Fixed keys: the same on every run of this build.
        let mut h = std::hash::DefaultHasher::new();
        self.setup.name.hash(&mut h);
        for lane in self.lanes() {
            lane.identity.hash(&mut h);
        }
        h.finish()
    }

    /// `refresh` for a process that reads once and exits (`roomstart start`).
    pub async fn refresh_once(&self, now: DateTime<Utc>) {
        let _reading = self.reading.lock().await;
        self.read(
            now,
            agenda::today_and_tomorrow(now, self.setup.zone),
            Reading::Once,
            None,
        )
        .await;
    }

    /// One read of another window, for `roomstart agenda --from … --to …`.
    pub async fn refresh_between(
        &self,
        now: DateTime<Utc>,
        window: (DateTime<Utc>, DateTime<Utc>),
    ) {
        let _reading = self.reading.lock().await;
        self.read(now, window, Reading::Once, None).await;
    }

    /// Reads the sources and the Zoom account, or only the lanes `due` names
    /// (`lanes`' order); a lane not read keeps what it had. Returns how each
    /// read went, for the plan.
    async fn read(
        &self,
        now: DateTime<Utc>,
        window: (DateTime<Utc>, DateTime<Utc>),
        reading: Reading,
        due: Option<&[usize]>,
    ) -> Vec<(usize, poll::Outcome)> {
        let is_due = |lane: usize| due.is_none_or(|d| d.contains(&lane));
        let mut outcomes = Vec::new();
        let mut failed = Vec::new();
        let mut unreadable = Vec::new();
        let mut fresh_events = Vec::new();
        for (lane, source) in self.setup.sources.iter().enumerate() {
            if !is_due(lane) {
                continue;
            }
            match source
                .fetch(&self.http, self.setup.zone, window, reading)
                .await
            {
                Ok(parsed) => {
                    for warning in &parsed.warnings {
                        tracing::warn!("{warning}");
                    }
                    unreadable.push((source.name().to_string(), parsed.warnings));
                    fresh_events.push((source.name().to_string(), parsed.events));
                    outcomes.push((lane, poll::Outcome::Answered));
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
                    let message = PersonMessage::calendar_failing(
                        &e,
                        last,
                        self.setup.zone,
                        self.setup.screen.time,
                    );
                    failed.push((source.name().to_string(), message));
                    outcomes.push((
                        lane,
                        match e.problem.refusal() {
                            Some(retry_after) => poll::Outcome::Refused { retry_after },
                            None => poll::Outcome::Failed,
                        },
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
        let zoom_lane = self.setup.sources.len();
        let hosted = match &self.setup.zoom {
            Some(_) if !is_due(zoom_lane) => None,
            Some(account) => {
                let read = hosted::hosted_meetings(
                    &account.client,
                    &account.host_users,
                    &self.lookups,
                    &on_calendar,
                    now,
                )
                .await;
                outcomes.push((
                    zoom_lane,
                    match &read {
                        Ok(_) => poll::Outcome::Answered,
                        Err(zoom::Error::RateLimited { retry_after, .. }) => {
                            poll::Outcome::Refused {
                                retry_after: *retry_after,
                            }
                        }
                        Err(_) => poll::Outcome::Failed,
                    },
                ));
                Some(read.map_err(|e| {
                    tracing::warn!(error = %e, "reading the zoom account's meetings failed");
                    PersonMessage::zoom_unreadable(&e)
                }))
            }
            None => Some(Ok((Vec::new(), confirm::Hosts::default()))),
        };

        let mut state = self.state.write().await;
        let answered = !fresh_events.is_empty();
        match hosted {
            Some(Ok((meetings, hosts))) => {
                state.zoom_unreadable = false;
                state.zoom_problem = None;
                state.hosted = meetings.iter().map(|m| m.id).collect();
                state.hosts = hosts;
                state.zoom_meetings = meetings;
            }
            Some(Err(message)) => {
                state.zoom_unreadable = true;
                state.zoom_problem = Some(message);
            }
            None => {}
        }
        for (name, _) in &fresh_events {
            state.fetched_at.insert(name.clone(), now);
            state.source_problems.remove(name);
        }
        state.source_problems.extend(failed);
        state.unreadable_by_source.extend(unreadable);
        state.events.extend(fresh_events);
        let State {
            source_problems,
            zoom_problem,
            unreadable_by_source,
            ..
        } = &*state;
        let problems: Vec<PersonMessage> = self
            .setup
            .sources
            .iter()
            .filter_map(|s| source_problems.get(s.name()).cloned())
            .chain(zoom_problem.clone())
            .collect();
        let mut unreadable: Vec<String> = self
            .setup
            .sources
            .iter()
            .filter_map(|s| unreadable_by_source.get(s.name()))
            .flatten()
            .cloned()
            .collect();
        // The saved agenda's note stands until a source answers or fails.
        if !problems.is_empty() || !state.events.is_empty() || state.cached_at.is_none() {
            state.problems = problems;
        }
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
            return outcomes;
        }
        self.build_agenda(&mut state, window);
        if answered || self.setup.sources.is_empty() {
            state.refreshed_at = Some(now);
            if let Some(path) = &self.setup.cache_file {
                if let Err(e) = cache::save(path, &state.agenda, now) {
                    tracing::warn!(error = %e, "could not save the agenda cache");
                }
            }
        }
        outcomes
    }

    /// The agenda of `window` from the events each source last gave.
    fn build_agenda(&self, state: &mut State, window: (DateTime<Utc>, DateTime<Utc>)) {
        let mut all: Vec<CalendarEvent> = state.events.values().flatten().cloned().collect();
        if self.setup.zoom.as_ref().is_some_and(|z| z.show_unlisted) {
            let unlisted = agenda::unlisted_zoom_meetings(&state.zoom_meetings, &all);
            all.extend(unlisted);
        }
        state.agenda = agenda::build(&all, &state.hosted, window.0, window.1);
        self.mark_trust(state);
    }

    /// The agenda rebuilt after the room wrote its calendar.
    fn rebuild_agenda(&self, state: &mut State, now: DateTime<Utc>) {
        self.build_agenda(state, agenda::today_and_tomorrow(now, self.setup.zone));
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
        let mut view = view::room_view(
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
        );
        view.booking = self.booking_view(&state.agenda, now);
        let check_in = self.check_in_keys(&state.agenda, now);
        for e in &mut view.events {
            e.can_check_in = check_in.contains(&e.key);
        }
        view
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
