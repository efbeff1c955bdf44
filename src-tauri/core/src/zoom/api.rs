//! Typed bodies of the Zoom endpoints Roomstart calls, named as in Zoom's spec.

use serde::{Deserialize, Serialize};

use super::MeetingId;
use crate::secret::Secret;

/// `POST /oauth/token` with `grant_type=account_credentials`.
#[derive(Deserialize)]
pub struct TokenResponse {
    pub access_token: Secret,
    pub expires_in: u64,
    #[serde(default)]
    pub scope: String,
}

/// `GET /meetings/{meetingId}`. Secrets are `Secret` so they cannot be printed.
#[derive(Debug, Deserialize)]
pub struct Meeting {
    pub id: MeetingId,
    #[serde(default)]
    pub host_id: String,
    #[serde(default)]
    pub host_email: String,
    #[serde(default)]
    pub topic: String,
    #[serde(rename = "type")]
    pub meeting_type: u8,
    #[serde(default)]
    pub start_time: Option<chrono::DateTime<chrono::Utc>>,
    #[serde(default)]
    pub duration: Option<u32>,
    pub start_url: Secret,
    pub join_url: Secret,
    #[serde(default)]
    pub password: Option<Secret>,
    #[serde(default)]
    pub encrypted_password: Option<Secret>,
    /// The numeric passcode for phone dial-in (newer responses).
    #[serde(default)]
    pub pstn_password: Option<Secret>,
    /// The numeric passcode for H.323/SIP room systems.
    #[serde(default)]
    pub h323_password: Option<Secret>,
    #[serde(default)]
    pub occurrences: Vec<Occurrence>,
}

impl Meeting {
    /// The passcode a phone keys in: digits only, as Zoom documents the
    /// phone and H.323 passcodes; none when the meeting has no passcode.
    pub fn phone_passcode(&self) -> Option<String> {
        [&self.pstn_password, &self.h323_password]
            .into_iter()
            .flatten()
            .map(|p| p.expose().trim())
            .find(|p| !p.is_empty() && p.len() <= 10 && p.bytes().all(|b| b.is_ascii_digit()))
            .map(str::to_string)
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Occurrence {
    pub occurrence_id: String,
    pub start_time: chrono::DateTime<chrono::Utc>,
    #[serde(default)]
    pub duration: Option<u32>,
    #[serde(default)]
    pub status: Option<String>,
}

/// The body of `POST /users/{userId}/meetings`.
#[derive(Debug, Serialize)]
pub struct NewMeeting<'a> {
    /// 1: an instant meeting, which starts when the host opens `start_url`.
    #[serde(rename = "type")]
    pub meeting_type: u8,
    pub topic: &'a str,
    /// Minutes; Zoom uses it for the invitation only, it ends nothing.
    pub duration: u32,
    pub settings: NewMeetingSettings,
}

/// What Roomstart asks of a meeting it creates. What is left out (the
/// waiting room, recording, the passcode's form) is the account's default,
/// which IT sets in Zoom and Roomstart does not override.
#[derive(Debug, Serialize)]
pub struct NewMeetingSettings {
    /// The room starts it at once; nobody should take it over before then.
    pub join_before_host: bool,
    pub host_video: bool,
    pub participant_video: bool,
}

impl<'a> NewMeeting<'a> {
    pub fn instant(topic: &'a str, minutes: u32) -> Self {
        NewMeeting {
            meeting_type: 1,
            topic: at_most_chars(topic, TOPIC_MAX_CHARS),
            duration: minutes,
            settings: NewMeetingSettings {
                join_before_host: false,
                host_video: true,
                participant_video: true,
            },
        }
    }
}

/// Zoom refuses a longer topic (300 "Validation Failed") rather than cut it.
const TOPIC_MAX_CHARS: usize = 200;

fn at_most_chars(text: &str, max: usize) -> &str {
    text.char_indices()
        .nth(max)
        .map_or(text, |(end, _)| &text[..end])
}

/// One row of `GET /users/{userId}/meetings`.
#[derive(Debug, Clone, Deserialize)]
pub struct MeetingSummary {
    pub id: MeetingId,
    #[serde(default)]
    pub host_id: String,
    #[serde(default)]
    pub topic: String,
    #[serde(rename = "type")]
    pub meeting_type: u8,
    #[serde(default)]
    pub start_time: Option<chrono::DateTime<chrono::Utc>>,
    #[serde(default)]
    pub duration: Option<u32>,
    /// Carries the passcode, so it is a secret.
    #[serde(default)]
    pub join_url: Option<Secret>,
}

#[derive(Deserialize)]
pub struct MeetingList {
    #[serde(default)]
    pub next_page_token: String,
    #[serde(default)]
    pub meetings: Vec<MeetingSummary>,
}

/// The error body of the REST API: `{"code": 3001, "message": "…"}`.
#[derive(Debug, Deserialize)]
pub struct ApiErrorBody {
    pub code: i64,
    #[serde(default)]
    pub message: String,
}

/// The error body of the OAuth endpoint: `{"reason": "…", "error": "invalid_client"}`.
#[derive(Debug, Deserialize)]
pub struct OAuthErrorBody {
    pub error: String,
    #[serde(default)]
    pub reason: String,
}

/// `GET /users/{userId}/token?type=zak`.
#[derive(Deserialize)]
pub struct TokenBody {
    pub token: Secret,
}

/// One row of `GET /users`.
#[derive(Debug, Clone, Deserialize)]
pub struct UserSummary {
    pub id: String,
    #[serde(default)]
    pub email: String,
}

#[derive(Deserialize)]
pub struct UserList {
    #[serde(default)]
    pub next_page_token: String,
    #[serde(default)]
    pub users: Vec<UserSummary>,
}
