//! The worst invite we could build, read by a room over loopback: a series
//! firing every minute (COUNT=5000), each instance carrying a 200 KB
//! description crowded with near-links. Reports the time of a refresh and the
//! peak heap it needed. Run:
//!   cargo bench -p roomstart-core --bench hostile

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

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

const RUNS: usize = 10;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let sim = common::simulation().await;
    let filler = "https://zoom.us/j/ http:/ zoommtg:/ ".repeat(200 * 1024 / 36);
    let start = common::clock().format("%Y%m%dT%H%M%SZ");
    sim.invite_room(&format!(
        "BEGIN:VEVENT\r\nUID:flood@evil.example\r\nDTSTART:{start}\r\nDURATION:PT1M\r\n\
         RRULE:FREQ=MINUTELY;COUNT=5000\r\nSUMMARY:Flood\r\nDESCRIPTION:{filler}\r\nEND:VEVENT\r\n"
    ));
    let mut times = Vec::new();
    let mut peaks = Vec::new();
    for _ in 0..RUNS {
        // A new room each run: the first read of the feed, no 304.
        let room = Room::new(RoomSetup {
            zoom: Some(common::zoom_account(&sim)),
            sources: vec![CalendarSource::ics_url(
                "room",
                Secret::new(sim.calendar_url()),
            )],
            ..RoomSetup::new("Bench", chrono_tz::UTC)
        });
        let before = LIVE.load(Ordering::Relaxed);
        PEAK.store(before, Ordering::Relaxed);
        let started = Instant::now();
        room.refresh(common::clock()).await;
        let view = room.view(common::clock()).await;
        times.push(started.elapsed());
        peaks.push(PEAK.load(Ordering::Relaxed) - before);
        assert!(view.events.iter().filter(|e| e.title == "Flood").count() <= 200);
    }
    times.sort();
    peaks.sort();
    println!(
        "worst invite, {RUNS} refreshes: median {:.0} ms (max {:.0} ms), peak heap median {:.1} MB (max {:.1} MB)",
        times[RUNS / 2].as_secs_f64() * 1e3,
        times[RUNS - 1].as_secs_f64() * 1e3,
        peaks[RUNS / 2] as f64 / 1e6,
        peaks[RUNS - 1] as f64 / 1e6,
    );
}
