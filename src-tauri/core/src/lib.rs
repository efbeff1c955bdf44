//! Roomstart's core: reads the room's calendar and the Zoom account, decides
//! what may be started, fetches a fresh `start_url` on a tap and opens it.
//! It knows nothing of Tauri; the window and the CLI both call `room::Room`.

pub mod agenda;
pub mod agenda_cache;
pub mod calendar;
pub mod config;
pub mod doctor;
pub mod google;
pub mod graph;
pub mod handlers;
pub mod http;
pub mod ics;
pub mod keystore;
pub mod launch;
pub mod links;
pub mod logfile;
pub mod oauth;
pub mod opener;
pub mod paging;
pub mod paths;
pub mod room;
pub mod secret;
pub mod view;
pub mod zoom;

pub use secret::Secret;
