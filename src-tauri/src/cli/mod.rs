//! The command line. Every subcommand but the window ones runs without Tauri
//! and prints what the room screen would say on failure.

mod agenda;
mod booking;
mod config;
mod doctor;
mod meeting;
mod secrets;

use std::path::PathBuf;
use std::process::ExitCode;

/// Roomstart: tap Start and the room's Zoom meeting opens as host.
#[derive(clap::Parser)]
#[command(name = "roomstart", version, about)]
pub struct Args {
    /// The configuration file (else $ROOMSTART_CONFIG, else the managed file plus the per-user file).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(clap::Subcommand)]
pub enum Command {
    /// Open the room window on the embedded demo room: no account, no network.
    Demo,
    /// Set, delete or list the secrets kept in the OS keyring.
    #[command(subcommand)]
    Secrets(secrets::SecretsCommand),
    /// Show where the configuration is read from, its effective values, or check it.
    #[command(subcommand)]
    Config(config::ConfigCommand),
    /// Check everything this room needs; exit code 0 only when all pass.
    Doctor {
        /// Machine-readable output for fleet monitoring.
        #[arg(long)]
        json: bool,
    },
    /// The agenda between two times (default: today and tomorrow in the room's time zone, as on screen).
    Agenda {
        /// RFC 3339, e.g. 2026-11-23T00:00:00+01:00.
        #[arg(long)]
        from: Option<String>,
        /// RFC 3339.
        #[arg(long)]
        to: Option<String>,
        /// JSON for scripts: {"room", "events": [{"title", "start", "end", "all_day", "source", "meeting"}], "problems"}.
        /// `start`/`end` are RFC 3339 in the room's zone; all-day events carry dates (YYYY-MM-DD, end exclusive).
        #[arg(long)]
        json: bool,
    },
    /// Start a meeting on this room's calendar as host, exactly as a tap does.
    Start {
        meeting_id: String,
        /// Print the URL with every secret replaced by REDACTED; open nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Join a meeting by ID or link.
    Join {
        meeting: String,
        /// Print the URL with every secret replaced by REDACTED; open nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Book the room now, extend the meeting on now, or end it ([booking] enabled).
    #[command(subcommand)]
    Book(booking::BookCommand),
    /// Check in to the booking starting now, so it is not released.
    CheckIn,
    /// Create a Zoom meeting for the room's user, start it as host and book the room.
    MeetNow {
        /// 15, 30 or 60.
        #[arg(long, default_value_t = 30)]
        minutes: u32,
        /// Print the start URL with every secret replaced by REDACTED; open nothing
        /// (the meeting is still created).
        #[arg(long)]
        dry_run: bool,
    },
}

/// Runs a subcommand that needs no window.
pub fn run_command(command: Command, config: Option<PathBuf>) -> ExitCode {
    let files = roomstart_core::setup::config::ConfigFiles::resolve(config.as_deref());
    tauri::async_runtime::block_on(async move {
        match command {
            Command::Secrets(c) => secrets::run(c, &files).await,
            Command::Config(c) => config::run(c, &files),
            Command::Doctor { json } => doctor::run(&files, json).await,
            Command::Agenda { from, to, json } => {
                agenda::run(&files, from.as_deref(), to.as_deref(), json).await
            }
            Command::Start {
                meeting_id,
                dry_run,
            } => meeting::start(&files, &meeting_id, dry_run).await,
            Command::Join { meeting, dry_run } => meeting::join(&files, &meeting, dry_run).await,
            Command::Book(c) => booking::book(&files, c).await,
            Command::CheckIn => booking::check_in(&files).await,
            Command::MeetNow { minutes, dry_run } => {
                booking::meet_now(&files, minutes, dry_run).await
            }
            Command::Demo => unreachable!("the demo opens a window"),
        }
    })
}

/// Prints `message` to stderr and fails.
fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("roomstart: {message}");
    ExitCode::FAILURE
}
