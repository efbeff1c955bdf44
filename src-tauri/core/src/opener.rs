//! The one place that hands a URL to the operating system.
//!
//! On Linux this is `xdg-open`, which routes by scheme to the registered
//! handler (the Zoom client's launcher, or a browser). The URL necessarily
//! crosses to that handler as an argument; Roomstart's own arguments never
//! carry it.

use std::process::Stdio;
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
}

/// A handler that has not exited by then is taken as launched (browsers and
/// the Zoom client may keep the opener waiting).
const EXIT_WAIT: Duration = Duration::from_secs(3);

pub async fn open(url: &LaunchUrl) -> Result<(), Error> {
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
    match tokio::time::timeout(EXIT_WAIT, child.wait()).await {
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

fn opener_command() -> (&'static str, &'static [&'static str]) {
    if cfg!(target_os = "macos") {
        ("open", &[])
    } else if cfg!(windows) {
        ("rundll32", &["url.dll,FileProtocolHandler"])
    } else {
        ("xdg-open", &[])
    }
}
