use super::*;
use std::path::{Path, PathBuf};

#[test]
fn the_catalogue_parses_and_fills_each_value_once() {
    assert!(WORDS.len() > 100, "en.json did not parse");
    assert_eq!(say("button.start"), "Start");
    assert_eq!(
        say_with("status.busy_until", &[("time", "14:00")]),
        "Busy until 14:00"
    );
    // A value is shown as it is, even one that looks like a placeholder.
    assert_eq!(
        say_with(
            "footer.calendar_failing",
            &[("calendar", "{problem}"), ("problem", "was not found")]
        ),
        "The calendar “{problem}” was not found."
    );
    assert_eq!(say("no.such.word"), "no.such.word");
}

/// Every key Rust asks for is in the catalogue, and every word in the
/// catalogue is asked for somewhere, by Rust or by the UI.
#[test]
fn every_word_used_is_in_the_catalogue_and_every_word_is_used() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut rust = String::new();
    let mut ui = String::new();
    for dir in ["src-tauri/core/src", "src-tauri/src"] {
        for file in files(&root.join(dir), "rs") {
            rust += &std::fs::read_to_string(file).unwrap();
        }
    }
    for file in files(&root.join("ui/src"), "ts") {
        ui += &std::fs::read_to_string(file).unwrap();
    }
    for call in ["say(\"", "say_with(\""] {
        for used in rust.split(call).skip(1) {
            let key = &used[..used.find('"').unwrap()];
            if key != "no.such.word" {
                assert!(
                    WORDS.contains_key(key),
                    "Rust asks for `{key}`, not in en.json"
                );
            }
        }
    }
    for key in WORDS.keys() {
        let quoted = format!("\"{key}\"");
        assert!(
            rust.contains(&quoted) || ui.contains(&quoted),
            "`{key}` in en.json is used by neither Rust nor the UI"
        );
    }
}

fn files(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files(&path, extension));
        } else if path.extension().is_some_and(|e| e == extension) {
            out.push(path);
        }
    }
    out
}
