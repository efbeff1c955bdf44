//! The Tauri shell: parses the command line, builds the room from the config
//! (or the embedded demo), and exposes it to the window through a few thin
//! commands. Everything that decides anything lives in `roomstart-core`.

mod awake;
mod booking;
mod cli;
mod commands;
mod demo;
mod handoff;
mod kiosk;
mod logging;
mod metrics;
// Windows and macOS update themselves; Linux through apt, so the plugin is
// not linked there, but its tests still run there (a dev-dependency).
#[cfg(any(windows, target_os = "macos", test))]
#[cfg_attr(not(any(windows, target_os = "macos")), allow(dead_code))]
mod updates;
mod window;

use std::process::ExitCode;

use clap::Parser;
use roomstart_core::room::Room;
use roomstart_core::setup::config::{self, ConfigFiles};

pub use commands::Screen;

/// What the window opens on: a working room, or what IT must fix.
pub enum Opening {
    Room(Box<Room>),
    Setup { problem: String },
}

pub fn run() -> ExitCode {
    roomstart_core::http::trust_only_the_system_store();
    let args = cli::Args::parse();
    let files = ConfigFiles::resolve(args.config.as_deref());
    let window = matches!(args.command, None | Some(cli::Command::Demo));
    if window {
        // Before any thread starts: the environment is read by WebKit later.
        render_without_dmabuf();
    }
    logging::init(&files, window);

    if window {
        if let Err(why) = display_missing() {
            eprintln!("roomstart: {why}. The room screen needs a display; on this terminal use the CLI: `roomstart doctor`, `roomstart agenda`, `roomstart --help`.");
            return ExitCode::FAILURE;
        }
    }
    let (opening, retry, look, updates, metrics) = match args.command {
        Some(cli::Command::Demo) => (
            tauri::async_runtime::block_on(demo::open_demo_room()),
            None,
            window::Look::windowed(),
            None,
            None,
        ),
        None => {
            // Read once for the window; the room itself reads it again on each retry.
            let config = config::load(&files).ok().map(|l| l.config);
            let look = configured_look(config.as_ref());
            let updates = config.as_ref().and_then(configured_updates);
            let metrics = config::metrics::textfile(&files).map(|path| metrics::MetricsFile {
                path,
                files: files.clone(),
            });
            let retry: window::Retry = Box::new(move || Box::pin(configured_room(files.clone())));
            (
                tauri::async_runtime::block_on(retry()),
                Some(retry),
                look,
                updates,
                metrics,
            )
        }
        Some(command) => return cli::run_command(command, args.config),
    };
    window::open(opening, retry, look, updates, metrics);
    ExitCode::SUCCESS
}

/// Whether a window can be shown: GTK needs an X or Wayland display, and
/// without one it would panic with a stack trace.
#[cfg(target_os = "linux")]
fn display_missing() -> Result<(), String> {
    let named = ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|k| std::env::var_os(k).is_some_and(|v| !v.is_empty()));
    if !named {
        return Err("no display (neither DISPLAY nor WAYLAND_DISPLAY is set)".into());
    }
    gtk::init()
        .map_err(|_| "the display named by DISPLAY or WAYLAND_DISPLAY could not be opened".into())
}

#[cfg(not(target_os = "linux"))]
fn display_missing() -> Result<(), String> {
    Ok(())
}

/// WebKitGTK's DMA-BUF renderer redraws the page continuously once it holds a
/// scrolling list: 10 % of a core at idle under Xvfb (BENCHMARKS.md), against
/// 0.1 % with the older renderer. A page that changes once a minute needs
/// nothing faster. An admin's own setting of the variable is kept.
fn render_without_dmabuf() {
    const VAR: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";
    if cfg!(target_os = "linux") && std::env::var_os(VAR).is_none() {
        std::env::set_var(VAR, "1");
    }
}

/// The window's look from the config; a config that does not load gives the
/// defaults (kiosk on), since the setup screen on a room is shown as the room would be.
fn configured_look(config: Option<&config::Config>) -> window::Look {
    match config {
        Some(config) => window::Look::of(&config.screen, config.zone()),
        None => window::Look::of(&Default::default(), roomstart_core::setup::system_zone()),
    }
}

/// When and from where a room updates itself.
pub struct UpdateSchedule {
    pub policy: config::UpdatePolicy,
    pub hours: config::OfficeHours,
    pub zone: chrono_tz::Tz,
}

/// Updates from IT's feed, when the managed config turns them on: Windows and
/// macOS only (Linux updates through its signed apt repository).
fn configured_updates(config: &config::Config) -> Option<UpdateSchedule> {
    if !cfg!(any(windows, target_os = "macos")) {
        return None;
    }
    Some(UpdateSchedule {
        policy: config.updates.policy().ok().flatten()?,
        hours: config.screen.awake.clone(),
        zone: config.zone(),
    })
}

/// The room the configuration describes, or what IT must fix (the keyring
/// gives up after a few seconds rather than wait on an unlock prompt).
async fn configured_room(files: ConfigFiles) -> Opening {
    let files = &files;
    let setup = match config::load(files) {
        Ok(loaded) => loaded.config.room_setup().await.map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    };
    match setup {
        Ok(mut setup) => {
            setup.opener = std::sync::Arc::new(handoff::HandoffOpener::room());
            Opening::Room(Box::new(Room::new(setup)))
        }
        Err(e) => {
            tracing::error!(error = %e, "room is not set up");
            Opening::Setup { problem: e }
        }
    }
}
