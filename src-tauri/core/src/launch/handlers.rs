//! Which application the OS would hand a URL scheme to.

/// The desktop entry registered for `scheme:` links (`zoommtg`, `msteams`),
/// on Linux. `None` when there is none, or on platforms where it is not checked.
pub fn handler_for(scheme: &str) -> Option<String> {
    if !cfg!(target_os = "linux") {
        return None;
    }
    // By absolute path, like the opener: `PATH` is the user's to change.
    let out = std::process::Command::new("/usr/bin/xdg-mime")
        .args(["query", "default", &format!("x-scheme-handler/{scheme}")])
        .output()
        .ok()?;
    let handler = String::from_utf8_lossy(&out.stdout).trim().to_string();
    (!handler.is_empty()).then_some(handler)
}
