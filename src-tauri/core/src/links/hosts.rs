//! Which hosts belong to which meeting service, checked label by label so that
//! `attacker-zoom.us` or `zoom.us.evil.example` never pass.

use super::Service;

/// `zoom.us`, `zoomgov.com` and Zoom X's `zoom-x.de`, each with its
/// subdomains (vanity ones included), and the exact hosts `zoom.com`,
/// `www.zoom.com` and `zoom.com.cn`.
pub fn is_zoom_host(host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let labels: Vec<&str> = host.split('.').collect();
    if labels.iter().any(|l| l.is_empty()) {
        return false;
    }
    ends_with_labels(&labels, &["zoom", "us"])
        || ends_with_labels(&labels, &["zoomgov", "com"])
        || ends_with_labels(&labels, &["zoom-x", "de"])
        || matches!(
            labels.as_slice(),
            ["zoom", "com"] | ["www", "zoom", "com"] | ["zoom", "com", "cn"]
        )
}

/// Whether `host` is one of `service`'s, checked the same way for each.
pub fn is_service_host(service: Service, host: &str) -> bool {
    match service {
        Service::Zoom => is_zoom_host(host),
        Service::Meet => is_meet_host(host),
        Service::Teams => is_teams_host(host),
        Service::Webex => is_webex_host(host),
    }
}

fn labels(host: &str) -> Option<Vec<String>> {
    let host = host.strip_suffix('.').unwrap_or(host).to_ascii_lowercase();
    let labels: Vec<String> = host.split('.').map(str::to_string).collect();
    (!labels.iter().any(String::is_empty)).then_some(labels)
}

fn is_exactly(host: &str, expected: &[&str]) -> bool {
    labels(host).is_some_and(|l| l == expected)
}

pub fn is_meet_host(host: &str) -> bool {
    is_exactly(host, &["meet", "google", "com"])
}

pub fn is_teams_host(host: &str) -> bool {
    is_exactly(host, &["teams", "microsoft", "com"])
        || is_exactly(host, &["teams", "live", "com"])
        || is_exactly(host, &["teams", "microsoft", "us"])
        || is_exactly(host, &["gov", "teams", "microsoft", "us"])
        || is_exactly(host, &["dod", "teams", "microsoft", "us"])
}

/// `webex.com` and its subdomains (each site is `<company>.webex.com`).
pub fn is_webex_host(host: &str) -> bool {
    labels(host).is_some_and(|l| {
        let l: Vec<&str> = l.iter().map(String::as_str).collect();
        ends_with_labels(&l, &["webex", "com"])
    })
}

fn ends_with_labels(labels: &[&str], suffix: &[&str]) -> bool {
    labels.len() >= suffix.len() && labels[labels.len() - suffix.len()..] == *suffix
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zoom_hosts_label_by_label() {
        let check = |host: &str, expected: bool| assert_eq!(is_zoom_host(host), expected, "{host}");
        check("zoom.us", true);
        check("us02web.zoom.us", true);
        check("acme.zoom.us", true);
        check("ZOOM.US", true);
        check("zoom.us.", true);
        check("zoomgov.com", true);
        check("agency.zoomgov.com", true);
        check("zoom.com", true);
        check("zoom-x.de", true);
        check("acme.zoom-x.de", true);
        check("zoom-x.de.evil.example", false);
        check("zoom.com.cn", true);
        check("attacker-zoom.us", false);
        check("zoom.us.evil.example", false);
        check("notzoom.us", false);
        check("evil.zoom.com", false);
        check("zoom.de", false);
        check("us", false);
        check("a..zoom.us", false);
        check("", false);
    }

    #[test]
    fn other_services_label_by_label() {
        for (service, host, expected) in [
            (Service::Teams, "teams.microsoft.com", true),
            (Service::Teams, "TEAMS.microsoft.com.", true),
            (Service::Teams, "gov.teams.microsoft.us", true),
            (Service::Teams, "teams.microsoft.com.evil.example", false),
            (Service::Teams, "evilteams.microsoft.com", false),
            (Service::Meet, "meet.google.com", true),
            (Service::Meet, "meet.google.com.evil.example", false),
            (Service::Webex, "acme.webex.com", true),
            (Service::Webex, "webex.com.evil.example", false),
            (Service::Webex, "evilwebex.com", false),
            (Service::Webex, "a..webex.com", false),
        ] {
            assert_eq!(is_service_host(service, host), expected, "{host}");
        }
    }
}
