//! Where a validated URL goes at the end of a tap. The room holds one
//! `Opener`: the OS's URL handler in the app, a printing one for `--dry-run`,
//! a recording one in tests and benches.
//!
//! On Linux the OS opener is `xdg-open`, which routes by scheme to the
//! registered handler (the Zoom client's launcher, or a browser). The URL
//! necessarily crosses to that handler as an argument; Roomstart's own
//! arguments never carry it. On Windows it is `ShellExecuteExW`, asked to show
//! no dialog of its own: a scheme nothing handles comes back as `NoHandler`,
//! in words on the room screen, not as a message box no one there can close. The window never hands a `start_url` (Zoom's
//! launcher page) to the OS: its opener runs the page in a hidden web view
//! and passes on only the checked `zoommtg:` link (`super::client_start`).

use std::future::Future;
use std::pin::Pin;
#[cfg(not(windows))]
use std::process::Stdio;
use std::sync::Mutex;
use std::time::Duration;

#[cfg(not(windows))]
use tokio::process::Command;

use crate::launch::LaunchUrl;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the system URL opener ({program}) could not be run: {reason}")]
    NoOpener {
        program: &'static str,
        reason: String,
    },
    /// `code`: the opener's exit status, or Windows' error code.
    #[error("no application on this computer opens {scheme} links (the opener's code: {code})")]
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

/// The operating system's URL handler: `xdg-open`, `open` or `ShellExecuteExW`.
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

fn scheme(url: &LaunchUrl) -> String {
    url.expose()
        .split(':')
        .next()
        .unwrap_or_default()
        .to_string()
}

/// ShellExecuteExW blocks until the handler has the URL (`SEE_MASK_NOASYNC`),
/// so it runs off the runtime; a handler still busy at `wait` counts as
/// launched, as on the other systems.
#[cfg(windows)]
async fn open_with_os(url: &LaunchUrl, wait: Duration) -> Result<(), Error> {
    let url = url.clone();
    let opening = tokio::task::spawn_blocking(move || shell_execute(&url));
    match tokio::time::timeout(wait, opening).await {
        Ok(Ok(opened)) => opened,
        Ok(Err(e)) => Err(Error::NoOpener {
            program: "ShellExecuteExW",
            reason: e.to_string(),
        }),
        Err(_still_running) => Ok(()),
    }
}

#[cfg(windows)]
fn shell_execute(url: &LaunchUrl) -> Result<(), Error> {
    use windows::core::{w, HSTRING, PCWSTR};
    use windows::Win32::Foundation::ERROR_NO_ASSOCIATION;
    use windows::Win32::System::Com::{
        CoInitializeEx, CoUninitialize, COINIT_APARTMENTTHREADED, COINIT_DISABLE_OLE1DDE,
    };
    use windows::Win32::UI::Shell::{
        ShellExecuteExW, SEE_MASK_FLAG_NO_UI, SEE_MASK_NOASYNC, SE_ERR_NOASSOC, SHELLEXECUTEINFOW,
    };
    let file = HSTRING::from(url.expose());
    let mut info = SHELLEXECUTEINFOW {
        cbSize: std::mem::size_of::<SHELLEXECUTEINFOW>() as u32,
        fMask: SEE_MASK_FLAG_NO_UI | SEE_MASK_NOASYNC,
        lpVerb: w!("open"),
        lpFile: PCWSTR(file.as_ptr()),
        nShow: 1, // SW_SHOWNORMAL
        ..Default::default()
    };
    // SAFETY: `info` and the strings it points to outlive the call. Shell
    // handlers may be COM objects, so this (blocking-pool) thread joins COM
    // for the call and leaves it after, as ShellExecuteExW's documentation asks.
    let opened = unsafe {
        let com = CoInitializeEx(None, COINIT_APARTMENTTHREADED | COINIT_DISABLE_OLE1DDE);
        let opened = ShellExecuteExW(&mut info);
        if com.is_ok() {
            CoUninitialize();
        }
        opened
    };
    let Err(e) = opened else {
        return Ok(());
    };
    if e.code() == ERROR_NO_ASSOCIATION.to_hresult()
        || info.hInstApp.0 as usize == SE_ERR_NOASSOC as usize
    {
        return Err(Error::NoHandler {
            scheme: scheme(url),
            code: ERROR_NO_ASSOCIATION.0 as i32,
        });
    }
    Err(Error::NoOpener {
        program: "ShellExecuteExW",
        reason: e.message(),
    })
}

#[cfg(not(windows))]
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
            scheme: scheme(url),
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
#[cfg(not(windows))]
fn opener_command() -> (&'static str, &'static [&'static str]) {
    if cfg!(target_os = "macos") {
        ("/usr/bin/open", &[])
    } else {
        ("/usr/bin/xdg-open", &[])
    }
}
