//! Where Roomstart keeps its per-user files on each platform. Never secrets.

use std::path::PathBuf;

fn home() -> PathBuf {
    std::env::var_os("HOME")
        .or_else(|| std::env::var_os("USERPROFILE"))
        .map_or_else(std::env::temp_dir, PathBuf::from)
}

fn env_dir(var: &str) -> Option<PathBuf> {
    std::env::var_os(var)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// Rotated log files.
pub fn log_dir() -> PathBuf {
    if cfg!(windows) {
        env_dir("LOCALAPPDATA")
            .unwrap_or_else(home)
            .join("Roomstart\\logs")
    } else if cfg!(target_os = "macos") {
        home().join("Library/Logs/Roomstart")
    } else {
        env_dir("XDG_STATE_HOME")
            .unwrap_or_else(|| home().join(".local/state"))
            .join("roomstart/logs")
    }
}

/// The agenda cache.
pub fn cache_dir() -> PathBuf {
    if cfg!(windows) {
        env_dir("LOCALAPPDATA")
            .unwrap_or_else(home)
            .join("Roomstart\\cache")
    } else if cfg!(target_os = "macos") {
        home().join("Library/Caches/Roomstart")
    } else {
        env_dir("XDG_CACHE_HOME")
            .unwrap_or_else(|| home().join(".cache"))
            .join("roomstart")
    }
}

/// The per-user configuration file, which may override what the managed file allows.
pub fn user_config_file() -> PathBuf {
    if cfg!(windows) {
        env_dir("APPDATA")
            .unwrap_or_else(home)
            .join("Roomstart\\config.toml")
    } else if cfg!(target_os = "macos") {
        home().join("Library/Application Support/Roomstart/config.toml")
    } else {
        env_dir("XDG_CONFIG_HOME")
            .unwrap_or_else(|| home().join(".config"))
            .join("roomstart/config.toml")
    }
}

/// The system-wide file IT manages. Never from the environment: whoever runs
/// Roomstart sets that, and this file decides where credentials go.
pub fn managed_config_file() -> PathBuf {
    if cfg!(windows) {
        program_data()
            .unwrap_or_else(|| PathBuf::from("C:\\ProgramData"))
            .join("Roomstart\\config.toml")
    } else if cfg!(target_os = "macos") {
        PathBuf::from("/Library/Application Support/Roomstart/config.toml")
    } else {
        PathBuf::from("/etc/roomstart/config.toml")
    }
}

/// `%ProgramData%` as Windows itself knows it (FOLDERID_ProgramData).
#[cfg(windows)]
fn program_data() -> Option<PathBuf> {
    known_folder(&windows::Win32::UI::Shell::FOLDERID_ProgramData)
}

#[cfg(not(windows))]
fn program_data() -> Option<PathBuf> {
    None
}

/// Windows' `System32`, wherever Windows is installed (FOLDERID_System):
/// programs Roomstart runs and files it reads there are named by this path,
/// never found through `PATH`.
#[cfg(windows)]
pub fn system_folder() -> Option<PathBuf> {
    known_folder(&windows::Win32::UI::Shell::FOLDERID_System)
}

#[cfg(windows)]
fn known_folder(id: &windows::core::GUID) -> Option<PathBuf> {
    use windows::Win32::System::Com::CoTaskMemFree;
    use windows::Win32::UI::Shell::{SHGetKnownFolderPath, KF_FLAG_DEFAULT};
    // SAFETY: `id` outlives the call; the returned string is read once, then
    // freed with CoTaskMemFree as the API requires.
    unsafe {
        let path = SHGetKnownFolderPath(id, KF_FLAG_DEFAULT, None).ok()?;
        let text = path.to_string().ok();
        CoTaskMemFree(Some(path.0 as *const core::ffi::c_void));
        text.map(PathBuf::from)
    }
}

#[cfg(all(test, windows))]
mod tests {
    /// The managed file's folder comes from the known-folder API, so neither
    /// `%ProgramData%` nor anything else the user sets can move it.
    #[test]
    fn the_managed_config_is_in_the_known_program_data_folder() {
        let known = super::program_data().expect("FOLDERID_ProgramData");
        assert!(known.is_absolute(), "{}", known.display());
        let managed = super::managed_config_file();
        assert_eq!(managed, known.join("Roomstart").join("config.toml"));
        std::env::set_var("ProgramData", r"C:\Users\Public\elsewhere");
        assert_eq!(super::managed_config_file(), managed);
    }

    #[test]
    fn system32_comes_from_the_known_folder_api() {
        let system = super::system_folder().expect("FOLDERID_System");
        assert!(
            system.join("rundll32.exe").is_file(),
            "{}",
            system.display()
        );
        assert!(system
            .to_string_lossy()
            .to_ascii_lowercase()
            .ends_with(r"\system32"));
    }
}
