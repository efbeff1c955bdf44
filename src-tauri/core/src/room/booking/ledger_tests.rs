use chrono::{DateTime, Duration, Utc};

use super::*;

fn at(hhmm: &str) -> DateTime<Utc> {
    format!("2026-12-03T{hhmm}:00Z").parse().unwrap()
}

#[test]
fn six_writes_an_hour_then_the_next_when_the_first_is_an_hour_old() {
    let mut ledger = Ledger::default();
    for minute in 0..6 {
        assert_eq!(
            ledger.writes_left(at("10:00") + Duration::minutes(minute)),
            6 - minute as usize
        );
        ledger.wrote(at("10:00") + Duration::minutes(minute));
    }
    assert_eq!(ledger.writes_left(at("10:10")), 0);
    assert_eq!(ledger.next_write_at(at("10:10")), Some(at("11:00")));
    assert_eq!(ledger.writes_left(at("11:00")), 1);
    assert_eq!(ledger.next_write_at(at("11:00")), None);
}

#[test]
fn the_file_is_shared_between_processes_and_a_broken_one_loses_only_itself() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("booking.json");
    let mut window = LedgerFile::new(Some(path.clone()));
    let mut cli = LedgerFile::new(Some(path.clone()));
    cli.update(at("10:00"), |l| l.check_in("key-1", at("10:00")));
    assert!(window.load().is_checked_in("key-1"));
    window.update(at("10:01"), |l| l.wrote(at("10:01")));
    assert!(cli.load().is_checked_in("key-1"));
    assert_eq!(cli.load().writes_left(at("10:02")), 5);
    std::fs::write(&path, b"{ not json").unwrap();
    // What this process knew stands; nothing panics.
    assert!(window.load().writes_left(at("10:02")) == 5);
    // Two days on, the file is pruned.
    window.update(at("10:00") + Duration::hours(49), |_| ());
    assert!(!window.load().is_checked_in("key-1"));
}
