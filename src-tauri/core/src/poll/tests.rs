use super::*;

fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

fn lane(identity: &str, every: u64) -> Lane {
    Lane {
        identity: identity.into(),
        every: secs(every),
    }
}

/// Reads `lane` as answered whenever due, from `from` for `span`; the times read.
fn run(plan: &mut Plan, from: DateTime<Utc>, span: chrono::Duration) -> Vec<DateTime<Utc>> {
    let mut reads = Vec::new();
    let mut now = from;
    while now < from + span {
        now = plan.next_wake().max(now);
        for i in plan.due(now) {
            reads.push(now);
            plan.record(i, Outcome::Answered, now);
        }
    }
    reads
}

#[test]
fn rooms_booted_together_read_apart() {
    let boot = t("2026-12-03T08:00:00Z");
    let mut first = Vec::new();
    let mut second = Vec::new();
    for room in 0..600u64 {
        let mut plan = Plan::new(&[lane("google:sa", 60)], boot, secs(0), room);
        let reads = run(&mut plan, boot, chrono::Duration::seconds(100));
        first.push(reads[0]);
        second.push(reads[1]);
    }
    // Each reads at once when it starts (as Room::poll does)...
    assert!(first.iter().all(|r| *r == boot));
    // ...and with a boot spread, the first reads part too.
    let spread: Vec<_> = (0..600u64)
        .map(|room| Plan::new(&[lane("google:sa", 60)], boot, secs(10), room))
        .map(|mut plan| run(&mut plan, boot, chrono::Duration::seconds(15))[0])
        .collect();
    assert!(spread
        .iter()
        .all(|r| *r < boot + chrono::Duration::seconds(10)));
    let at_once = spread.iter().filter(|r| **r == spread[0]).count();
    assert!(at_once < 5, "{at_once} rooms read at the same instant");
    // The second ones over the whole minute: each 10 s holds about a sixth.
    let mut tenths = [0; 6];
    for r in &second {
        tenths[(r.timestamp() % 60 / 10) as usize] += 1;
    }
    assert!(tenths.iter().all(|n| (60..=140).contains(n)), "{tenths:?}");
}

#[test]
fn reads_keep_to_the_rooms_slot_with_jitter() {
    let boot = t("2026-12-03T08:00:00Z");
    let mut plan = Plan::new(&[lane("graph:app/room", 60)], boot, secs(0), 7);
    let s = plan.schedule(0).unwrap();
    assert_eq!(s.jitter, secs(6));
    let reads = run(&mut plan, boot, chrono::Duration::hours(1));
    for pair in reads.windows(2).skip(1) {
        let gap = (pair[1] - pair[0]).num_milliseconds();
        assert!((54_000..=66_000).contains(&gap), "gap {gap} ms");
        let into_slot =
            (pair[1].timestamp_millis() - s.phase.as_millis() as i64).rem_euclid(60_000);
        assert!(into_slot <= 6_000, "{into_slot} ms past the slot");
    }
    assert!((59..=61).contains(&reads.len()), "{} reads", reads.len());
}

#[test]
fn the_same_seed_gives_the_same_plan() {
    let boot = t("2026-12-03T08:00:00Z");
    let reads = |seed| {
        let mut plan = Plan::new(&[lane("a", 60), lane("b", 300)], boot, secs(0), seed);
        run(&mut plan, boot, chrono::Duration::hours(2))
    };
    assert_eq!(reads(3), reads(3));
    assert_ne!(reads(3), reads(4));
}

#[test]
fn retry_after_is_honoured_and_holds_the_whole_identity() {
    let boot = t("2026-12-03T08:00:00Z");
    let lanes = [
        lane("google:sa", 60),
        lane("google:sa", 60),
        lane("zoom:acct", 60),
    ];
    let mut plan = Plan::new(&lanes, boot, secs(0), 1);
    let now = boot + chrono::Duration::minutes(5);
    plan.record(
        0,
        Outcome::Refused {
            retry_after: Some(secs(120)),
        },
        now,
    );
    assert!(plan.slowed(0) && plan.slowed(1) && !plan.slowed(2));
    let soon = now + chrono::Duration::seconds(119);
    assert_eq!(plan.due(soon), vec![2], "only the other identity may read");
    let later = now + chrono::Duration::seconds(120);
    assert_eq!(plan.due(later), vec![0, 1, 2]);
    plan.record(0, Outcome::Answered, later);
    assert!(!plan.slowed(1), "one answer lifts the identity's backoff");
}

#[test]
fn refusals_in_a_row_wait_longer_up_to_the_most_then_recover() {
    let boot = t("2026-12-03T08:00:00Z");
    let mut plan = Plan::new(&[lane("zoom:acct", 300)], boot, secs(0), 2);
    let mut now = boot;
    let mut waits = Vec::new();
    for _ in 0..10 {
        plan.record(
            0,
            Outcome::Refused {
                retry_after: Some(secs(1)),
            },
            now,
        );
        let next = plan.next_wake();
        waits.push((next - now).num_seconds());
        now = next;
    }
    // 15 s, doubled each time (each between half and all of it), at most 600 s.
    let ceilings = [15, 30, 60, 120, 240, 480, 600, 600, 600, 600];
    for (wait, most) in waits.iter().zip(ceilings) {
        assert!((most / 2..=most).contains(wait), "{waits:?}");
    }
    plan.record(0, Outcome::Answered, now);
    let back = plan.next_wake() - now;
    assert!(back >= chrono::Duration::seconds(150) && back <= chrono::Duration::seconds(480));
    // With nothing to show, a room reads at once.
    assert_eq!(
        Plan::new(&[lane("a", 60)], boot, secs(0), 9).due(boot),
        vec![0]
    );
    // A failure that is not a refusal keeps the schedule, with no backoff.
    plan.record(0, Outcome::Failed, now);
    assert!(!plan.slowed(0));
}

#[test]
fn a_long_retry_after_is_waited_out_in_full() {
    let boot = t("2026-12-03T08:00:00Z");
    let mut plan = Plan::new(&[lane("zoom:acct", 300)], boot, secs(0), 3);
    // Zoom's daily limit: come back at midnight GMT.
    plan.record(
        0,
        Outcome::Refused {
            retry_after: Some(secs(16 * 3600)),
        },
        boot,
    );
    assert_eq!(plan.next_wake(), t("2026-12-04T00:00:00Z"));
}
