//! Finding the meeting in a calendar event, however the invite was written.
//! One detector serves every text field; fields are ranked by how structured they are.

mod hosts;
mod scan;

pub use hosts::{is_service_host, is_teams_host, is_zoom_host};
pub use scan::strip_html;

use serde::Serialize;
use url::Url;

use crate::secret::Secret;
use crate::zoom::MeetingId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Service {
    Zoom,
    Meet,
    Teams,
    Webex,
}

impl Service {
    pub fn label(self) -> &'static str {
        match self {
            Service::Zoom => "Zoom",
            Service::Meet => "Google Meet",
            Service::Teams => "Microsoft Teams",
            Service::Webex => "Webex",
        }
    }
}

/// Where in the event a link was found, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Conference,
    Url,
    Location,
    Description,
    DescriptionHtml,
}

#[derive(Debug, Clone)]
pub struct MeetingLink {
    pub service: Service,
    /// The numeric Zoom meeting ID; `None` for personal links and other services.
    pub zoom_id: Option<MeetingId>,
    /// The join link as written (a Zoom one in its https form), `pwd`
    /// included, so it is a secret.
    pub join_url: Secret,
    pub found_in: Field,
}

/// A link with every query value replaced by `REDACTED` (passcodes, tokens).
pub fn redacted(url: &Secret) -> String {
    let Ok(mut parsed) = Url::parse(url.expose()) else {
        return "REDACTED".into();
    };
    let keys: Vec<String> = parsed.query_pairs().map(|(k, _)| k.into_owned()).collect();
    if !keys.is_empty() {
        parsed
            .query_pairs_mut()
            .clear()
            .extend_pairs(keys.iter().map(|k| (k.as_str(), "REDACTED")));
    }
    parsed.to_string()
}

/// The best meeting link among `fields`, which may come in any order. The
/// meeting is the first one the best-ranked field names. Of its links, wherever
/// they were found, the one carrying the passcode wins (joiners then need not
/// type it), then the better field, then an https one, then the longer. Zoom
/// links are already in their https form (see `classify`).
pub fn find_meeting(fields: &[(Field, &str)]) -> Option<MeetingLink> {
    let mut fields = fields.to_vec();
    fields.sort_by_key(|(field, _)| *field);
    let links: Vec<MeetingLink> = fields
        .iter()
        .flat_map(|(field, text)| {
            let text = if *field == Field::DescriptionHtml {
                strip_html_keeping_hrefs(text)
            } else {
                text.to_string()
            };
            scan::urls_in(&text)
                .into_iter()
                .filter_map(|url| classify(&url, *field))
                .collect::<Vec<_>>()
        })
        .collect();
    let first = links.first()?;
    links
        .iter()
        .enumerate()
        .filter(|(_, l)| l.service == first.service && l.zoom_id == first.zoom_id)
        .max_by_key(|(at, l)| {
            let url = l.join_url.expose();
            (
                carries_passcode(url),
                std::cmp::Reverse(l.found_in),
                url.starts_with("https:"),
                // One Zoom meeting's links differ in what they carry; another
                // service's links may be different meetings: the first stands.
                if l.service == Service::Zoom {
                    url.len()
                } else {
                    0
                },
                std::cmp::Reverse(*at),
            )
        })
        .map(|(_, l)| l.clone())
}

/// Zoom's `pwd=` (web and app links alike).
fn carries_passcode(url: &str) -> bool {
    Url::parse(url).is_ok_and(|u| u.query_pairs().any(|(k, v)| k == "pwd" && !v.is_empty()))
}

fn strip_html_keeping_hrefs(html: &str) -> String {
    // hrefs first, so a link hidden behind anchor text is still seen.
    format!("{html}\n{}", strip_html(html))
}

/// A Zoom link in the https form Join opens: Zoom serves only https, and an
/// app link or the web form (`zoommtg://…/join?confno=…&pwd=…`,
/// `https://…/join?confno=…`) names the same meeting as `https://…/j/…?pwd=…`. So no passcode is lost to the choice of form.
fn zoom_https(url: &Url, id: Option<MeetingId>) -> Option<Url> {
    let mut https = match (url.scheme(), url.path()) {
        ("zoommtg", _) | (_, "/join") => {
            let mut https = Url::parse(&format!("https://{}/j/{}", url.host_str()?, id?)).ok()?;
            if let Some((_, pwd)) = url.query_pairs().find(|(k, _)| k == "pwd") {
                https.query_pairs_mut().append_pair("pwd", &pwd);
            }
            https
        }
        _ => url.clone(),
    };
    https.set_scheme("https").ok()?;
    Some(https)
}

fn classify(url: &Url, found_in: Field) -> Option<MeetingLink> {
    let host = url.host_str()?;
    let (service, zoom_id) = match url.scheme() {
        "https" | "http" if is_zoom_host(host) => (Service::Zoom, zoom_id_in_path(url)?),
        "zoommtg" if is_zoom_host(host) => (Service::Zoom, Some(confno(url)?)),
        "https" | "http" if hosts::is_meet_host(host) && is_meet_path(url) => (Service::Meet, None),
        "https" | "http" if hosts::is_teams_host(host) && is_teams_path(url) => {
            (Service::Teams, None)
        }
        "https" | "http" if hosts::is_webex_host(host) && is_webex_path(url) => {
            (Service::Webex, None)
        }
        _ => return None,
    };
    // Every service serves its meetings over https only: a plain-http link
    // is upgraded, so Join never crosses the network in the clear.
    let url = match service {
        Service::Zoom => zoom_https(url, zoom_id)?,
        _ => {
            let mut https = url.clone();
            https.set_scheme("https").ok()?;
            https
        }
    };
    Some(MeetingLink {
        service,
        zoom_id,
        join_url: Secret::new(url.as_str()),
        found_in,
    })
}

fn segments(url: &Url) -> Vec<&str> {
    url.path_segments()
        .map(|s| s.filter(|s| !s.is_empty()).collect())
        .unwrap_or_default()
}

/// A meeting code (`abc-defg-hij`) or a Workspace nickname: one segment of
/// letters, digits and hyphens. Meet's home, `new` and its files are no meeting.
fn is_meet_path(url: &Url) -> bool {
    match segments(url).as_slice() {
        ["lookup", _name] => true,
        [code] => {
            !matches!(*code, "new" | "landing" | "about")
                && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        }
        _ => false,
    }
}

/// A meeting: `/l/meetup-join/…` or `/meet/<digits>`, never Teams' home, chat or
/// the organiser's meeting options page that invites also carry.
fn is_teams_path(url: &Url) -> bool {
    match segments(url).as_slice() {
        ["l", "meetup-join", _, ..] => true,
        ["meet", id, ..] => id.bytes().all(|b| b.is_ascii_digit()),
        _ => false,
    }
}

/// A Webex meeting or personal room (`/meet/<name>`, `/join/…`, `…/j.php`,
/// `/m/…`, `/wbxmjs/joinservice/…`), never a site's home page.
fn is_webex_path(url: &Url) -> bool {
    segments(url)
        .iter()
        .any(|s| matches!(*s, "meet" | "join" | "j.php" | "m" | "wbxmjs"))
}

/// `Some(Some(id))` for a numeric meeting, `Some(None)` for personal links and
/// registrations, `None` for a Zoom page that is no meeting at all.
fn zoom_id_in_path(url: &Url) -> Option<Option<MeetingId>> {
    match segments(url).as_slice() {
        ["j" | "s" | "w", id, ..] => id.parse().ok().map(Some),
        ["wc", "join", id, ..] | ["wc", id, ..] => id.parse().ok().map(Some),
        ["my", _name, ..] => Some(None),
        ["join"] => confno(url).map(Some),
        ["webinar" | "meeting", "register", ..] => Some(None),
        _ => None,
    }
}

fn confno(url: &Url) -> Option<MeetingId> {
    url.query_pairs()
        .find(|(k, _)| k == "confno")
        .and_then(|(_, v)| v.parse().ok())
}

#[cfg(test)]
mod tests;
