//! The fleet simulation of issue 22 for 24 simulated hours, as the table in
//! BENCHMARKS.md: N rooms on tokio's paused clock, each running core's poll
//! plan, against the vendors' published limits (`roomstart_sim::quota`).
//! What is real and what is modelled: `tests/fleet_sim/mod.rs`. Run:
//!   cargo bench -p roomstart-core --bench fleet
//! `ROOMSTART_FLEET_HOURS=2` shortens the run.

#[path = "../tests/fleet_sim/mod.rs"]
mod fleet_sim;

use fleet_sim::{run, Case, Report};

fn main() {
    let hours = std::env::var("ROOMSTART_FLEET_HOURS")
        .ok()
        .and_then(|h| h.parse().ok())
        .unwrap_or(24);
    let at = |name, case: Case| Case {
        name,
        hours,
        ..case
    };
    let five_thousand = Case {
        subject_per_room: true,
        ..Case::defaults("", 5_000)
    };
    let cases = [
        at(
            "500 rooms: one Zoom Pro account, one service account, one Graph app",
            Case::defaults("", 500),
        ),
        at(
            "5,000 rooms: the same, a `subject` per room",
            five_thousand.clone(),
        ),
        at(
            "mass boot: 5,000 rooms all start at 08:00",
            Case {
                mass_boot: true,
                start: "2026-12-03T08:00:00Z".parse().unwrap(),
                ..five_thousand
            },
        ),
        at(
            "5,000 rooms on one service account, no `subject` (past its limit)",
            Case::defaults("", 5_000),
        ),
        at(
            "5,000 rooms as in 2, on a Zoom Business account",
            Case {
                subject_per_room: true,
                limits: roomstart_sim::quota::Limits::zoom_business(),
                ..Case::defaults("", 5_000)
            },
        ),
        at(
            "500 rooms, Zoom's list read every 60 s (the default before issue 22)",
            Case {
                zoom_every: std::time::Duration::from_secs(60),
                ..Case::defaults("", 500)
            },
        ),
    ];
    let mut identities = Vec::new();
    let mut outcomes = Vec::new();
    for (n, case) in cases.into_iter().enumerate() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .start_paused(true)
            .build()
            .expect("a runtime");
        let started = std::time::Instant::now();
        let name = case.name;
        let report = runtime.block_on(run(case));
        let wall = started.elapsed();
        eprintln!("{name}: {:.1} s", wall.as_secs_f64());
        identities.extend(identity_rows(n + 1, &report));
        outcomes.push(outcome_row(n + 1, name, &report, wall));
    }
    println!("| case | what | requests in {hours} h | changes lost | agenda age p99 / max | change shown after p99 / max | Zoom list age p99 / max | refused: Zoom 429 / Google 403 / Graph 429 | of them in the first hour | last refusal | wall time |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for row in outcomes {
        println!("{row}");
    }
    println!();
    println!("| case | identity | requests | peak / s | peak / min | published limit |");
    println!("|---|---|---|---|---|---|");
    for row in identities {
        println!("{row}");
    }
}

fn outcome_row(n: usize, name: &str, r: &Report, wall: std::time::Duration) -> String {
    let last = r.last_refusal.map_or("none".to_string(), |d| {
        format!("{}h{:02} in", d.as_secs() / 3600, d.as_secs() % 3600 / 60)
    });
    format!(
        "| {n} | {name} | {} | {} of {} | {} s / {} s | {} s / {} s | {} s / {} s | {} / {} / {} | {} | {last} | {:.0} s |",
        r.requests.iter().sum::<u64>(),
        r.lost,
        r.updates + r.lost,
        r.agenda_age.percentile(0.99),
        r.agenda_age.max(),
        r.update_delay.percentile(0.99),
        r.update_delay.max(),
        r.zoom_age.percentile(0.99),
        r.zoom_age.max(),
        r.refused[2],
        r.refused[0],
        r.refused[1],
        r.refused_first_hour,
        wall.as_secs_f64(),
    )
}

fn identity_rows(n: usize, r: &Report) -> Vec<String> {
    let kinds = [
        (
            "zoom account medium",
            "Zoom account, List meetings (Medium)",
            "20 / s (Pro)",
        ),
        ("google user", "Google user (busiest)", "600 / min"),
        ("google project", "Google project", "10,000 / min"),
        (
            "graph mailbox",
            "Graph app on a mailbox (busiest)",
            "10,000 / 10 min",
        ),
        ("graph app", "Graph app, all mailboxes", "none published"),
    ];
    kinds
        .iter()
        .filter_map(|(prefix, what, limit)| {
            let (_, peak) = r.busiest(prefix)?;
            Some(format!(
                "| {n} | {what} | {} | {} | {} | {limit} |",
                peak.total, peak.per_second, peak.per_minute
            ))
        })
        .collect()
}
