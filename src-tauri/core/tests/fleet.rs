//! The fleet simulation's goals (issue 22), on tokio's paused clock; what is
//! real and what is modelled is in `fleet_sim/mod.rs`. To keep a debug run
//! short, 500 rooms run six simulated hours and the 5,000-room cases one
//! each; the table in BENCHMARKS.md (`cargo bench -p roomstart-core --bench
//! fleet`) runs all three for 24 hours.

mod fleet_sim;

use fleet_sim::{run, Case, Report};

#[tokio::test(start_paused = true)]
async fn five_hundred_rooms_at_the_defaults_are_never_refused() {
    let report = run(Case {
        hours: 6,
        ..Case::defaults("500 rooms", 500)
    })
    .await;
    eprintln!("500 rooms, 6 h: {}", summary(&report));
    assert_eq!(report.refusals(), 0, "{:?}", report.refused);
    assert_eq!(report.lost, 0);
    // One service account: 500 reads a minute against Google's 600.
    let (_, google) = report.busiest("google user").unwrap();
    assert!(google.per_minute <= 600, "{google:?}");
    assert!(report.agenda_age.percentile(0.99) < 120);
}

/// Past 600 rooms one Google user cannot carry the fleet (600 a minute), so
/// 5,000 rooms read as a `subject` each, as the README tells IT to.
fn five_thousand(name: &'static str) -> Case {
    Case {
        subject_per_room: true,
        hours: 1,
        ..Case::defaults(name, 5_000)
    }
}

#[tokio::test(start_paused = true)]
async fn five_thousand_rooms_back_off_lose_nothing_and_stay_fresh() {
    let report = run(five_thousand("5,000 rooms")).await;
    eprintln!("5,000 rooms, 1 h: {}", summary(&report));
    // Zoom's List meetings is over 20 a second in the busiest seconds: backs off.
    assert!(report.refused[2] > 0, "{:?}", report.refused);
    assert_eq!(report.lost, 0);
    assert!(
        report.updates > 150_000,
        "{} changes brought",
        report.updates
    );
    assert!(report.agenda_age.percentile(0.99) < 300);
    // Zoom's list, backed off, is still read about every five minutes.
    assert!(report.zoom_age.percentile(0.99) < 600);
}

#[tokio::test(start_paused = true)]
async fn a_mass_boot_at_eight_recovers() {
    let report = run(Case {
        mass_boot: true,
        start: "2026-12-03T08:00:00Z".parse().unwrap(),
        ..five_thousand("mass boot")
    })
    .await;
    eprintln!("mass boot of 5,000, 1 h: {}", summary(&report));
    assert!(
        report.refusals() > 0,
        "5,000 List meetings in 10 s are refused"
    );
    assert_eq!(report.lost, 0);
    assert!(report.agenda_age.percentile(0.99) < 300);
    // Every room has read its Zoom list within ten minutes of the boot, and
    // an hour on, every room's list is as fresh as its interval.
    assert!(report.zoom_age.max() < 3_600, "{}", report.zoom_age.max());
    assert!(report.zoom_age.percentile(0.99) < 600);
}

fn summary(r: &Report) -> String {
    format!(
        "requests {:?}, refused {:?}, agenda age p99 {} s (max {}), change brought p99 {} s, zoom list age p99 {} s, lost {}",
        r.requests,
        r.refused,
        r.agenda_age.percentile(0.99),
        r.agenda_age.max(),
        r.update_delay.percentile(0.99),
        r.zoom_age.percentile(0.99),
        r.lost
    )
}
