//! Google Calendar API v3 as a calendar source: a service account (shared the
//! room calendar, or with domain-wide delegation as `subject`), an RS256 JWT
//! bearer grant against the key's own `token_uri`, then `events.list` with
//! single events, every page.

use std::time::Duration;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use url::Url;

use crate::calendar::{CalendarEvent, Error};
use crate::ics::ParsedCalendar;
use crate::oauth::HeldToken;
use crate::secret::Secret;

const SCOPE: &str = "https://www.googleapis.com/auth/calendar.readonly";

/// What Roomstart needs of a service account key file; the rest is dropped.
pub struct ServiceAccount {
    pub client_email: String,
    pub private_key: Secret,
    pub token_uri: String,
}

impl ServiceAccount {
    /// Reads the JSON key file Google hands out.
    pub fn from_key_file(json: &Secret) -> Result<ServiceAccount, String> {
        #[derive(Deserialize)]
        struct KeyFile {
            client_email: String,
            private_key: Secret,
            token_uri: String,
        }
        let key: KeyFile = serde_json::from_str(json.expose()).map_err(|e| {
            format!(
                "google.service_account is not a service account key file: {}",
                key_file_problem(&e)
            )
        })?;
        Ok(ServiceAccount {
            client_email: key.client_email,
            private_key: key.private_key,
            token_uri: key.token_uri,
        })
    }
}

/// What is wrong with a key file, never its text: the message could quote the key.
fn key_file_problem(e: &serde_json::Error) -> &'static str {
    match e.classify() {
        serde_json::error::Category::Io => "unreadable",
        serde_json::error::Category::Syntax => "not JSON",
        serde_json::error::Category::Data => "a field is missing or of the wrong type",
        serde_json::error::Category::Eof => "cut short",
    }
}

pub struct GoogleSource {
    pub name: String,
    pub calendar_id: String,
    pub account: ServiceAccount,
    /// Domain-wide delegation: the user to act as.
    pub subject: Option<String>,
    /// `https://www.googleapis.com` (tests: a fake on loopback).
    pub api_base: Url,
    pub page_size: u16,
    token: HeldToken,
}

#[derive(Serialize)]
struct Claims<'a> {
    iss: &'a str,
    scope: &'a str,
    aud: &'a str,
    iat: i64,
    exp: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    sub: Option<&'a str>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Events {
    #[serde(default)]
    items: Vec<Event>,
    next_page_token: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Event {
    id: String,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    location: Option<String>,
    #[serde(default)]
    visibility: Option<String>,
    start: When,
    end: When,
    #[serde(default)]
    hangout_link: Option<String>,
    #[serde(default)]
    conference_data: Option<ConferenceData>,
    #[serde(default)]
    attendees: Vec<Attendee>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct When {
    date_time: Option<DateTime<chrono::FixedOffset>>,
    date: Option<NaiveDate>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ConferenceData {
    #[serde(default)]
    entry_points: Vec<EntryPoint>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct EntryPoint {
    entry_point_type: String,
    #[serde(default)]
    uri: Option<String>,
}

#[derive(Deserialize)]
struct Attendee {
    #[serde(default, rename = "self")]
    is_self: bool,
    #[serde(default, rename = "responseStatus")]
    response_status: Option<String>,
}

impl GoogleSource {
    pub fn new(
        name: String,
        calendar_id: String,
        account: ServiceAccount,
        subject: Option<String>,
    ) -> Self {
        GoogleSource {
            name,
            calendar_id,
            account,
            subject,
            api_base: Url::parse("https://www.googleapis.com").expect("static url"),
            page_size: 250,
            token: HeldToken::default(),
        }
    }

    pub async fn fetch(
        &self,
        http: &reqwest::Client,
        zone: Tz,
        window: (DateTime<Utc>, DateTime<Utc>),
    ) -> Result<ParsedCalendar, Error> {
        let token = self.token(http).await?;
        let mut url = self.api_base.clone();
        url.path_segments_mut()
            .expect("an http base")
            .pop_if_empty()
            // Calendar IDs hold @, # and +: each segment is percent-encoded.
            .extend(["calendar", "v3", "calendars", &self.calendar_id, "events"]);
        let mut parsed = ParsedCalendar::default();
        let mut page_token: Option<String> = None;
        loop {
            let mut page_url = url.clone();
            {
                let mut q = page_url.query_pairs_mut();
                q.append_pair("singleEvents", "true")
                    .append_pair("orderBy", "startTime")
                    .append_pair("eventTypes", "default")
                    .append_pair("timeMin", &window.0.to_rfc3339())
                    .append_pair("timeMax", &window.1.to_rfc3339())
                    .append_pair("maxResults", &self.page_size.to_string());
                if let Some(t) = &page_token {
                    q.append_pair("pageToken", t);
                }
            }
            let response = http
                .get(page_url)
                .bearer_auth(token.expose())
                .timeout(Duration::from_secs(20))
                .send()
                .await
                .map_err(|e| self.unreachable(e.without_url().to_string()))?;
            if !response.status().is_success() {
                return Err(Error::Status {
                    source_name: self.name.clone(),
                    status: response.status().as_u16(),
                });
            }
            let page: Events = response
                .json()
                .await
                .map_err(|e| self.unreachable(e.without_url().to_string()))?;
            for event in page.items {
                match self.event(event, zone) {
                    Ok(e) => parsed.events.push(e),
                    Err(why) => parsed.warnings.push(format!("{}: {why}", self.name)),
                }
            }
            match page.next_page_token {
                Some(t) => page_token = Some(t),
                None => return Ok(parsed),
            }
        }
    }

    fn event(&self, e: Event, zone: Tz) -> Result<CalendarEvent, String> {
        let (start, all_day) =
            when(&e.start, zone).ok_or_else(|| format!("event {} has no start", e.id))?;
        let (end, _) = when(&e.end, zone).ok_or_else(|| format!("event {} has no end", e.id))?;
        let declined_by_room = e
            .attendees
            .iter()
            .any(|a| a.is_self && a.response_status.as_deref() == Some("declined"));
        let mut conference: Vec<String> = e
            .conference_data
            .map(|c| c.entry_points)
            .unwrap_or_default()
            .into_iter()
            .filter(|p| p.entry_point_type == "video")
            .filter_map(|p| p.uri)
            .collect();
        conference.extend(e.hangout_link);
        Ok(CalendarEvent {
            uid: e.id,
            title: e.summary.unwrap_or_default(),
            start,
            end: end.max(start),
            all_day,
            cancelled: e.status.as_deref() == Some("cancelled") || declined_by_room,
            private: matches!(e.visibility.as_deref(), Some("private" | "confidential")),
            recurring: false,
            location: e.location.unwrap_or_default(),
            description: String::new(),
            // Google's descriptions are HTML.
            description_html: e.description.unwrap_or_default(),
            url: String::new(),
            conference,
            source: self.name.clone(),
        })
    }

    async fn token(&self, http: &reqwest::Client) -> Result<Secret, Error> {
        let now = Utc::now().timestamp();
        let claims = Claims {
            iss: &self.account.client_email,
            scope: SCOPE,
            aud: &self.account.token_uri,
            iat: now,
            exp: now + 3600,
            sub: self.subject.as_deref(),
        };
        let key =
            jsonwebtoken::EncodingKey::from_rsa_pem(self.account.private_key.expose().as_bytes())
                .map_err(|_| {
                self.unreachable(
                    "the service account's private key is not an RSA key in PEM form".into(),
                )
            })?;
        let assertion = jsonwebtoken::encode(
            &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256),
            &claims,
            &key,
        )
        .map_err(|_| {
            self.unreachable("the service account's key could not sign a token request".into())
        })?;
        let token_url = Url::parse(&self.account.token_uri)
            .map_err(|_| self.unreachable("the key file's token_uri is not a URL".into()))?;
        let form = [
            ("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"),
            ("assertion", assertion.as_str()),
        ];
        self.token
            .get(
                http,
                token_url,
                &form,
                &self.name,
                "Google refused the service account",
            )
            .await
    }

    fn unreachable(&self, reason: String) -> Error {
        Error::Unreachable {
            source_name: self.name.clone(),
            reason,
        }
    }
}

/// `dateTime` with its offset, or an all-day `date` at midnight in the room's zone.
fn when(w: &When, zone: Tz) -> Option<(DateTime<Utc>, bool)> {
    if let Some(t) = w.date_time {
        return Some((t.with_timezone(&Utc), false));
    }
    let midnight = w.date?.and_hms_opt(0, 0, 0)?;
    let local = zone.from_local_datetime(&midnight).earliest()?;
    Some((local.with_timezone(&Utc), true))
}
