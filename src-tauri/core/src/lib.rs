//! Roomstart's core: reads the room's calendar and the Zoom account, decides
//! what may be started, fetches a fresh `start_url` on a tap and opens it.
//! It knows nothing of Tauri; the window and the CLI both call `room::Room`.
//! ARCHITECTURE.md maps the folders below.

pub mod calendar;
pub mod doctor;
pub mod http;
pub mod launch;
pub mod links;
pub mod logfile;
pub mod metrics;
pub mod paths;
pub mod poll;
pub mod qr;
pub mod room;
pub mod secret;
pub mod setup;
pub mod words;
pub mod zoom;

pub use secret::Secret;
