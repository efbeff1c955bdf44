//! The demo room's stand-in for the tests' fault switches (feature `fakes`):
//! the same questions, always answered "no fault", and no way to switch one on.

use std::time::Duration;

use axum::response::Response;
use chrono::{DateTime, Utc};

#[derive(Debug, Clone, Default)]
pub struct Faults;

impl Faults {
    pub fn delay(&self) -> Option<Duration> {
        None
    }

    pub fn feed_delay(&self) -> Option<Duration> {
        None
    }

    pub fn feed_late(&self) -> Option<Duration> {
        None
    }

    pub fn injected(&mut self, _now: DateTime<Utc>) -> Option<Response> {
        None
    }

    pub fn token_lifetime_secs(&self) -> Option<i64> {
        None
    }

    pub fn scopes(&self) -> Option<String> {
        None
    }

    pub fn launcher_link(&self) -> Option<String> {
        None
    }

    pub fn launcher_probe(&self) -> bool {
        false
    }

    pub fn deleted(&self, _id: &str) -> bool {
        false
    }
}
