//! The Tauri shell: parses the command line, builds the room from the config
//! (or the embedded demo), and exposes it to the window through a few thin
//! commands. Everything that decides anything lives in `roomstart-core`.

mod cli;
mod commands;
mod demo;
mod logging;
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
    let args = cli::Args::parse();
    let files = ConfigFiles::resolve(args.config.as_deref());
    let window = matches!(args.command, None | Some(cli::Command::Demo));
    logging::init(&files, window);

    let (opening, retry) = match args.command {
        Some(cli::Command::Demo) => (tauri::async_runtime::block_on(demo::open_demo_room()), None),
        None => {
            let retry: window::Retry = Box::new(move || Box::pin(configured_room(files.clone())));
            (tauri::async_runtime::block_on(retry()), Some(retry))
        }
        Some(command) => return cli::run_command(command, args.config),
    };
    window::open(opening, retry);
    ExitCode::SUCCESS
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
        Ok(setup) => Opening::Room(Box::new(Room::new(setup))),
        Err(e) => {
            tracing::error!(error = %e, "room is not set up");
            Opening::Setup { problem: e }
        }
    }
}
