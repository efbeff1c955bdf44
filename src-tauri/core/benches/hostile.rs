//! Calendars built to hurt the room, read by a room over loopback. Each case
//! reports the time of a first refresh (a new room: the feed's first read)
//! and the peak heap it needed, then the same for a second refresh of that
//! room (the feed answers 304). The peak counts the whole process: the
//! simulated server's copy of the feed and the body as received included.
//!
//!   cargo bench -p roomstart-core --bench hostile            (every case)
//!   cargo bench -p roomstart-core --bench hostile -- rule    (cases named so)
//!
//! The cases:
//! - worst invite: a series firing every minute (COUNT=5000), each instance
//!   carrying a 200 KB description crowded with near-links;
//! - one short rule: a 617-byte `RRULE:FREQ=YEARLY` with full BYDAY, BYHOUR,
//!   BYMINUTE and BYSECOND lists, written on three RRULE lines;
//! - long period: `RDATE;VALUE=PERIOD:…/P15000000W`, past what chrono can add;
//! - the 20 MB feeds: tiny lines in one event, tiny events, tiny series
//!   firing every second since 1970, one event of RDATE values, and one
//!   series with an override for each of its instances, and a time zone
//!   that changes its offset every day for 3,000 years.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

mod common;

use roomstart_core::calendar::CalendarSource;
use roomstart_core::room::{Room, RoomSetup};
use roomstart_core::Secret;

/// Counts live heap bytes and remembers the highest mark.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Just under the 20 MiB a feed's answer may take, with room for the demo day.
const FEED_BYTES: usize = 20_000_000;

fn at(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

fn worst_invite() -> String {
    let filler = "https://zoom.us/j/ http:/ zoommtg:/ ".repeat(200 * 1024 / 36);
    format!(
        "BEGIN:VEVENT\r\nUID:flood@evil.example\r\nDTSTART:{}\r\nDURATION:PT1M\r\n\
         RRULE:FREQ=MINUTELY;COUNT=5000\r\nSUMMARY:Flood\r\nDESCRIPTION:{filler}\r\nEND:VEVENT\r\n",
        at(common::clock())
    )
}

/// The rule: 617 bytes, 31 million instances in its first year.
fn short_rule() -> String {
    let list = |n: u32| (0..n).map(|i| i.to_string()).collect::<Vec<_>>().join(",");
    let rule = format!(
        "RRULE:FREQ=YEARLY;BYMONTH={};BYDAY=MO,TU,WE,TH,FR,SA,SU;BYHOUR={};BYMINUTE={};BYSECOND={}\r\n",
        (1..=12).map(|i| i.to_string()).collect::<Vec<_>>().join(","),
        list(24),
        list(60),
        list(60),
    );
    format!(
        "BEGIN:VEVENT\r\nUID:rule@evil.example\r\nDTSTART:{}\r\nDURATION:PT1M\r\n{}SUMMARY:Rule\r\nEND:VEVENT\r\n",
        at(common::clock()),
        rule.repeat(3)
    )
}

fn long_period() -> String {
    format!(
        "BEGIN:VEVENT\r\nUID:period@evil.example\r\nDTSTART:{0}\r\nDURATION:PT30M\r\n\
         RDATE;VALUE=PERIOD:{0}/P15000000W\r\nSUMMARY:Period\r\nEND:VEVENT\r\n",
        at(common::clock())
    )
}

/// `unit(n)` for n = 0, 1, … to `FEED_BYTES`, between `head` and `tail`.
fn filled(head: &str, mut unit: impl FnMut(usize) -> String, tail: &str) -> String {
    let mut text = String::with_capacity(FEED_BYTES + 200);
    text.push_str(head);
    for n in 0.. {
        let next = unit(n);
        if text.len() + next.len() + tail.len() >= FEED_BYTES {
            break;
        }
        text.push_str(&next);
    }
    text.push_str(tail);
    text
}

fn tiny_lines() -> String {
    let head = format!(
        "BEGIN:VEVENT\r\nUID:lines@evil.example\r\nDTSTART:{}\r\nSUMMARY:Lines\r\n",
        at(common::clock())
    );
    filled(&head, |_| "X:1\r\n".into(), "END:VEVENT\r\n")
}

fn tiny_events() -> String {
    let unit = format!(
        "BEGIN:VEVENT\r\nDTSTART:{}\r\nEND:VEVENT\r\n",
        at(common::clock())
    );
    filled("", |_| unit.clone(), "")
}

fn tiny_series() -> String {
    filled(
        "",
        |n| {
            format!("BEGIN:VEVENT\r\nUID:{n}\r\nDTSTART:19700101T000000Z\r\nRRULE:FREQ=SECONDLY\r\nEND:VEVENT\r\n")
        },
        "",
    )
}

fn tiny_dates() -> String {
    let head = format!(
        "BEGIN:VEVENT\r\nUID:dates@evil.example\r\nDTSTART:{}\r\nSUMMARY:Dates\r\nRDATE:",
        at(common::clock())
    );
    filled(
        &head,
        |_| "20261123T100000Z,".into(),
        "20261123T100000Z\r\nEND:VEVENT\r\n",
    )
}

fn tiny_overrides() -> String {
    let start = common::clock();
    let head = format!(
        "BEGIN:VEVENT\r\nUID:o\r\nDTSTART:{}\r\nRRULE:FREQ=SECONDLY\r\nSUMMARY:Series\r\nEND:VEVENT\r\n",
        at(start)
    );
    filled(
        &head,
        |n| {
            let moved = at(start + chrono::Duration::seconds(n as i64));
            format!("BEGIN:VEVENT\r\nUID:o\r\nRECURRENCE-ID:{moved}\r\nDTSTART:{moved}\r\nEND:VEVENT\r\n")
        },
        "",
    )
}

/// A time zone whose one observance begins 1.2 million times, and events in it.
fn tiny_onsets() -> String {
    let head = "BEGIN:VTIMEZONE\r\nTZID:Custom\r\nBEGIN:STANDARD\r\n\
                DTSTART:19700101T000000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nRDATE:";
    let events: String = (0..1000)
        .map(|n| {
            format!(
                "BEGIN:VEVENT\r\nUID:z{n}\r\nDTSTART;TZID=Custom:20261123T1{}0000\r\nSUMMARY:Zoned\r\nEND:VEVENT\r\n",
                n % 10
            )
        })
        .collect();
    let tail = format!("19700101T000000\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n{events}");
    let mut day = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
    filled(
        head,
        |_| {
            day = day.succ_opt().unwrap_or(day);
            format!("{}T000000,", day.format("%Y%m%d"))
        },
        &tail,
    )
}

/// A case: its name, its invite, and how many rooms read it.
type Case = (&'static str, fn() -> String, usize);

const CASES: &[Case] = &[
    ("worst invite", worst_invite, 10),
    ("one short rule", short_rule, 3),
    ("long period", long_period, 3),
    ("20 MB of tiny lines", tiny_lines, 3),
    ("20 MB of tiny events", tiny_events, 3),
    ("20 MB of tiny series", tiny_series, 3),
    ("20 MB of RDATE values", tiny_dates, 3),
    ("20 MB of overrides", tiny_overrides, 3),
    ("20 MB of time zone onsets", tiny_onsets, 3),
];

struct Measured {
    times: Vec<Duration>,
    peaks: Vec<usize>,
}

impl Measured {
    fn new() -> Self {
        Measured {
            times: Vec::new(),
            peaks: Vec::new(),
        }
    }

    async fn of<F: std::future::Future>(&mut self, work: F) -> F::Output {
        let before = LIVE.load(Ordering::Relaxed);
        PEAK.store(before, Ordering::Relaxed);
        let started = Instant::now();
        let out = work.await;
        self.times.push(started.elapsed());
        self.peaks
            .push(PEAK.load(Ordering::Relaxed).saturating_sub(before));
        out
    }

    fn said(mut self) -> String {
        self.times.sort();
        self.peaks.sort();
        let n = self.times.len();
        format!(
            "median {:.0} ms (max {:.0} ms), peak heap median {:.1} MB (max {:.1} MB)",
            self.times[n / 2].as_secs_f64() * 1e3,
            self.times[n - 1].as_secs_f64() * 1e3,
            self.peaks[n / 2] as f64 / 1e6,
            self.peaks[n - 1] as f64 / 1e6,
        )
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    // `cargo bench` passes `--bench`; any other argument picks cases by name.
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    for (name, invite, runs) in CASES {
        if !filter.is_empty() && !filter.iter().any(|f| name.contains(f.as_str())) {
            continue;
        }
        let sim = common::simulation().await;
        sim.invite_room(&invite());
        let (mut first, mut again) = (Measured::new(), Measured::new());
        let mut shown = 0;
        for _ in 0..*runs {
            // A new room each run: the first read of the feed, no 304.
            let room = Room::new(RoomSetup {
                zoom: Some(common::zoom_account(&sim)),
                sources: vec![CalendarSource::ics_url(
                    "room",
                    Secret::new(sim.calendar_url()),
                )],
                ..RoomSetup::new("Bench", chrono_tz::UTC)
            });
            let view = first
                .of(async {
                    room.refresh(common::clock()).await;
                    room.view(common::clock()).await
                })
                .await;
            shown = view.events.len();
            assert!(view.events.iter().filter(|e| e.title == "Flood").count() <= 200);
            again
                .of(async {
                    room.refresh(common::clock()).await;
                    room.view(common::clock()).await
                })
                .await;
        }
        println!("{name}, {runs} refreshes: {}", first.said());
        println!("{name}, refreshed again (304): {}", again.said());
        println!("{name}: {shown} events on screen");
    }
}
