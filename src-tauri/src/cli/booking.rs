//! `roomstart book now|extend|end`, `roomstart check-in` and `roomstart
//! meet-now`: the screen's booking buttons from a shell, with the same rules
//! (the same core calls, the same hourly limit, kept in the same ledger).

use std::process::ExitCode;

use chrono::Utc;
use roomstart_core::room::view::PersonMessage;
use roomstart_core::room::Room;
use roomstart_core::setup::config::ConfigFiles;
use roomstart_core::words::{say, say_with};

use super::fail;
use super::meeting::room;

#[derive(clap::Subcommand)]
pub enum BookCommand {
    /// Book the room from this minute: 15, 30 or 60 minutes, never past the next booking.
    Now {
        #[arg(long, default_value_t = 30)]
        minutes: u32,
    },
    /// The meeting on now runs longer: 15 or 30 minutes, if the time after it is free.
    Extend {
        #[arg(long, default_value_t = 15)]
        minutes: u32,
    },
    /// The meeting on now ends this minute.
    End,
}

pub async fn book(files: &ConfigFiles, command: BookCommand) -> ExitCode {
    let room = match room(files, false).await {
        Ok(room) => room,
        Err(code) => return code,
    };
    let now = Utc::now();
    let (answer, words) = match command {
        BookCommand::Now { minutes } => (room.book_now(minutes, now).await, "booking.booked_until"),
        BookCommand::Extend { minutes } => {
            (room.extend(minutes, now).await, "booking.extended_until")
        }
        BookCommand::End => (room.end_early(now).await, "booking.ended"),
    };
    match answer {
        Ok(booked) => said(&room, words, booked.end),
        Err(e) => fail(PersonMessage::from(&e).message),
    }
}

pub async fn check_in(files: &ConfigFiles) -> ExitCode {
    let room = match room(files, false).await {
        Ok(room) => room,
        Err(code) => return code,
    };
    match room.check_in(None, Utc::now()).await {
        Ok(_) => {
            println!("{}", say("booking.checked_in"));
            ExitCode::SUCCESS
        }
        Err(e) => fail(PersonMessage::from(&e).message),
    }
}

/// Prints the meeting's ID, passcode and numbers, and the join link's QR code
/// as text, which a phone can scan from the terminal.
pub async fn meet_now(files: &ConfigFiles, minutes: u32, dry_run: bool) -> ExitCode {
    let room = match room(files, dry_run).await {
        Ok(room) => room,
        Err(code) => return code,
    };
    match room.meet_now(minutes, Utc::now()).await {
        Ok(made) => {
            println!("{}: {}", say("booking.meet_now_id"), made.meeting_id);
            if let Some(passcode) = &made.passcode {
                println!("{}: {passcode}", say("booking.meet_now_passcode"));
            }
            if !made.numbers.is_empty() {
                println!(
                    "{}: {}",
                    say("booking.meet_now_numbers"),
                    made.numbers.join(", ")
                );
            }
            match (&made.booked_until, &made.not_booked) {
                (Some(until), _) => println!(
                    "{}",
                    say_with("booking.meet_now_booked", &[("time", until)])
                ),
                (None, Some(why)) => println!("{}", why.message),
                (None, None) => {}
            }
            println!("{}", roomstart_core::qr::as_text(&made.qr));
            ExitCode::SUCCESS
        }
        Err(e) => fail(PersonMessage::from(&e).message),
    }
}

fn said(room: &Room, key: &str, at: chrono::DateTime<Utc>) -> ExitCode {
    println!("{}", say_with(key, &[("time", &room.time_words(at))]));
    ExitCode::SUCCESS
}
