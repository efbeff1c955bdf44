//! Pulls candidate URLs out of free text, HTML included, and unwraps the
//! redirectors mail systems put around them.

use url::Url;

/// Every URL-looking run in `text`, in order, already unwrapped. Linear in
/// the text's length: each part of it is searched once, however many links
/// (or near-links) an invite crams in.
pub fn urls_in(text: &str) -> Vec<Url> {
    let text = html_unescape(text);
    let mut found = Vec::new();
    let lower = text.to_ascii_lowercase();
    let mut schemes = SchemeFinder::default();
    let mut lines = LineTracker::default();
    let mut pos = 0;
    while let Some(start) = schemes.next_from(&lower, pos) {
        let end = text[start..]
            .find(|c: char| c.is_whitespace() || "\"'<>()[]{}|\\^`".contains(c))
            .map_or(text.len(), |n| start + n);
        let candidate = text[start..end].trim_end_matches(['.', ',', ';', ':', '!', '?']);
        let line_start = lines.start_of_line_at(&text, start);
        if let Some(rest) = wrapped_remainder(&text, line_start, end) {
            if let Ok(url) = Url::parse(&format!("{}{rest}", &text[start..end])) {
                found.push(unwrap_redirector(url));
            }
        }
        if let Ok(url) = Url::parse(candidate) {
            found.push(unwrap_redirector(url));
        }
        pos = end.max(start + 1);
    }
    found
}

/// Mailers that hard-wrap plain text break a long link with a bare line
/// break. When the link's line is long and the next line is one unbroken run
/// of URL characters, that line is taken as the link's remainder (tried first;
/// the link as written is kept as the alternative).
fn wrapped_remainder(text: &str, line_start: usize, end: usize) -> Option<&str> {
    const WRAP_WIDTH: usize = 60;
    let after = text[end..]
        .strip_prefix("\r\n")
        .or_else(|| text[end..].strip_prefix('\n'))?;
    if text[line_start..end].chars().take(WRAP_WIDTH).count() < WRAP_WIDTH {
        return None;
    }
    let line = after.split('\n').next()?.trim_end_matches('\r');
    let is_url_char = |c: char| !c.is_whitespace() && !"\"'<>()[]{}|\\^`".contains(c);
    (!line.is_empty() && line.chars().all(is_url_char))
        .then(|| line.trim_end_matches(['.', ',', ';', ':', '!', '?']))
}

const SCHEMES: [&str; 5] = ["https://", "http://", "zoommtg://", "msteams:", "webex://"];

/// Where each scheme next occurs, remembered: a scheme is searched for again
/// only once the scan has passed its last find, so each is searched once overall.
#[derive(Default)]
struct SchemeFinder {
    /// Per scheme: `None` not yet searched, `Some(None)` no more, `Some(Some(at))`.
    next: [Option<Option<usize>>; 5],
}

impl SchemeFinder {
    fn next_from(&mut self, lower: &str, pos: usize) -> Option<usize> {
        for (scheme, next) in SCHEMES.iter().zip(self.next.iter_mut()) {
            let stale = match next {
                None => true,
                Some(Some(at)) => *at < pos,
                Some(None) => false,
            };
            if stale {
                *next = Some(
                    lower
                        .get(pos..)
                        .and_then(|rest| rest.find(scheme))
                        .map(|n| pos + n),
                );
            }
        }
        self.next.iter().filter_map(|n| n.flatten()).min()
    }
}

/// The start of the line a position is on, found scanning forward only.
#[derive(Default)]
struct LineTracker {
    scanned_to: usize,
    line_start: usize,
}

impl LineTracker {
    fn start_of_line_at(&mut self, text: &str, at: usize) -> usize {
        if let Some(n) = text[self.scanned_to..at].rfind('\n') {
            self.line_start = self.scanned_to + n + 1;
        }
        self.scanned_to = at;
        self.line_start
    }
}

/// Outlook SafeLinks (`?url=`) and Google's `/url?q=` hide the real address.
fn unwrap_redirector(url: Url) -> Url {
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    let param = if host.ends_with(".safelinks.protection.outlook.com") {
        "url"
    } else if (host == "www.google.com" || host == "google.com") && url.path() == "/url" {
        "q"
    } else {
        return url;
    };
    url.query_pairs()
        .find(|(k, _)| k == param)
        .and_then(|(_, v)| Url::parse(&v).ok())
        .unwrap_or(url)
}

/// Enough HTML entity decoding for links in invites (`&amp;` between query parameters).
fn html_unescape(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    text.replace("&amp;", "&")
        .replace("&#38;", "&")
        .replace("&quot;", "\"")
        .replace("&#61;", "=")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

/// Text with tags removed, for descriptions written in HTML.
pub fn strip_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(text: &str) -> Option<String> {
        urls_in(text).first().map(|u| u.to_string())
    }

    #[test]
    fn finds_and_unwraps() {
        let check = |text: &str, expected: Option<&str>| {
            assert_eq!(first(text).as_deref(), expected, "{text}");
        };
        check(
            "Join: https://zoom.us/j/123456789.",
            Some("https://zoom.us/j/123456789"),
        );
        check(
            "<a href=\"https://zoom.us/j/123456789?pwd=a&amp;b=1\">join</a>",
            Some("https://zoom.us/j/123456789?pwd=a&b=1"),
        );
        check(
            "(https://zoom.us/j/123456789)",
            Some("https://zoom.us/j/123456789"),
        );
        check(
            "https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fzoom.us%2Fj%2F123456789%3Fpwd%3Dx&data=1",
            Some("https://zoom.us/j/123456789?pwd=x"),
        );
        check(
            "https://www.google.com/url?q=https://acme.zoom.us/j/123456789&sa=D",
            Some("https://acme.zoom.us/j/123456789"),
        );
        check(
            "zoommtg://zoom.us/join?confno=123456789",
            Some("zoommtg://zoom.us/join?confno=123456789"),
        );
        check("no link here", None);
        check("https://", None);
    }

    #[test]
    fn links_hard_wrapped_by_a_mailer_are_rejoined() {
        let all =
            |text: &str| -> Vec<String> { urls_in(text).iter().map(|u| u.to_string()).collect() };
        // Broken inside the passcode, CRLF: the rejoined link comes first.
        let wrapped = "Join: https://us06web.zoom.us/j/85746352410?pwd=b3JkZXJzLXN5bmMtZGVt\r\nby0x\r\n\r\nMeeting ID: 857 4635 2410";
        assert_eq!(
            all(wrapped),
            [
                "https://us06web.zoom.us/j/85746352410?pwd=b3JkZXJzLXN5bmMtZGVtby0x",
                "https://us06web.zoom.us/j/85746352410?pwd=b3JkZXJzLXN5bmMtZGVt",
            ]
        );
        // Broken inside the meeting ID.
        let wrapped =
            "Please join the weekly product sync at https://us06web.zoom.us/j/8574\n6352410\n";
        assert_eq!(all(wrapped)[0], "https://us06web.zoom.us/j/85746352410");
        // A short line ends where the link ends: the next line is not part of it.
        assert_eq!(
            all("https://zoom.us/j/85746352410\nAgenda"),
            ["https://zoom.us/j/85746352410"]
        );
        // The next line is prose, not a remainder.
        let prose = "Join Zoom Meeting: https://us06web.zoom.us/j/85746352410?pwd=b3JkZXJzLXN5bmMt\nMeeting ID: 857";
        assert_eq!(all(prose).len(), 1);
        // Nothing follows.
        assert_eq!(
            all("Join Zoom Meeting now please: https://us06web.zoom.us/j/85746352410\n").len(),
            1
        );
    }

    #[test]
    fn a_huge_invite_is_scanned_in_one_pass() {
        // Many links on one long line, and one scheme that never occurs.
        let text = "https://zoom.us/j/857463524 ".repeat(20_000);
        assert_eq!(urls_in(&text).len(), 20_000);
        let near_misses = "http:/ https:/ zoommtg:/ ".repeat(20_000);
        assert!(urls_in(&near_misses).is_empty());
    }

    #[test]
    fn strips_tags() {
        assert_eq!(strip_html("<p>a</p>b").trim(), "a b");
    }
}
