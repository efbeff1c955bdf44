use std::io::{IsTerminal, Read};
use std::process::ExitCode;

use roomstart_core::setup::config::{self, ConfigFiles};
use roomstart_core::setup::keystore;
use roomstart_core::{doctor, Secret};

use super::fail;

#[derive(clap::Subcommand)]
pub enum SecretsCommand {
    /// Store a secret; the value is read from standard input, never from an argument.
    Set { name: String },
    /// Remove a secret.
    Delete { name: String },
    /// The secrets the configuration needs, and whether each is set. Never a value.
    List,
}

pub async fn run(command: SecretsCommand, files: &ConfigFiles) -> ExitCode {
    match command {
        SecretsCommand::Set { name } => set(&name).await,
        SecretsCommand::Delete { name } => {
            if let Err(e) = keystore::check_name(&name) {
                return fail(e);
            }
            match keystore::delete(&name).await {
                Ok(()) => {
                    println!("deleted {name}");
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        SecretsCommand::List => list(files).await,
    }
}

async fn set(name: &str) -> ExitCode {
    if let Err(e) = keystore::check_name(name) {
        return fail(e);
    }
    let mut stdin = std::io::stdin();
    if stdin.is_terminal() {
        // Typing it would show it on screen and in the scrollback.
        return fail(format!(
            "pipe the value in, e.g. printf '%s' \"$VALUE\" | roomstart secrets set {name}"
        ));
    }
    let mut value = String::new();
    if let Err(e) = stdin.read_to_string(&mut value) {
        return fail(format!("could not read the value from standard input: {e}"));
    }
    let value = value
        .strip_suffix('\n')
        .map(|v| v.strip_suffix('\r').unwrap_or(v))
        .unwrap_or(&value);
    if value.is_empty() {
        return fail("the value on standard input is empty");
    }
    match keystore::persist(name, &Secret::new(value)).await {
        Ok(()) => {
            println!("stored {name} in the keyring");
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

async fn list(files: &ConfigFiles) -> ExitCode {
    let names = match config::load(files) {
        Ok(loaded) => doctor::required_secrets(&loaded.config),
        Err(e) => {
            return fail(format!(
                "{e}\n(the secrets a room needs come from its configuration)"
            ))
        }
    };
    let mut all_set = true;
    for name in names {
        match keystore::retrieve(&name).await {
            Ok(Some(_)) => println!("✓ {name}  set"),
            Ok(None) => {
                all_set = false;
                println!(
                    "✗ {name}  not set: printf '%s' \"$VALUE\" | roomstart secrets set {name}"
                );
            }
            Err(e) => return fail(e),
        }
    }
    if all_set {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
