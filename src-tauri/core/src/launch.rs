//! Every URL Roomstart hands to the OS is built or checked here, and only a
//! `LaunchUrl` can reach the opener.

use std::net::IpAddr;

use url::Url;

use crate::links::is_zoom_host;
use crate::secret::Secret;
use crate::zoom::MeetingId;

/// A URL that passed validation. It holds secrets (a ZAK, a passcode), so it
/// prints redacted and never serializes.
#[derive(Debug, Clone)]
pub struct LaunchUrl(Secret);

impl LaunchUrl {
    pub fn expose(&self) -> &str {
        self.0.expose()
    }

    /// The URL with every query value replaced by `REDACTED`, for `--dry-run` and logs.
    pub fn redacted(&self) -> String {
        let mut url = Url::parse(self.0.expose()).expect("validated on construction");
        let keys: Vec<String> = url.query_pairs().map(|(k, _)| k.into_owned()).collect();
        if !keys.is_empty() {
            url.query_pairs_mut()
                .clear()
                .extend_pairs(keys.iter().map(|k| (k.as_str(), "REDACTED")));
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
}

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
    Ok(LaunchUrl(Secret::new(url.as_str())))
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
    Ok(LaunchUrl(Secret::new(url.as_str())))
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
pub fn other_service_url(raw: &Secret) -> Result<LaunchUrl, Error> {
    let url = Url::parse(raw.expose()).map_err(|_| Error::Malformed)?;
    if url.scheme() != "https" || url.port().is_some() {
        return Err(Error::UntrustedHost);
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::HasCredentials);
    }
    Ok(LaunchUrl(Secret::new(url.as_str())))
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
