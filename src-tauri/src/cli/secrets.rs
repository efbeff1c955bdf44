use std::io::{IsTerminal, Read};
use std::process::ExitCode;

use roomstart_core::setup::config::{self, ConfigFiles};
use roomstart_core::setup::keystore;
use roomstart_core::{doctor, Secret};

use super::fail;

#[derive(clap::Subcommand)]
pub enum SecretsCommand {
    /// Store a secret, never taken from an argument: the value is read from standard
    /// input, or typed at a hidden prompt when standard input is a terminal.
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
    let stdin = std::io::stdin();
    let value = if stdin.is_terminal() {
        typed_value(name)
    } else {
        piped_value(stdin)
    };
    let value = match value {
        Ok(value) => value,
        Err(code) => return code,
    };
    if keystore::is_feed(name) {
        if let Err(why) = roomstart_core::setup::endpoints::check_feed(value.expose()) {
            return fail(format!("{name} not stored: {why}"));
        }
    }
    match keystore::persist(name, &value).await {
        Ok(()) => {
            println!("stored {name} in the keyring");
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

/// The value from a pipe or a redirected file, less one final line ending.
fn piped_value(mut stdin: std::io::Stdin) -> Result<Secret, ExitCode> {
    let mut value = String::new();
    if let Err(e) = stdin.read_to_string(&mut value) {
        return Err(fail(format!(
            "could not read the value from standard input: {e}"
        )));
    }
    let value = value
        .strip_suffix('\n')
        .map(|v| v.strip_suffix('\r').unwrap_or(v))
        .unwrap_or(&value);
    if value.is_empty() {
        return Err(fail("the value on standard input is empty"));
    }
    Ok(Secret::new(value))
}

/// One line typed at the terminal with echo off, so the value is neither on
/// screen nor in the scrollback.
fn typed_value(name: &str) -> Result<Secret, ExitCode> {
    if name == keystore::names::GOOGLE_SERVICE_ACCOUNT {
        // A key file has many lines: a prompt would keep the first, and the
        // rest of a paste would reach the shell, echoed and in its history.
        return Err(fail(format!(
            "{name} is a JSON key file; redirect it in: roomstart secrets set {name} < key.json"
        )));
    }
    let prompt = format!("Value for {name} (typing is hidden): ");
    let error = match rpassword::prompt_password(prompt) {
        Ok(value) if value.is_empty() => {
            return Err(fail(format!("no value was typed; {name} was not stored")))
        }
        Ok(value) => return Ok(Secret::new(value)),
        Err(e) => e,
    };
    // Enter ends the prompt's line; Ctrl-D and a failed read do not.
    if std::io::stderr().is_terminal() {
        eprintln!();
    }
    Err(fail(match error.kind() {
        std::io::ErrorKind::UnexpectedEof => {
            format!("the input ended before a value was typed; {name} was not stored")
        }
        // An io::Error from the terminal never holds what was typed.
        _ => format!("could not read the value from the terminal: {error}; {name} was not stored"),
    }))
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
                    "✗ {name}  not set: {}",
                    keystore::set_command(&name, "VALUE")
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
