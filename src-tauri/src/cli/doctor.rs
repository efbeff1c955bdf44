use std::process::ExitCode;

use roomstart_core::doctor::{self, Status};
use roomstart_core::setup::config::ConfigFiles;

pub async fn run(files: &ConfigFiles, json: bool) -> ExitCode {
    let report = doctor::run(files, chrono::Utc::now()).await;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("the report serializes")
        );
    } else {
        for c in &report.checks {
            let mark = match c.status {
                Status::Pass => "✓",
                Status::Warn => "!",
                Status::Fail => "✗",
            };
            println!("{mark} {}: {}", c.name, c.detail);
            if c.status != Status::Pass {
                if let Some(fix) = &c.fix {
                    println!("    fix: {fix}");
                }
            }
        }
        println!(
            "{}",
            if report.ok {
                "all checks pass"
            } else {
                "some checks failed"
            }
        );
    }
    if report.ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
