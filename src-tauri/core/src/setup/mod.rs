//! A room's setup: the configuration files (parsed, merged, with where each
//! value came from) and the secrets in the OS keyring, turned into the clients
//! a `Room` runs on.

mod clients;
pub mod config;
pub mod endpoints;
pub mod keystore;

pub use clients::{system_zone, Error};
