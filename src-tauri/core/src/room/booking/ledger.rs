//! What the room remembers about its own writes: the bookings checked in
//! (by the screen, the CLI, or a Start or Join) and when people last wrote,
//! for the limit of writes an hour. The window and `roomstart check-in` are
//! separate processes, so it lives in a small file beside the agenda cache.
//! It holds event keys and times only: no title, link or secret.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// A person may write the calendar at most this often in an hour, so
/// tapping again and again cannot flood it.
pub const WRITES_AN_HOUR: usize = 6;

/// What is kept longer than this is of no more use (a day and its morrow).
const KEEP: Duration = Duration::hours(48);

#[derive(Debug, Default, Clone, Serialize, Deserialize, PartialEq)]
pub struct Ledger {
    /// Event key → when it was checked in.
    #[serde(default)]
    checked_in: BTreeMap<String, DateTime<Utc>>,
    /// Event keys released as no-shows, so a release is tried once.
    #[serde(default)]
    released: BTreeMap<String, DateTime<Utc>>,
    /// When people wrote (book, extend, end early, meet now, check in).
    #[serde(default)]
    writes: Vec<DateTime<Utc>>,
}

impl Ledger {
    pub fn is_checked_in(&self, key: &str) -> bool {
        self.checked_in.contains_key(key)
    }

    pub fn check_in(&mut self, key: &str, now: DateTime<Utc>) {
        self.checked_in.entry(key.to_string()).or_insert(now);
    }

    pub fn was_released(&self, key: &str) -> bool {
        self.released.contains_key(key)
    }

    pub fn released(&mut self, key: &str, now: DateTime<Utc>) {
        self.released.insert(key.to_string(), now);
    }

    /// Writes left in the hour before `now`.
    pub fn writes_left(&self, now: DateTime<Utc>) -> usize {
        let recent = self
            .writes
            .iter()
            .filter(|t| **t > now - Duration::hours(1) && **t <= now)
            .count();
        WRITES_AN_HOUR.saturating_sub(recent)
    }

    /// When the next write is allowed, if none is now.
    pub fn next_write_at(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if self.writes_left(now) > 0 {
            return None;
        }
        let mut recent: Vec<_> = self
            .writes
            .iter()
            .filter(|t| **t > now - Duration::hours(1) && **t <= now)
            .collect();
        recent.sort();
        recent
            .get(recent.len() - WRITES_AN_HOUR)
            .map(|t| **t + Duration::hours(1))
    }

    pub fn wrote(&mut self, now: DateTime<Utc>) {
        self.writes.push(now);
    }

    /// Forgets what is older than two days, so the file stays small.
    pub fn prune(&mut self, now: DateTime<Utc>) {
        let keep = |t: &DateTime<Utc>| *t > now - KEEP;
        self.checked_in.retain(|_, t| keep(t));
        self.released.retain(|_, t| keep(t));
        self.writes.retain(keep);
    }
}

/// The ledger's file, or none (tests, `--dry-run`): then it lives in memory only.
#[derive(Debug, Default)]
pub struct LedgerFile {
    path: Option<PathBuf>,
    memory: Ledger,
}

/// The most the file may be read as: a hand-made huge one is ignored.
const MAX_FILE_BYTES: u64 = 256 * 1024;

impl LedgerFile {
    pub fn new(path: Option<PathBuf>) -> Self {
        LedgerFile {
            path,
            memory: Ledger::default(),
        }
    }

    /// The ledger as the file holds it now (another process may have written
    /// it); a missing, unreadable or broken file reads as what this process knew.
    pub fn load(&self) -> Ledger {
        let Some(path) = &self.path else {
            return self.memory.clone();
        };
        read(path).unwrap_or_else(|| self.memory.clone())
    }

    /// Changes the ledger and keeps it.
    pub fn update<T>(&mut self, now: DateTime<Utc>, f: impl FnOnce(&mut Ledger) -> T) -> T {
        let mut ledger = self.load();
        let answer = f(&mut ledger);
        ledger.prune(now);
        if let Some(path) = &self.path {
            if let Err(e) = write(path, &ledger) {
                tracing::warn!(error = %e, "could not save the booking ledger");
            }
        }
        self.memory = ledger;
        answer
    }
}

fn read(path: &Path) -> Option<Ledger> {
    let meta = std::fs::metadata(path).ok()?;
    if meta.len() > MAX_FILE_BYTES {
        tracing::warn!("the booking ledger is too large; it is ignored");
        return None;
    }
    serde_json::from_slice(&std::fs::read(path).ok()?).ok()
}

fn write(path: &Path, ledger: &Ledger) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("json.tmp");
    std::fs::write(
        &tmp,
        serde_json::to_vec(ledger).map_err(std::io::Error::other)?,
    )?;
    std::fs::rename(tmp, path)
}

#[cfg(test)]
#[path = "ledger_tests.rs"]
mod tests;
