//! Which hosts belong to which meeting service, checked label by label so that
//! `attacker-zoom.us` or `zoom.us.evil.example` never pass.

/// `zoom.us` and its subdomains, `zoomgov.com` and its subdomains, and the
/// exact hosts `zoom.com`, `zoom-x.de` and `zoom.com.cn`.
pub fn is_zoom_host(host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let labels: Vec<&str> = host.split('.').collect();
    if labels.iter().any(|l| l.is_empty()) {
        return false;
    }
    ends_with_labels(&labels, &["zoom", "us"])
        || ends_with_labels(&labels, &["zoomgov", "com"])
        || matches!(
            labels.as_slice(),
            ["zoom", "com"] | ["www", "zoom", "com"] | ["zoom-x", "de"] | ["zoom", "com", "cn"]
        )
}

pub fn is_meet_host(host: &str) -> bool {
    host.eq_ignore_ascii_case("meet.google.com")
}

pub fn is_teams_host(host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    host == "teams.microsoft.com" || host == "teams.live.com"
}

pub fn is_webex_host(host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    let labels: Vec<&str> = host.split('.').collect();
    ends_with_labels(&labels, &["webex", "com"])
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
}
