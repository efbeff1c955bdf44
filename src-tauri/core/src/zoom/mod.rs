//! Zoom: Server-to-Server OAuth, Get meeting, the account's upcoming meetings,
//! and Create a meeting (an instant one, for "Meet now").
//! JWT apps were retired by Zoom in 2023 and are deliberately not supported.

mod api;
mod client;
mod error;
mod meeting_id;

pub use api::{Meeting, MeetingSummary, Occurrence, UserSummary};
pub use client::{CredentialCheck, ZoomClient, ZoomCredentials, ZoomEndpoints};
pub use error::Error;
pub use meeting_id::{InvalidMeetingId, MeetingId};
