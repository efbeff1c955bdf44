use std::path::PathBuf;

/// Roomstart: tap Start and the room's Zoom meeting opens as host.
#[derive(clap::Parser)]
#[command(name = "roomstart", version, about)]
pub struct Args {
    /// The configuration file (else $ROOMSTART_CONFIG, else the managed location).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(clap::Subcommand)]
pub enum Command {
    /// Open the room window on the embedded demo room: no account, no network.
    Demo,
}
