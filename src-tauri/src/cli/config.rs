use std::process::ExitCode;

use roomstart_core::setup::config::{self, ConfigFiles, Origin};

use super::fail;

#[derive(clap::Subcommand)]
pub enum ConfigCommand {
    /// The files read, in order; later ones override what the managed file allows.
    Path,
    /// Every effective value and where it came from.
    Show,
    /// Read the configuration and report the first problem, with its file and line.
    Check,
}

pub fn run(command: ConfigCommand, files: &ConfigFiles) -> ExitCode {
    match command {
        ConfigCommand::Path => {
            let state = |p: &std::path::Path| if p.exists() { "" } else { "  (absent)" };
            println!(
                "managed: {}{}",
                files.managed.display(),
                state(&files.managed)
            );
            if let Some(user) = &files.user {
                println!("user:    {}{}", user.display(), state(user));
            }
            ExitCode::SUCCESS
        }
        ConfigCommand::Show => match config::load(files) {
            Ok(loaded) => {
                let width = loaded
                    .values
                    .iter()
                    .map(|(k, v, _)| k.len() + v.len() + 3)
                    .max()
                    .unwrap_or(0);
                for (key, value, origin) in loaded.values {
                    let line = format!("{key} = {value}");
                    let from = match origin {
                        Origin::Default => "default".to_string(),
                        Origin::File(p) => p.display().to_string(),
                    };
                    println!("{line:width$}  # {from}");
                }
                ExitCode::SUCCESS
            }
            Err(e) => fail(e),
        },
        ConfigCommand::Check => match config::load(files) {
            Ok(loaded) => {
                println!(
                    "configuration is valid (room \"{}\")",
                    loaded.config.room.name
                );
                ExitCode::SUCCESS
            }
            Err(e) => fail(e),
        },
    }
}
