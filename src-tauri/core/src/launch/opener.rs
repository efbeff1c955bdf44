//! Where a validated URL goes at the end of a tap. The room holds one
//! `Opener`: the OS's URL handler in the app, a printing one for `--dry-run`,
//! a recording one in tests and benches.
//!
//! On Linux the OS opener is `xdg-open`, which routes by scheme to the
//! registered handler (the Zoom client's launcher, or a browser). The URL
//! necessarily crosses to that handler as an argument; Roomstart's own
//! arguments never carry it. The window never hands a `start_url` (Zoom's
//! launcher page) to the OS: its opener runs the page in a hidden web view
//! and passes on only the checked `zoommtg:` link (`super::client_start`).

use std::future::Future;
use std::pin::Pin;
use std::process::Stdio;
use std::sync::Mutex;
use std::time::Duration;

use tokio::process::Command;

use crate::launch::LaunchUrl;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the system URL opener ({program}) could not be run: {reason}")]
    NoOpener {
        program: &'static str,
        reason: String,
    },
    #[error(
        "no application on this computer opens {scheme} links (the opener exited with {code})"
    )]
    NoHandler { scheme: String, code: i32 },
    /// The hidden web view that runs Zoom's launcher page could not be made.
    #[error("the hidden web view for zoom's launcher page could not be opened: {reason}")]
    NoLauncherView { reason: String },
    /// Zoom's launcher page handed no link to the Zoom client before the tap's deadline.
    #[error("zoom's launcher page handed nothing to the zoom client in time")]
    NoClientLink,
    /// Zoom's launcher page handed on a link that is not this meeting's on a Zoom host.
    #[error("the link zoom's launcher page handed on was refused: {0}")]
    ClientLinkRefused(#[from] super::Error),
}

pub type Opening<'a> = Pin<Box<dyn Future<Output = Result<(), Error>> + Send + 'a>>;

/// Hands a validated URL on. `wait` is what is left of the tap's deadline for
/// the handler to refuse it; a handler still running then counts as launched.
pub trait Opener: Send + Sync {
    fn open<'a>(&'a self, url: &'a LaunchUrl, wait: Duration) -> Opening<'a>;
}

/// The operating system's URL handler: `xdg-open`, `open` or `rundll32`.
pub struct SystemOpener;

/// The longest the OS opener is waited for: browsers and the Zoom client may
/// keep it running long after the link has reached them.
pub const EXIT_WAIT: Duration = Duration::from_secs(3);

impl Opener for SystemOpener {
    fn open<'a>(&'a self, url: &'a LaunchUrl, wait: Duration) -> Opening<'a> {
        Box::pin(open_with_os(url, wait.min(EXIT_WAIT)))
    }
}

/// `--dry-run`: prints the URL with its secrets redacted and opens nothing.
pub struct PrintingOpener;

impl Opener for PrintingOpener {
    fn open<'a>(&'a self, url: &'a LaunchUrl, _wait: Duration) -> Opening<'a> {
        println!("{}", url.redacted());
        Box::pin(async { Ok(()) })
    }
}

/// Keeps every URL it is handed, in memory, for tests and benches to read.
#[derive(Default)]
pub struct RecordingOpener {
    opened: Mutex<Vec<String>>,
}

impl RecordingOpener {
    /// Every URL opened so far, oldest first, unredacted.
    pub fn opened(&self) -> Vec<String> {
        self.opened
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

impl Opener for RecordingOpener {
    fn open<'a>(&'a self, url: &'a LaunchUrl, _wait: Duration) -> Opening<'a> {
        self.opened
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(url.expose().to_string());
        Box::pin(async { Ok(()) })
    }
}

async fn open_with_os(url: &LaunchUrl, wait: Duration) -> Result<(), Error> {
    let (program, args) = opener_command();
    let mut child = Command::new(program)
        .args(args)
        .arg(url.expose())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| Error::NoOpener {
            program,
            reason: e.to_string(),
        })?;
    match tokio::time::timeout(wait, child.wait()).await {
        Ok(Ok(status)) if status.success() => Ok(()),
        Ok(Ok(status)) => Err(Error::NoHandler {
            scheme: url
                .expose()
                .split(':')
                .next()
                .unwrap_or_default()
                .to_string(),
            code: status.code().unwrap_or(-1),
        }),
        Ok(Err(e)) => Err(Error::NoOpener {
            program,
            reason: e.to_string(),
        }),
        Err(_still_running) => {
            // Reap it whenever it ends, so no zombie is left behind.
            tokio::spawn(async move { child.wait().await });
            Ok(())
        }
    }
}

/// By absolute path: whoever sits at the computer can change `PATH`, and the
/// program found first would receive every `start_url`.
fn opener_command() -> (&'static str, &'static [&'static str]) {
    if cfg!(target_os = "macos") {
        ("/usr/bin/open", &[])
    } else if cfg!(windows) {
        (
            r"C:\Windows\System32\rundll32.exe",
            &["url.dll,FileProtocolHandler"],
        )
    } else {
        ("/usr/bin/xdg-open", &[])
    }
}
