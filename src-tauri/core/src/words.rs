//! Every English word the room screen shows, in one catalogue
//! (`words/en.json`) that the UI reads too, ready for translation. Rust words
//! what only it knows (tap answers, problems, notes); the UI words the rest.
//! A word is a key, and `{name}` marks where a value goes.

use std::collections::HashMap;
use std::sync::LazyLock;

const CATALOGUE: &str = include_str!("../words/en.json");

static WORDS: LazyLock<HashMap<String, String>> =
    LazyLock::new(|| serde_json::from_str(CATALOGUE).unwrap_or_default());

/// The words for `key`. A key missing from the catalogue shows as itself: the
/// tests check every key used is there, so this is a bug, never silence.
pub fn say(key: &str) -> String {
    say_with(key, &[])
}

/// The words for `key` with each `{name}` filled in. One pass over the
/// template: a value that itself holds `{…}` is shown as it is.
pub fn say_with(key: &str, values: &[(&str, &str)]) -> String {
    let Some(template) = WORDS.get(key) else {
        tracing::error!(key, "a word is missing from the catalogue");
        return key.to_string();
    };
    let mut out = String::with_capacity(template.len());
    let mut rest = template.as_str();
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after
            .find('}')
            .and_then(|close| values.iter().find(|(name, _)| *name == &after[..close]));
        match value {
            Some((name, value)) => {
                out.push_str(value);
                rest = &after[name.len() + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests;
