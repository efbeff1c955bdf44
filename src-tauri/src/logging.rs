//! Structured logs to a size-capped file in the platform's log directory (and
//! to stderr for the window). Secrets cannot reach them: they are `Secret`s,
//! which print as `[redacted]`, and URLs are logged only redacted.

use roomstart_core::logfile::RotatingLog;
use roomstart_core::paths;
use roomstart_core::setup::config::{self, ConfigFiles};
use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{fmt, Layer};

const MAX_LOG_BYTES: u64 = 5 * 1024 * 1024;
const KEEP_LOGS: usize = 5;

/// `ROOMSTART_LOG` (`debug`, or `roomstart_core=trace,info`) overrides the
/// level from the configuration.
pub fn init(files: &ConfigFiles, to_stderr: bool) {
    let level = config::load(files).map_or("info", |l| l.config.log.level.as_str());
    let targets = targets(std::env::var("ROOMSTART_LOG").ok().as_deref(), level);
    let file_layer = RotatingLog::open(&paths::log_dir(), MAX_LOG_BYTES, KEEP_LOGS)
        .ok()
        .map(|log| {
            fmt::layer()
                .with_ansi(false)
                .with_writer(move || log.clone())
                .with_filter(targets.clone())
        });
    let stderr_layer = to_stderr.then(|| {
        fmt::layer()
            .with_writer(std::io::stderr)
            .with_filter(targets.clone())
    });
    let _ = tracing_subscriber::registry()
        .with(file_layer)
        .with(stderr_layer)
        .try_init();
}

/// `ROOMSTART_LOG`'s directives if they read, else the configured level.
fn targets(from_env: Option<&str>, level: &str) -> Targets {
    from_env
        .and_then(|directives| directives.parse().ok())
        .unwrap_or_else(|| {
            Targets::new().with_default(level.parse::<LevelFilter>().unwrap_or(LevelFilter::INFO))
        })
}

#[cfg(test)]
mod tests {
    use super::targets;
    use tracing::Level;

    #[test]
    fn the_environment_overrides_the_configured_level() {
        let configured = targets(None, "warn");
        assert!(configured.would_enable("roomstart_core::room", &Level::WARN));
        assert!(!configured.would_enable("roomstart_core::room", &Level::INFO));

        let targeted = targets(Some("roomstart_core=trace,info"), "warn");
        assert!(targeted.would_enable("roomstart_core::room", &Level::TRACE));
        assert!(targeted.would_enable("hyper", &Level::INFO));
        assert!(!targeted.would_enable("hyper", &Level::DEBUG));

        let unreadable = targets(Some("=!"), "debug");
        assert!(unreadable.would_enable("hyper", &Level::DEBUG));
    }
}
