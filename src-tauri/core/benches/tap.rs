//! The tap path against the simulated Zoom on loopback, warm (token held,
//! connection pooled): from the tap to the validated URL reaching the opener.
//! Reports p50, p99 and the Zoom requests per tap. Run:
//!   cargo bench -p roomstart-core --bench tap

use std::time::{Duration, Instant};

mod common;

use std::sync::Arc;

use roomstart_core::calendar::CalendarSource;
use roomstart_core::launch::opener::RecordingOpener;
use roomstart_core::room::{Room, RoomSetup};
use roomstart_core::Secret;

const WARMUP: usize = 200;
const TAPS: usize = 5_000;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let sim = common::simulation().await;
    let room = Room::new(RoomSetup {
        zoom: Some(common::zoom_account(&sim)),
        sources: vec![CalendarSource::ics_url(
            "room",
            Secret::new(sim.calendar_url()),
        )],
        // Records instead of launching: the bench measures up to the opener.
        opener: Arc::new(RecordingOpener::default()),
        ..RoomSetup::new("Bench", chrono_tz::UTC)
    });
    let now = common::clock();
    room.refresh(now).await;
    let key = room
        .view(now)
        .await
        .events
        .into_iter()
        .find(|e| e.can_start)
        .expect("a startable event")
        .key;

    for _ in 0..WARMUP {
        room.start(&key, now).await.expect("warm-up tap");
    }
    let (meetings_before, tokens_before) = (sim.requests("meeting"), sim.requests("token"));
    let mut samples: Vec<Duration> = Vec::with_capacity(TAPS);
    for _ in 0..TAPS {
        let t = Instant::now();
        let opened = room.start(&key, now).await.expect("tap");
        samples.push(t.elapsed());
        std::hint::black_box(opened);
    }
    let meetings = sim.requests("meeting") - meetings_before;
    let tokens = sim.requests("token") - tokens_before;
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 * q) as usize).min(samples.len() - 1)];
    println!("tap path, warm, {TAPS} taps over loopback:");
    println!(
        "  p50 {:?}  p90 {:?}  p99 {:?}  max {:?}",
        at(0.50),
        at(0.90),
        at(0.99),
        samples[samples.len() - 1]
    );
    println!(
        "  Zoom requests per tap: {:.3} Get meeting, {:.3} token",
        meetings as f64 / TAPS as f64,
        tokens as f64 / TAPS as f64
    );
    assert_eq!(meetings, TAPS, "exactly one Get meeting per warm tap");
    assert_eq!(tokens, 0, "no token minted on a warm tap");
}
