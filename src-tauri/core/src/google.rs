//! Google Calendar API v3 as a calendar source: a service account (shared the
//! room calendar, or with domain-wide delegation as `subject`), an RS256 JWT
//! bearer grant against the key's own `token_uri`, then `events.list` with
//! single events, every page. The refresh loop syncs incrementally: one full
//! listing, then only what changed (`syncToken`; a 410 starts over).

use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use url::Url;

use crate::calendar::{CalendarEvent, Error, Reading};
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
    /// `maxResults`; Google allows up to 2500.
    pub page_size: u16,
    token: HeldToken,
    synced: tokio::sync::Mutex<Option<Synced>>,
}

/// What incremental sync keeps between reads.
struct Synced {
    sync_token: String,
    events: HashMap<String, CalendarEvent>,
}

/// What one `events.list` asks for, all pages of it.
enum Listing<'a> {
    Window((DateTime<Utc>, DateTime<Utc>)),
    /// Every event, unbounded: Google gives a sync token only for this.
    Everything,
    ChangesSince(&'a str),
}

struct Listed {
    items: Vec<Event>,
    next_sync_token: Option<String>,
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
    next_sync_token: Option<String>,
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
    // A deleted event in a sync listing is only its id and status.
    #[serde(default)]
    start: Option<When>,
    #[serde(default)]
    end: Option<When>,
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
    #[serde(default)]
    conference_id: Option<String>,
    #[serde(default)]
    conference_solution: Option<ConferenceSolution>,
}

#[derive(Deserialize)]
struct ConferenceSolution {
    #[serde(default)]
    name: Option<String>,
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
            page_size: 2500,
            token: HeldToken::default(),
            synced: Default::default(),
        }
    }

    pub async fn fetch(
        &self,
        http: &reqwest::Client,
        zone: Tz,
        window: (DateTime<Utc>, DateTime<Utc>),
        reading: Reading,
    ) -> Result<ParsedCalendar, Error> {
        let token = self.token(http).await?;
        let mut parsed = ParsedCalendar::default();
        if reading == Reading::Once {
            let listed = self.list(http, &token, Listing::Window(window)).await?;
            for event in listed.items {
                self.keep(event, zone, &mut parsed.events, &mut parsed.warnings);
            }
            return Ok(parsed);
        }
        let mut held = self.synced.lock().await;
        let changes = match held.as_ref() {
            Some(synced) => {
                match self
                    .list(http, &token, Listing::ChangesSince(&synced.sync_token))
                    .await
                {
                    Err(Error::Status { status: 410, .. }) => {
                        tracing::info!(source = %self.name, "sync token expired; listing everything again");
                        None
                    }
                    other => Some(other?),
                }
            }
            None => None,
        };
        let (listed, mut events) = match (changes, held.take()) {
            (Some(listed), Some(synced)) => (listed, synced.events),
            _ => (
                self.list(http, &token, Listing::Everything).await?,
                HashMap::new(),
            ),
        };
        for event in listed.items {
            if event.status.as_deref() == Some("cancelled") {
                events.remove(&event.id);
                continue;
            }
            let mut kept = Vec::new();
            self.keep(event, zone, &mut kept, &mut parsed.warnings);
            for e in kept {
                events.insert(e.uid.clone(), e);
            }
        }
        // Bounded memory: what ended a day before the window is of no more use.
        let horizon = window.0 - chrono::Duration::days(1);
        events.retain(|_, e| e.end >= horizon);
        parsed.events = events
            .values()
            .filter(|e| e.start < window.1 && e.end >= window.0)
            .cloned()
            .collect();
        match listed.next_sync_token {
            Some(sync_token) => *held = Some(Synced { sync_token, events }),
            None => {
                tracing::warn!(source = %self.name, "Google sent no sync token; the next read lists everything")
            }
        }
        Ok(parsed)
    }

    /// Adds the event to `events`, or says why it cannot be read.
    fn keep(
        &self,
        event: Event,
        zone: Tz,
        events: &mut Vec<CalendarEvent>,
        warnings: &mut Vec<String>,
    ) {
        match self.event(event, zone) {
            Ok(e) => events.push(e),
            Err(why) => warnings.push(format!("{}: {why}", self.name)),
        }
    }

    /// Every page of one `events.list`.
    async fn list(
        &self,
        http: &reqwest::Client,
        token: &Secret,
        listing: Listing<'_>,
    ) -> Result<Listed, Error> {
        let mut url = self.api_base.clone();
        url.path_segments_mut()
            .expect("an http base")
            .pop_if_empty()
            // Calendar IDs hold @, # and +: each segment is percent-encoded.
            .extend(["calendar", "v3", "calendars", &self.calendar_id, "events"]);
        // A sync request must repeat the first listing's parameters, minus
        // timeMin, timeMax and orderBy, which Google refuses with a sync token.
        url.query_pairs_mut()
            .append_pair("singleEvents", "true")
            .append_pair("eventTypes", "default")
            .append_pair("maxResults", &self.page_size.to_string());
        match listing {
            Listing::Window((from, to)) => {
                url.query_pairs_mut()
                    .append_pair("orderBy", "startTime")
                    .append_pair("timeMin", &from.to_rfc3339())
                    .append_pair("timeMax", &to.to_rfc3339());
            }
            Listing::Everything => {}
            Listing::ChangesSince(sync_token) => {
                url.query_pairs_mut().append_pair("syncToken", sync_token);
            }
        }
        let mut listed = Listed {
            items: Vec::new(),
            next_sync_token: None,
        };
        let mut page_token: Option<String> = None;
        let mut guard = crate::paging::PageGuard::default();
        loop {
            let mut page_url = url.clone();
            if let Some(t) = &page_token {
                page_url.query_pairs_mut().append_pair("pageToken", t);
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
            listed.items.extend(page.items);
            match page.next_page_token {
                Some(t) => {
                    guard
                        .follow(&t)
                        .map_err(|e| self.unreachable(format!("Google: {e}")))?;
                    page_token = Some(t);
                }
                None => {
                    listed.next_sync_token = page.next_sync_token;
                    return Ok(listed);
                }
            }
        }
    }

    fn event(&self, e: Event, zone: Tz) -> Result<CalendarEvent, String> {
        let (start, all_day) = e
            .start
            .as_ref()
            .and_then(|w| when(w, zone))
            .ok_or_else(|| format!("event {} has no start", e.id))?;
        let (end, _) = e
            .end
            .as_ref()
            .and_then(|w| when(w, zone))
            .ok_or_else(|| format!("event {} has no end", e.id))?;
        let declined_by_room = e
            .attendees
            .iter()
            .any(|a| a.is_self && a.response_status.as_deref() == Some("declined"));
        let mut conference = e.conference_data.map(conference_links).unwrap_or_default();
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

/// The video entry points' links. The Zoom add-on's `conferenceId` is the
/// meeting ID: when no video entry point came with it, that ID alone is
/// enough for Start (Join then opens without the passcode).
fn conference_links(c: ConferenceData) -> Vec<String> {
    let zoom_add_on = c
        .conference_solution
        .and_then(|s| s.name)
        .is_some_and(|name| name.starts_with("Zoom"));
    let mut links: Vec<String> = c
        .entry_points
        .into_iter()
        .filter(|p| p.entry_point_type == "video")
        .filter_map(|p| p.uri)
        .collect();
    if links.is_empty() && zoom_add_on {
        let id = c
            .conference_id
            .filter(|id| id.parse::<crate::zoom::MeetingId>().is_ok());
        links.extend(id.map(|id| format!("https://zoom.us/j/{id}")));
    }
    links
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

#[cfg(test)]
mod tests {
    use super::*;

    fn links(json: &str) -> Vec<String> {
        conference_links(serde_json::from_str(json).unwrap())
    }

    #[test]
    fn the_zoom_add_on_gives_its_video_link_or_at_least_its_meeting_id() {
        assert_eq!(
            links(
                r#"{"entryPoints": [{"entryPointType": "phone", "uri": "tel:+1346"}, {"entryPointType": "video", "uri": "https://acme.zoom.us/j/85746352410?pwd=x"}], "conferenceId": "85746352410", "conferenceSolution": {"name": "Zoom Meeting"}}"#
            ),
            ["https://acme.zoom.us/j/85746352410?pwd=x"]
        );
        assert_eq!(
            links(
                r#"{"entryPoints": [{"entryPointType": "phone", "uri": "tel:+1346"}], "conferenceId": "85746352410", "conferenceSolution": {"name": "Zoom Meeting"}}"#
            ),
            ["https://zoom.us/j/85746352410"]
        );
        assert!(
            links(
                r#"{"conferenceId": "abc-defg-hij", "conferenceSolution": {"name": "Google Meet"}}"#
            )
            .is_empty(),
            "a Meet code is not a Zoom ID"
        );
        assert!(
            links(r#"{"conferenceId": "12", "conferenceSolution": {"name": "Zoom Meeting"}}"#)
                .is_empty()
        );
    }
}
