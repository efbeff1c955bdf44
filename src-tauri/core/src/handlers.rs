//! Which application the OS would hand a URL scheme to.

/// The desktop entry registered for `zoommtg:` links, on Linux. `None` when
/// there is none, or on platforms where it is not checked.
pub fn zoommtg_handler() -> Option<String> {
    if !cfg!(target_os = "linux") {
        return None;
    }
    let out = std::process::Command::new("xdg-mime")
        .args(["query", "default", "x-scheme-handler/zoommtg"])
        .output()
        .ok()?;
    let handler = String::from_utf8_lossy(&out.stdout).trim().to_string();
    (!handler.is_empty()).then_some(handler)
}
