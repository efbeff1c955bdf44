//! Whether a browser's managed policy lets Zoom's pages open `zoommtg:`
//! without asking. Sources are in packaging/linux/browser-policies/README.md.
//!
//! Chromium-family browsers read every file of their `policies/managed`
//! directory as JSON; a policy set in two files has no defined winner. Their
//! `AutoLaunchProtocolsFromOrigins` patterns use the URLBlocklist filter
//! format: `https://zoom.us` also covers every subdomain, a leading dot turns
//! that off, `*` alone is every host, and a pattern with a path is ignored.
//!
//! Firefox reads one file: `/etc/firefox/policies/policies.json` when it
//! exists, else `policies.json` in its installation's `distribution` folder.
//! There, `AutoLaunchProtocolsFromOrigins` takes exact origins, stored as site
//! permissions, which Firefox also looks up for subdomains; `Handlers` with
//! `ask: false` skips the choice of application.

use std::io;
use std::path::{Path, PathBuf};

use serde_json::Value;

const PROTOCOL: &str = "zoommtg";
const POLICY: &str = "AutoLaunchProtocolsFromOrigins";

#[derive(Debug, thiserror::Error)]
pub(in crate::doctor) enum Error {
    #[error("cannot read {}: {source}", path.display())]
    Unreadable { path: PathBuf, source: io::Error },
    #[error("{} is not JSON the browser can read: {source}", path.display())]
    NotJson {
        path: PathBuf,
        source: serde_json::Error,
    },
}

/// What the policy files say about `zoommtg:` from Zoom's pages.
#[derive(Debug)]
pub(in crate::doctor) enum Finding {
    /// No prompt: `file` allows the room's Zoom domain and its subdomains.
    Allowed {
        file: PathBuf,
    },
    /// Nothing sets the policy; `looked_in` is the directory or files read.
    NotSet {
        looked_in: Vec<PathBuf>,
    },
    /// `file` is the one that counts, but it lacks what is listed.
    Incomplete {
        file: PathBuf,
        lacking: Vec<String>,
    },
    /// Chromium: the policy is in several files, and which applies is undefined.
    SetTwice {
        files: Vec<PathBuf>,
    },
    Unreadable(Error),
}

/// A Chromium-family browser's managed policy directory, under `root`.
pub(in crate::doctor) fn chromium_finding(root: &Path, managed_dir: &str, domain: &str) -> Finding {
    let dir = under(root, managed_dir);
    let mut files = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect::<Vec<_>>(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Vec::new(),
        Err(source) => return Finding::Unreadable(Error::Unreadable { path: dir, source }),
    };
    files.sort();
    let mut setting = Vec::new();
    for path in files {
        match read_json(&path) {
            Ok(json) => {
                if let Some(value) = json.get(POLICY) {
                    setting.push((path, value.clone()));
                }
            }
            Err(e) => return Finding::Unreadable(e),
        }
    }
    match setting.len() {
        0 => Finding::NotSet {
            looked_in: vec![dir],
        },
        1 => {
            let (file, value) = setting.remove(0);
            if allows_zoom(&value, domain) {
                Finding::Allowed { file }
            } else {
                Finding::Incomplete {
                    file,
                    lacking: vec![format!(
                        "{POLICY} entry for {PROTOCOL} allowing https://{domain} (which covers its subdomains)"
                    )],
                }
            }
        }
        _ => Finding::SetTwice {
            files: setting.into_iter().map(|(p, _)| p).collect(),
        },
    }
}

/// Firefox's policy files under `root`, most important first; the first that
/// exists is the only one Firefox reads.
pub(in crate::doctor) fn firefox_finding(root: &Path, files: &[&str], domain: &str) -> Finding {
    let candidates: Vec<PathBuf> = files.iter().map(|f| under(root, f)).collect();
    let Some(file) = candidates.iter().find(|p| p.exists()).cloned() else {
        return Finding::NotSet {
            looked_in: candidates,
        };
    };
    let json = match read_json(&file) {
        Ok(json) => json,
        Err(e) => return Finding::Unreadable(e),
    };
    let policies = json.get("policies");
    let mut lacking = Vec::new();
    let allowed = policies
        .and_then(|p| p.get(POLICY))
        .is_some_and(|v| origins_for(v).any(|o| firefox_origin_is(o, domain)));
    if !allowed {
        lacking.push(format!(
            "{POLICY} entry for {PROTOCOL} allowing https://{domain}"
        ));
    }
    let handler = policies.and_then(|p| p.pointer(&format!("/Handlers/schemes/{PROTOCOL}")));
    let asks = handler.is_none_or(|h| {
        h.get("ask") != Some(&Value::Bool(false))
            || !matches!(
                h.get("action").and_then(Value::as_str),
                Some("useSystemDefault" | "useHelperApp")
            )
    });
    if asks {
        lacking.push(format!(
            "Handlers.schemes.{PROTOCOL} with \"ask\": false and \"action\": \"useSystemDefault\""
        ));
    }
    if lacking.is_empty() {
        Finding::Allowed { file }
    } else {
        Finding::Incomplete { file, lacking }
    }
}

fn under(root: &Path, absolute: &str) -> PathBuf {
    root.join(absolute.trim_start_matches('/'))
}

fn read_json(path: &Path) -> Result<Value, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Unreadable {
        path: path.to_path_buf(),
        source,
    })?;
    serde_json::from_str(&text).map_err(|source| Error::NotJson {
        path: path.to_path_buf(),
        source,
    })
}

/// Whether a Chromium-family `AutoLaunchProtocolsFromOrigins` value lets
/// https pages on `domain` and its subdomains open `zoommtg:` without asking.
pub(in crate::doctor) fn allows_zoom(value: &Value, domain: &str) -> bool {
    origins_for(value).any(|o| chromium_pattern_allows(o, domain))
        && origins_for(value)
            .any(|o| chromium_pattern_allows(o, &format!("any-subdomain.{domain}")))
}

/// The allowed origins of every `zoommtg` entry of an `AutoLaunchProtocolsFromOrigins` value.
fn origins_for(policy: &Value) -> impl Iterator<Item = &str> {
    policy
        .as_array()
        .into_iter()
        .flatten()
        .filter(|entry| entry.get("protocol").and_then(Value::as_str) == Some(PROTOCOL))
        .filter_map(|entry| entry.get("allowed_origins").and_then(Value::as_array))
        .flatten()
        .filter_map(Value::as_str)
}

/// Whether a Chromium origin pattern (`[scheme://][.]host[:port]`) lets an
/// https page on `host` launch the protocol.
pub(in crate::doctor) fn chromium_pattern_allows(pattern: &str, host: &str) -> bool {
    let pattern = pattern.trim().to_ascii_lowercase();
    let rest = match pattern.split_once("://") {
        Some(("https", rest)) => rest,
        Some(_) => return false,
        None => pattern.as_str(),
    };
    // A path or query makes Chrome ignore the pattern; a lone trailing `/` is no path.
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    if rest.contains(['/', '@', '?', '#']) {
        return false;
    }
    let authority = match rest.rsplit_once(':') {
        Some((authority, "443")) => authority,
        Some(_) => return false,
        None => rest,
    };
    let authority = authority.strip_suffix('.').unwrap_or(authority);
    let host = host.to_ascii_lowercase();
    if authority == "*" {
        return true;
    }
    match authority.strip_prefix('.') {
        Some(exact) => host == exact,
        None => host == authority || host.ends_with(&format!(".{authority}")),
    }
}

/// Whether a Firefox allowed origin is exactly `https://{domain}`.
pub(in crate::doctor) fn firefox_origin_is(origin: &str, domain: &str) -> bool {
    url::Url::parse(origin).is_ok_and(|u| {
        u.scheme() == "https"
            && u.port().is_none()
            && u.host_str() == Some(domain)
            && u.path() == "/"
            && u.query().is_none()
    })
}
