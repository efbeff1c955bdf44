//! Every URL Roomstart hands to the OS is built or checked here, and only a
//! `LaunchUrl` can reach the opener.

pub mod handlers;
pub mod opener;

use std::net::IpAddr;

use url::Url;

use crate::links::{is_service_host, is_zoom_host, Service};
use crate::secret::Secret;
use crate::zoom::MeetingId;

/// A URL that passed validation. It holds secrets (a ZAK, a passcode), so it
/// prints redacted and never serializes.
#[derive(Debug, Clone)]
pub struct LaunchUrl {
    url: Secret,
    /// Set on a checked `start_url`: Zoom's web launcher page, which hands
    /// this meeting to the Zoom client by a `zoommtg:` link of its own.
    launcher_for: Option<MeetingId>,
}

impl LaunchUrl {
    fn new(url: &Url) -> Self {
        LaunchUrl {
            url: Secret::new(url.as_str()),
            launcher_for: None,
        }
    }

    pub fn expose(&self) -> &str {
        self.url.expose()
    }

    /// The meeting this is Zoom's launcher page for, when it is a `start_url`.
    /// A window can load such a page out of sight and pass on only the client
    /// link it produces (`client_start`), so no browser ever holds the page.
    pub fn launcher_for(&self) -> Option<MeetingId> {
        self.launcher_for
    }

    /// The URL with every query value that is not known to be harmless
    /// replaced by `REDACTED`, for `--dry-run` and logs.
    pub fn redacted(&self) -> String {
        const SHOWN: [&str; 3] = ["confno", "action", "uname"];
        let mut url = Url::parse(self.url.expose()).expect("validated on construction");
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(k, v)| {
                let shown = SHOWN.contains(&k.as_ref());
                (
                    k.into_owned(),
                    if shown {
                        v.into_owned()
                    } else {
                        "REDACTED".into()
                    },
                )
            })
            .collect();
        if !pairs.is_empty() {
            url.query_pairs_mut().clear().extend_pairs(pairs);
        }
        url.to_string()
    }
}

/// Origins trusted besides Zoom's own hosts: only the built-in simulation on
/// loopback, so the demo's links open its explanatory page.
#[derive(Debug, Clone, Default)]
pub struct TrustedOrigins {
    loopback: Vec<Url>,
}

impl TrustedOrigins {
    pub fn zoom_only() -> Self {
        TrustedOrigins::default()
    }

    /// Refuses anything that is not an http(s) origin on a loopback address.
    pub fn with_loopback(origin: &Url) -> Result<Self, Error> {
        let loopback = origin
            .host_str()
            .and_then(|h| h.trim_matches(['[', ']']).parse::<IpAddr>().ok())
            .is_some_and(|ip| ip.is_loopback());
        if !loopback || !matches!(origin.scheme(), "http" | "https") {
            return Err(Error::NotLoopback);
        }
        Ok(TrustedOrigins {
            loopback: vec![origin.clone()],
        })
    }

    fn allows(&self, url: &Url) -> bool {
        let zoom = url.scheme() == "https"
            && url.port().is_none()
            && url.host_str().is_some_and(is_zoom_host);
        zoom || self.loopback.iter().any(|o| o.origin() == url.origin())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error("the address zoom returned is not a valid url")]
    Malformed,
    #[error("the address is not on a zoom host over https")]
    UntrustedHost,
    #[error("the address carries a user name or password")]
    HasCredentials,
    #[error("the start address is not for meeting {expected}")]
    WrongMeeting { expected: MeetingId },
    #[error("the join address is not a zoom meeting link")]
    NotAJoinLink,
    #[error("only loopback origins can be trusted besides zoom")]
    NotLoopback,
    #[error("the link is longer than {CLIENT_LINK_MAX} bytes")]
    TooLong,
    #[error("the link is not a zoommtg: or zoomus: start link")]
    NotAClientLink,
    #[error("the address is not zoom's launcher page for a meeting")]
    NotALauncher,
}

/// The longest client link a launcher page may hand on. Zoom's carry a ZAK
/// (a JWT of some 500 characters) and a few short parameters.
pub const CLIENT_LINK_MAX: usize = 4096;

/// Checks a `start_url` from Zoom: https, a Zoom host, path `/s/{id}`.
pub fn start_url(
    raw: &Secret,
    id: MeetingId,
    trusted: &TrustedOrigins,
) -> Result<LaunchUrl, Error> {
    let url = checked(raw, trusted)?;
    let id_text = id.to_string();
    let segments: Vec<&str> = url.path_segments().map_or(vec![], |s| s.collect());
    if segments != ["s", id_text.as_str()] {
        return Err(Error::WrongMeeting { expected: id });
    }
    Ok(LaunchUrl {
        launcher_for: Some(id),
        ..LaunchUrl::new(&url)
    })
}

/// Checks the link Zoom's launcher page (`start`, a checked `start_url`)
/// hands to the Zoom client: `zoommtg:` or `zoomus:`, a Zoom host with no
/// port or user, `/start` or `/join`, and exactly one `confno`, the very
/// meeting of the `start_url`. Whatever else the page adds (the ZAK, its own
/// tracking values) goes to the client as it is.
pub fn client_start(raw: &Secret, start: &LaunchUrl) -> Result<LaunchUrl, Error> {
    let expected = start.launcher_for.ok_or(Error::NotALauncher)?;
    if raw.expose().len() > CLIENT_LINK_MAX {
        return Err(Error::TooLong);
    }
    let url = Url::parse(raw.expose()).map_err(|_| Error::Malformed)?;
    if !matches!(url.scheme(), "zoommtg" | "zoomus") {
        return Err(Error::NotAClientLink);
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::HasCredentials);
    }
    if url.port().is_some() || !url.host_str().is_some_and(is_zoom_host) {
        return Err(Error::UntrustedHost);
    }
    if !matches!(url.path(), "/start" | "/join") {
        return Err(Error::NotAClientLink);
    }
    let confnos: Vec<_> = url
        .query_pairs()
        .filter(|(k, _)| k.eq_ignore_ascii_case("confno"))
        .map(|(_, v)| v.into_owned())
        .collect();
    if confnos != [expected.to_string()] {
        return Err(Error::WrongMeeting { expected });
    }
    Ok(LaunchUrl::new(&url))
}

/// Checks an https join link: a Zoom host and a meeting or personal-room path.
pub fn join_url(raw: &Secret, trusted: &TrustedOrigins) -> Result<LaunchUrl, Error> {
    let url = checked(raw, trusted)?;
    let first = url
        .path_segments()
        .and_then(|mut s| s.next())
        .unwrap_or_default();
    if !matches!(first, "j" | "w" | "wc" | "my" | "webinar" | "meeting") {
        return Err(Error::NotAJoinLink);
    }
    Ok(LaunchUrl::new(&url))
}

/// Demo only: the simulation's page that stands in for the Zoom client,
/// `{origin}/client/start?confno={id}`, for a checked client link. It names
/// the meeting and carries no credential; `origin` must be loopback.
pub fn stand_in_client(client: &LaunchUrl, origin: &Url) -> Result<LaunchUrl, Error> {
    TrustedOrigins::with_loopback(origin)?;
    let link = Url::parse(client.expose()).map_err(|_| Error::Malformed)?;
    let confno = link
        .query_pairs()
        .find(|(k, _)| k.eq_ignore_ascii_case("confno"))
        .and_then(|(_, v)| v.parse::<MeetingId>().ok())
        .ok_or(Error::NotAClientLink)?;
    let mut page = origin.join("/client/start").map_err(|_| Error::Malformed)?;
    page.query_pairs_mut()
        .append_pair("confno", &confno.to_string());
    Ok(LaunchUrl::new(&page))
}

/// `zoommtg://{host}/start?confno={id}&zak={zak}`, for installs whose Zoom client
/// still accepts it. `start` is the validated https `start_url`, whose host it keeps.
pub fn zoommtg_start(start: &LaunchUrl, id: MeetingId, zak: &Secret) -> LaunchUrl {
    let host = Url::parse(start.expose())
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .filter(|h| is_zoom_host(h))
        .unwrap_or_else(|| "zoom.us".into());
    let mut url =
        Url::parse(&format!("zoommtg://{host}/start")).expect("a zoom host makes a valid url");
    url.query_pairs_mut()
        .append_pair("confno", &id.to_string())
        .append_pair("zak", zak.expose());
    LaunchUrl::new(&url)
}

/// `zoommtg://{host}/join?confno={id}&pwd={pwd}&uname={room}` from a validated
/// https join link. `None` for personal links (`/my/…`), which only open over https.
pub fn zoommtg_join(join: &LaunchUrl, id: Option<MeetingId>, room_name: &str) -> Option<LaunchUrl> {
    let https = Url::parse(join.expose()).ok()?;
    let host = https.host_str().filter(|h| is_zoom_host(h))?.to_string();
    let id = id?;
    let pwd = https
        .query_pairs()
        .find(|(k, _)| k == "pwd")
        .map(|(_, v)| v.into_owned());
    let mut url = Url::parse(&format!("zoommtg://{host}/join")).ok()?;
    {
        let mut q = url.query_pairs_mut();
        q.append_pair("action", "join")
            .append_pair("confno", &id.to_string());
        if let Some(pwd) = pwd {
            q.append_pair("pwd", &pwd);
        }
        q.append_pair("uname", room_name);
    }
    Some(LaunchUrl::new(&url))
}

/// `msteams:/l/meetup-join/…` from a validated Teams meeting link, for the
/// Teams app's own scheme. `None` for any other Teams page, which opens over https.
pub fn msteams_join(join: &LaunchUrl) -> Option<LaunchUrl> {
    let https = Url::parse(join.expose()).ok()?;
    let host = https.host_str()?;
    if !crate::links::is_teams_host(host) || !https.path().starts_with("/l/meetup-join/") {
        return None;
    }
    let mut app = format!("msteams:{}", https.path());
    if let Some(query) = https.query() {
        app.push('?');
        app.push_str(query);
    }
    Url::parse(&app).ok().map(|u| LaunchUrl::new(&u))
}

/// The same path and query on another origin (the demo's launcher page).
pub fn rehome(url: &LaunchUrl, origin: &Url) -> Secret {
    let mut moved = origin.clone();
    let original = Url::parse(url.expose()).expect("validated on construction");
    moved.set_path(original.path());
    moved.set_query(original.query());
    Secret::new(moved.as_str())
}

/// Join links of other services (Meet, Teams, Webex) found by the link detector.
pub fn other_service_url(raw: &Secret, service: Service) -> Result<LaunchUrl, Error> {
    let url = Url::parse(raw.expose()).map_err(|_| Error::Malformed)?;
    let host = url.host_str().unwrap_or_default();
    if url.scheme() != "https" || url.port().is_some() || !is_service_host(service, host) {
        return Err(Error::UntrustedHost);
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::HasCredentials);
    }
    Ok(LaunchUrl::new(&url))
}

fn checked(raw: &Secret, trusted: &TrustedOrigins) -> Result<Url, Error> {
    let url = Url::parse(raw.expose()).map_err(|_| Error::Malformed)?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::HasCredentials);
    }
    if !trusted.allows(&url) {
        return Err(Error::UntrustedHost);
    }
    Ok(url)
}

#[cfg(test)]
mod tests;
