//! The Tauri shell: parses the command line, builds the room from the config
//! (or the embedded demo), and exposes it to the window through a few thin
//! commands. Everything that decides anything lives in `roomstart-core`.

mod cli;
mod commands;
mod demo;
mod window;

use clap::Parser;
use roomstart_core::config;
use roomstart_core::room::Room;

pub use commands::Screen;

/// What the window opens on: a working room, or what IT must fix.
pub enum Opening {
    Room(Box<Room>),
    Setup { problem: String },
}

pub fn run() {
    let args = cli::Args::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("ROOMSTART_LOG")
                .unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();

    let opening = match args.command {
        Some(cli::Command::Demo) => tauri::async_runtime::block_on(demo::open_demo_room()),
        None => tauri::async_runtime::block_on(configured_room(args.config.as_deref())),
    };
    window::open(opening);
}

async fn configured_room(explicit: Option<&std::path::Path>) -> Opening {
    let path = config::resolve_path(explicit);
    let setup = match config::load(&path) {
        Ok(config) => config.room_setup().await,
        Err(e) => Err(e),
    };
    match setup {
        Ok(setup) => Opening::Room(Box::new(Room::new(setup))),
        Err(e) => {
            tracing::error!(error = %e, "room is not set up");
            Opening::Setup {
                problem: e.to_string(),
            }
        }
    }
}
