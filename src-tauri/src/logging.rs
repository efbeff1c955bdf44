//! Structured logs to a size-capped file in the platform's log directory (and
//! to stderr for the window). Secrets cannot reach them: they are `Secret`s,
//! which print as `[redacted]`, and URLs are logged only redacted.

use roomstart_core::logfile::RotatingLog;
use roomstart_core::paths;
use roomstart_core::setup::config::{self, ConfigFiles};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{fmt, EnvFilter, Layer};

const MAX_LOG_BYTES: u64 = 5 * 1024 * 1024;
const KEEP_LOGS: usize = 5;

/// `ROOMSTART_LOG` overrides the level from the configuration.
pub fn init(files: &ConfigFiles, to_stderr: bool) {
    let level = config::load(files).map_or("info", |l| l.config.log.level.as_str());
    let filter =
        || EnvFilter::try_from_env("ROOMSTART_LOG").unwrap_or_else(|_| EnvFilter::new(level));
    let file_layer = RotatingLog::open(&paths::log_dir(), MAX_LOG_BYTES, KEEP_LOGS)
        .ok()
        .map(|log| {
            fmt::layer()
                .with_ansi(false)
                .with_writer(move || log.clone())
                .with_filter(filter())
        });
    let stderr_layer = to_stderr.then(|| {
        fmt::layer()
            .with_writer(std::io::stderr)
            .with_filter(filter())
    });
    let _ = tracing_subscriber::registry()
        .with(file_layer)
        .with(stderr_layer)
        .try_init();
}
