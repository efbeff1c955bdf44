//! Issue 20, item 11: a 20 MB feed of tiny lines took 1.7 GB to read. A feed
//! of up to 20 MB, whatever its shape, is read within 300 MB of heap: here
//! measured through the room, over loopback, as `roomstart agenda` reads it.
//! (Its own test binary: the allocator below counts the whole process.)

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::Duration;
use common::{now, room, sim};
use roomstart_sim::{LinkStyle, CLIENT_SECRET};

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

const FEED_BYTES: usize = 20_000_000;
const BUDGET_BYTES: usize = 300_000_000;

fn at(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// `unit(n)` for n = 0, 1, … to 20 MB, after `head`, then `tail`.
fn filled(head: &str, mut unit: impl FnMut(usize) -> String, tail: &str) -> String {
    let mut text = head.to_string();
    for n in 0.. {
        let next = unit(n);
        if text.len() + next.len() + tail.len() >= FEED_BYTES {
            break;
        }
        text.push_str(&next);
    }
    text + tail
}

/// The heap a first refresh needs beyond what was live before it, and
/// whether the room's own meeting and the marker event were shown.
async fn peak_reading(feed: String) -> (usize, bool) {
    let sim = sim(LinkStyle::Zoom).await;
    sim.invite_room(&format!(
        "BEGIN:VEVENT\r\nUID:marker@example.com\r\nDTSTART:{}\r\nDURATION:PT30M\r\n\
         SUMMARY:Marker\r\nEND:VEVENT\r\n",
        at(now() + Duration::minutes(5))
    ));
    sim.invite_room(&feed);
    drop(feed);
    let room = room(&sim, CLIENT_SECRET);
    let window = (now() - Duration::hours(12), now() + Duration::hours(36));
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    room.refresh_between(now(), window).await;
    let peak = PEAK.load(Ordering::Relaxed).saturating_sub(before);
    let report = room.agenda_report(window.0, window.1, now()).await;
    (peak, report.events.iter().any(|e| e.title == "Marker"))
}

/// One test, so that no other test's allocations are counted.
#[tokio::test]
async fn a_twenty_megabyte_feed_is_read_within_three_hundred_megabytes() {
    let start = at(now());
    let feeds = [
        (
            "tiny lines in one event",
            filled(
                &format!("BEGIN:VEVENT\r\nUID:lines\r\nDTSTART:{start}\r\nSUMMARY:Lines\r\n"),
                |_| "X:1\r\n".into(),
                "END:VEVENT\r\n",
            ),
        ),
        (
            "tiny events",
            filled(
                "",
                |_| format!("BEGIN:VEVENT\r\nDTSTART:{start}\r\nEND:VEVENT\r\n"),
                "",
            ),
        ),
        (
            "tiny series firing every second since 1970",
            filled(
                "",
                |n| {
                    format!("BEGIN:VEVENT\r\nUID:{n}\r\nDTSTART:19700101T000000Z\r\nRRULE:FREQ=SECONDLY\r\nEND:VEVENT\r\n")
                },
                "",
            ),
        ),
    ];
    for (shape, feed) in feeds {
        let (peak, marker) = peak_reading(feed).await;
        assert!(peak < BUDGET_BYTES, "{shape}: {:.0} MB", peak as f64 / 1e6);
        assert!(
            marker || shape == "tiny events",
            "{shape}: the marker is lost"
        );
    }
}
