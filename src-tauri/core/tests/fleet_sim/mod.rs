//! A fleet of rooms in one process on tokio's paused clock, against the
//! vendors' published rate limits. Shared by `tests/fleet.rs` (the goals,
//! asserted) and `benches/fleet.rs` (the table in BENCHMARKS.md).
//!
//! What is real and what is modelled:
//! - Each room is a task that runs core's own `poll::Plan`, the schedule and
//!   backoff `Room::poll` runs: its lanes are a Google calendar, a Graph room
//!   mailbox and the Zoom account's meetings, as a room with `[[google]]`,
//!   `[[graph]]` and `[zoom]` (default `host_users = ["me"]`) has.
//! - Each read asks `roomstart_sim::quota`, the limiter the HTTP fakes
//!   enforce, so the published limits are counted exactly as the fakes count
//!   them: per Zoom account and category per second, per Google user and
//!   project per minute, per Graph app and mailbox per 10 minutes.
//! - A read is the requests the code makes at steady state: Google one
//!   `events.list` with its sync token, Graph one `calendarView/delta`, Zoom
//!   one List meetings (Medium) for `me`. On a 429 the clients' own retry
//!   policy applies: Zoom waits out a `Retry-After` of up to 2 s once, Graph
//!   one of up to 5 s twice, Google never; then the plan backs off.
//! - Not over HTTP: 5,000 rooms polling loopback on a paused clock would have
//!   tokio jump its clock while sockets wait, firing time-outs, and the run
//!   would measure this machine. Token minting (hourly, no published limit)
//!   and taps (a person's Get meeting, Light) are not modelled.
//! - Each calendar changes 20 times in the run, at random; a read that
//!   answers brings every change since the last one (sync token, delta link).
//! - A room's agenda age is now minus its staler calendar's last answer; a
//!   room boots with its saved agenda, counted as fresh at boot.

// Shared with the bench, which reads more of a report than the test does.
#![allow(dead_code)]

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use roomstart_core::poll::{Lane, Outcome, Plan};
use roomstart_sim::quota::{Answer, Call, Limits, Quotas};
use tokio::time::Instant;

const GOOGLE: usize = 0;
const GRAPH: usize = 1;
const ZOOM: usize = 2;
const PROJECT: &str = "roomstart-fleet";
const SERVICE_ACCOUNT: &str = "roomstart@roomstart-fleet.iam.gserviceaccount.com";
const APP: &str = "fleet-graph-app";
const ACCOUNT: &str = "fleet-zoom-account";
/// Changes to each calendar over the run, at random after its room boots.
const EDITS_PER_CALENDAR: usize = 20;
/// Without a mass boot, rooms start at random over the first ten minutes.
const BOOTS_OVER_MS: i64 = 600_000;

#[derive(Debug, Clone)]
pub struct Case {
    pub name: &'static str,
    pub rooms: usize,
    /// Domain-wide delegation with a `subject` per room: each room is its own Google user.
    pub subject_per_room: bool,
    /// Every room boots at the start at once (within its boot spread); else
    /// at random over the first ten minutes.
    pub mass_boot: bool,
    pub start: DateTime<Utc>,
    pub hours: u64,
    pub limits: Limits,
    pub calendar_every: Duration,
    pub zoom_every: Duration,
}

impl Case {
    /// Rooms at the defaults: calendars every 60 s, Zoom every 300 s, Zoom Pro.
    pub fn defaults(name: &'static str, rooms: usize) -> Case {
        Case {
            name,
            rooms,
            subject_per_room: false,
            mass_boot: false,
            start: "2026-12-03T00:00:00Z".parse().unwrap(),
            hours: 24,
            limits: Limits::zoom_pro(),
            calendar_every: Duration::from_secs(60),
            zoom_every: roomstart_core::room::ZOOM_POLL_EVERY,
        }
    }
}

/// The busiest second and sliding minute of one identity.
#[derive(Debug, Clone, Default)]
pub struct Peak {
    pub total: u64,
    pub per_second: u32,
    pub per_minute: u32,
    second: u64,
    in_second: u32,
    minute: VecDeque<Duration>,
}

impl Peak {
    fn count(&mut self, at: Duration) {
        self.total += 1;
        if at.as_secs() != self.second {
            (self.second, self.in_second) = (at.as_secs(), 0);
        }
        self.in_second += 1;
        self.per_second = self.per_second.max(self.in_second);
        while self
            .minute
            .front()
            .is_some_and(|t| *t + Duration::from_secs(60) <= at)
        {
            self.minute.pop_front();
        }
        self.minute.push_back(at);
        self.per_minute = self.per_minute.max(self.minute.len() as u32);
    }
}

/// Seconds, counted into whole-second buckets, for percentiles.
#[derive(Debug, Clone, Default)]
pub struct Histogram(Vec<u64>);

impl Histogram {
    fn add(&mut self, d: Duration) {
        let s = d.as_secs() as usize;
        if self.0.len() <= s {
            self.0.resize(s + 1, 0);
        }
        self.0[s] += 1;
    }

    /// The smallest whole second at or under which `p` of the samples lie.
    pub fn percentile(&self, p: f64) -> u64 {
        let total: u64 = self.0.iter().sum();
        let wanted = (total as f64 * p).ceil() as u64;
        let mut seen = 0;
        for (s, n) in self.0.iter().enumerate() {
            seen += n;
            if seen >= wanted && *n > 0 {
                return s as u64;
            }
        }
        0
    }

    pub fn max(&self) -> u64 {
        self.0.iter().rposition(|n| *n > 0).unwrap_or(0) as u64
    }

    pub fn count(&self) -> u64 {
        self.0.iter().sum()
    }
}

#[derive(Debug, Default)]
pub struct Report {
    /// Per identity, as "google user sa", "google project", "graph mailbox room-1", "zoom account medium".
    pub peaks: HashMap<String, Peak>,
    /// Refusals: Zoom 429, Google 403 rateLimitExceeded, Graph 429.
    pub refused: [u64; 3],
    pub requests: [u64; 3],
    /// Into the run, the last refusal.
    pub last_refusal: Option<Duration>,
    /// Refusals in the run's first hour (a mass boot's storm) and after it.
    pub refused_first_hour: u64,
    /// Agenda age, sampled each minute for each room.
    pub agenda_age: Histogram,
    /// Age of the Zoom account's meeting list, sampled the same way.
    pub zoom_age: Histogram,
    /// From a calendar change to the read that brought it.
    pub update_delay: Histogram,
    pub updates: u64,
    /// Changes older than 15 minutes at the end that no read brought.
    pub lost: u64,
}

impl Report {
    pub fn refusals(&self) -> u64 {
        self.refused.iter().sum()
    }

    /// The busiest identity of a kind (a key prefix): its name and peaks.
    pub fn busiest(&self, prefix: &str) -> Option<(&str, &Peak)> {
        self.peaks
            .iter()
            .filter(|(k, _)| k.starts_with(prefix))
            .max_by_key(|(_, p)| (p.per_minute, p.per_second))
            .map(|(k, p)| (k.as_str(), p))
    }
}

/// What a room is called by each vendor, and its peaks' keys.
struct Names {
    user: String,
    mailbox: String,
    user_peak: String,
    mailbox_peak: String,
}

impl Names {
    fn of(room: usize, subject_per_room: bool) -> Names {
        let mailbox = format!("room-{room}@corp.example");
        let user = match subject_per_room {
            true => mailbox.clone(),
            false => SERVICE_ACCOUNT.to_string(),
        };
        Names {
            user_peak: format!("google user {user}"),
            mailbox_peak: format!("graph mailbox {mailbox}"),
            user,
            mailbox,
        }
    }
}

struct Fleet {
    case: Case,
    t0: Instant,
    quotas: Mutex<Quotas>,
    report: Mutex<Report>,
    /// Each room's last answer per lane (`None` before it booted).
    last: Mutex<Vec<Option<[DateTime<Utc>; 3]>>>,
}

impl Fleet {
    fn now(&self) -> DateTime<Utc> {
        self.case.start + chrono::Duration::from_std(self.t0.elapsed()).unwrap()
    }

    fn instant(&self, at: DateTime<Utc>) -> Instant {
        self.t0 + (at - self.case.start).to_std().unwrap_or_default()
    }

    fn end(&self) -> DateTime<Utc> {
        self.case.start + chrono::Duration::hours(self.case.hours as i64)
    }

    /// One request of `room`'s `lane`, counted and limited.
    fn ask(&self, room: &Names, lane: usize) -> Answer {
        let at = self.t0.elapsed();
        let (call, keys): (Call<'_>, [&str; 2]) = match lane {
            GOOGLE => (
                Call::Google {
                    project: PROJECT,
                    user: &room.user,
                },
                [&room.user_peak, "google project"],
            ),
            GRAPH => (
                Call::Graph {
                    app: APP,
                    mailbox: &room.mailbox,
                },
                [&room.mailbox_peak, "graph app"],
            ),
            _ => (
                Call::Zoom {
                    account: ACCOUNT,
                    medium: true,
                },
                ["zoom account medium", "zoom account medium"],
            ),
        };
        let answer = self.quotas.lock().unwrap().ask(call, at);
        let mut report = self.report.lock().unwrap();
        for key in keys.iter().take(if lane == ZOOM { 1 } else { 2 }) {
            match report.peaks.get_mut(*key) {
                Some(peak) => peak.count(at),
                None => report.peaks.entry(key.to_string()).or_default().count(at),
            }
        }
        report.requests[lane] += 1;
        if answer != Answer::Served {
            report.refused[lane] += 1;
            report.last_refusal = Some(at);
            if at < Duration::from_secs(3600) {
                report.refused_first_hour += 1;
            }
        }
        answer
    }

    /// A read as the lane's client makes it, retries included.
    async fn read(&self, room: &Names, lane: usize) -> Outcome {
        // The clients' own policy: Zoom waits out up to 2 s once, Graph up to 5 s twice.
        let (short, tries) = match lane {
            ZOOM => (Duration::from_secs(2), 1),
            GRAPH => (Duration::from_secs(5), 2),
            _ => (Duration::ZERO, 0),
        };
        let mut retried = 0;
        loop {
            match self.ask(room, lane) {
                Answer::Served => return Outcome::Answered,
                Answer::RateLimitExceeded => return Outcome::Refused { retry_after: None },
                Answer::TooManyRequests { retry_after } => {
                    if retry_after <= short && retried < tries {
                        retried += 1;
                        tokio::time::sleep(retry_after).await;
                        continue;
                    }
                    return Outcome::Refused {
                        retry_after: Some(retry_after),
                    };
                }
            }
        }
    }
}

/// Runs `case` to its end on the current (paused) runtime.
pub async fn run(case: Case) -> Report {
    let mut rng = StdRng::seed_from_u64(22);
    let fleet = Arc::new(Fleet {
        t0: Instant::now(),
        quotas: Mutex::new(Quotas::new(case.limits)),
        report: Mutex::default(),
        last: Mutex::new(vec![None; case.rooms]),
        case,
    });
    let end = fleet.end();
    let mut rooms = Vec::new();
    for room in 0..fleet.case.rooms {
        let boot = match fleet.case.mass_boot {
            true => fleet.case.start,
            false => {
                fleet.case.start
                    + chrono::Duration::milliseconds(rng.random_range(0..BOOTS_OVER_MS))
            }
        };
        let edits: [Vec<DateTime<Utc>>; 2] = std::array::from_fn(|_| {
            let after_boot = (end - boot).num_milliseconds().max(1) as u64;
            let mut at: Vec<_> = (0..EDITS_PER_CALENDAR)
                .map(|_| {
                    boot + chrono::Duration::milliseconds(rng.random_range(0..after_boot) as i64)
                })
                .collect();
            at.sort();
            at
        });
        rooms.push(tokio::spawn(run_room(fleet.clone(), room, boot, edits)));
    }
    let sampler = tokio::spawn(sample(fleet.clone()));
    let mut report_lost = 0;
    for r in rooms {
        report_lost += r.await.unwrap();
    }
    sampler.await.unwrap();
    let mut report = std::mem::take(&mut *fleet.report.lock().unwrap());
    report.lost = report_lost;
    report
}

/// One room: its plan, until the end. Returns its changes lost.
async fn run_room(
    fleet: Arc<Fleet>,
    room: usize,
    boot: DateTime<Utc>,
    edits: [Vec<DateTime<Utc>>; 2],
) -> u64 {
    tokio::time::sleep_until(fleet.instant(boot)).await;
    let case = &fleet.case;
    let names = Names::of(room, case.subject_per_room);
    let google = match case.subject_per_room {
        true => format!("google:{SERVICE_ACCOUNT}/room-{room}@corp.example"),
        false => format!("google:{SERVICE_ACCOUNT}"),
    };
    let lanes = [
        Lane {
            identity: google,
            every: case.calendar_every,
        },
        Lane {
            identity: format!("graph:{APP}/room-{room}@corp.example"),
            every: case.calendar_every,
        },
        Lane {
            identity: format!("zoom:{ACCOUNT}"),
            every: case.zoom_every,
        },
    ];
    // As Room::poll: a room reads at once when it starts.
    let mut plan = Plan::new(&lanes, boot, std::time::Duration::ZERO, room as u64 + 1);
    fleet.last.lock().unwrap()[room] = Some([boot; 3]);
    let mut brought = [0usize; 2];
    let end = fleet.end();
    loop {
        let now = fleet.now();
        if now >= end {
            break;
        }
        for lane in plan.due(now) {
            let outcome = fleet.read(&names, lane).await;
            if outcome == Outcome::Answered {
                let at = fleet.now();
                fleet.last.lock().unwrap()[room].as_mut().unwrap()[lane] = at;
                if lane != ZOOM {
                    let mut report = fleet.report.lock().unwrap();
                    let pending = &edits[lane][brought[lane]..];
                    let arrived = pending.iter().take_while(|e| **e <= at).count();
                    for e in &pending[..arrived] {
                        report.update_delay.add((at - *e).to_std().unwrap());
                    }
                    report.updates += arrived as u64;
                    brought[lane] += arrived;
                }
            }
            plan.record(lane, outcome, now);
        }
        tokio::time::sleep_until(fleet.instant(plan.next_wake().min(end))).await;
    }
    let settled = end - chrono::Duration::minutes(15);
    (0..2)
        .map(|lane| {
            edits[lane][brought[lane]..]
                .iter()
                .filter(|e| **e <= settled)
                .count() as u64
        })
        .sum()
}

/// Each minute, each booted room's agenda age and Zoom list age.
async fn sample(fleet: Arc<Fleet>) {
    let end = fleet.end();
    loop {
        tokio::time::sleep(Duration::from_secs(60)).await;
        let now = fleet.now();
        if now > end {
            return;
        }
        let last = fleet.last.lock().unwrap();
        let mut report = fleet.report.lock().unwrap();
        for l in last.iter().flatten() {
            let calendar = l[GOOGLE].min(l[GRAPH]);
            report
                .agenda_age
                .add((now - calendar).to_std().unwrap_or_default());
            report
                .zoom_age
                .add((now - l[ZOOM]).to_std().unwrap_or_default());
        }
    }
}
