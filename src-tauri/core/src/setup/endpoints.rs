//! Where a credential may be sent. Every base URL the configuration or a key
//! file names must be https on the vendor's own hosts (any cloud it runs),
//! or loopback, for tests against fakes. Anything else is refused before a
//! client exists, so a secret can only ever go to its vendor.

use url::{Host, Url};

/// Whose endpoint a URL is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vendor {
    /// Zoom's API and OAuth, commercial and ZoomGov.
    Zoom,
    /// The Google Calendar API.
    GoogleApi,
    /// Google's OAuth token endpoint, as a service account key names it.
    GoogleToken,
    /// Microsoft Graph, global and national clouds.
    Graph,
    /// Entra ID sign-in, global and national clouds.
    EntraId,
}

impl Vendor {
    /// Hosts a URL may name: each entry matches itself and, after a dot, its subdomains.
    fn domains(self) -> &'static [&'static str] {
        match self {
            Vendor::Zoom => &["zoom.us", "zoomgov.com"],
            Vendor::GoogleApi => &["googleapis.com"],
            Vendor::GoogleToken => &["oauth2.googleapis.com", "accounts.google.com"],
            Vendor::Graph => &[
                "graph.microsoft.com",
                "graph.microsoft.us",
                "dod-graph.microsoft.us",
                "microsoftgraph.chinacloudapi.cn",
            ],
            Vendor::EntraId => &[
                "login.microsoftonline.com",
                "login.microsoftonline.us",
                "login.partner.microsoftonline.cn",
                "login.chinacloudapi.cn",
            ],
        }
    }

    fn name(self) -> &'static str {
        match self {
            Vendor::Zoom => "Zoom (zoom.us, zoomgov.com)",
            Vendor::GoogleApi => "Google (googleapis.com)",
            Vendor::GoogleToken => "Google (oauth2.googleapis.com, accounts.google.com)",
            Vendor::Graph => "Microsoft Graph (graph.microsoft.com or a national cloud)",
            Vendor::EntraId => "Entra ID (login.microsoftonline.com or a national cloud)",
        }
    }
}

/// `text` as a URL credentials may be sent to, or why not, in words for IT.
pub fn checked(vendor: Vendor, text: &str) -> Result<Url, String> {
    let url = Url::parse(text.trim()).map_err(|e| format!("{text:?} is not a URL ({e})"))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(format!("{text:?} carries a user name or password"));
    }
    if is_loopback(&url) && matches!(url.scheme(), "http" | "https") {
        return Ok(url);
    }
    let on_vendor_host = url.host_str().is_some_and(|host| {
        let host = host.to_ascii_lowercase();
        vendor
            .domains()
            .iter()
            .any(|d| host == *d || host.ends_with(&format!(".{d}")))
    });
    if url.scheme() != "https" || !on_vendor_host || url.port().is_some() {
        return Err(format!(
            "{text:?} is not an https address of {}; credentials are sent nowhere else",
            vendor.name()
        ));
    }
    Ok(url)
}

/// Whether a calendar feed's address may be read: https, or loopback where
/// only tests run fakes. Over plain http the network could write the room's
/// calendar. The address is a bearer secret, so the words never repeat it.
pub fn check_feed(text: &str) -> Result<(), String> {
    let url =
        Url::parse(text.trim()).map_err(|e| format!("the feed's address is not a URL ({e})"))?;
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(&url) => Ok(()),
        scheme => Err(format!(
            "the feed's address is {scheme}, not https: anyone on the network could change the room's calendar; use the calendar's https address"
        )),
    }
}

/// 127.0.0.0/8, ::1 or `localhost`: this computer, where only tests run fakes.
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        Some(Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feeds_are_read_over_https_only() {
        for ok in [
            "https://calendar.example.com/secret/basic.ics",
            " https://outlook.office365.com/owa/calendar/a/b/calendar.ics\n",
            "http://127.0.0.1:8080/calendar.ics",
            "http://[::1]:9/feed",
        ] {
            assert_eq!(check_feed(ok), Ok(()), "{ok}");
        }
        for refused in [
            "http://calendar.example.com/private-token/basic.ics",
            "webcal://calendar.example.com/private-token/basic.ics",
            "ftp://calendar.example.com/private-token.ics",
            "file:///etc/passwd",
            "calendar.example.com/private-token",
        ] {
            let why = check_feed(refused).unwrap_err();
            assert!(
                !why.contains("private-token"),
                "the address is a secret: {why}"
            );
        }
    }

    #[test]
    fn vendor_hosts_pass_and_look_alikes_do_not() {
        let ok = [
            (Vendor::Zoom, "https://api.zoom.us/v2"),
            (Vendor::Zoom, "https://zoomgov.com"),
            (Vendor::GoogleApi, "https://www.googleapis.com"),
            (Vendor::GoogleToken, "https://oauth2.googleapis.com/token"),
            (Vendor::Graph, "https://graph.microsoft.us"),
            (Vendor::EntraId, "https://login.partner.microsoftonline.cn"),
            (Vendor::Zoom, "http://127.0.0.1:8080/v2"),
            (Vendor::EntraId, "http://[::1]:9/ms"),
        ];
        for (vendor, url) in ok {
            assert!(checked(vendor, url).is_ok(), "{url}");
        }
        let refused = [
            (Vendor::Zoom, "http://api.zoom.us/v2"),
            (Vendor::Zoom, "https://api.zoom.us.evil.example/v2"),
            (Vendor::Zoom, "https://evilzoom.us"),
            (Vendor::Zoom, "https://api.zoom.us:8443/v2"),
            (Vendor::Zoom, "https://user:pw@api.zoom.us/v2"),
            (Vendor::GoogleApi, "https://googleapis.com.evil.example"),
            (Vendor::GoogleToken, "https://www.googleapis.com/token"),
            (Vendor::Graph, "https://graph.microsoft.com.evil.example"),
            (Vendor::EntraId, "https://10.0.0.1/ms"),
            (Vendor::Zoom, "ftp://127.0.0.1/v2"),
            (Vendor::Zoom, "not a url"),
            (Vendor::Zoom, ""),
        ];
        for (vendor, url) in refused {
            assert!(checked(vendor, url).is_err(), "{url}");
        }
    }
}
