//! Whether other local accounts can read this account's command lines. A
//! start link, with its ZAK, is an argument of `xdg-open` and of the browser
//! it starts, and `/proc/<pid>/cmdline` shows it to every local user unless
//! `/proc` is mounted with `hidepid` (proc(5)): `noaccess` (1), `invisible`
//! (2) or `ptraceable` (4) keep other accounts' processes to themselves.
//! Kernels since 5.8 name the value in `/proc/mounts`; older ones print the number.

use super::{check, Check, Status};

const NAME: &str = "/proc hidepid";
const FIX: &str = "Mount /proc with hidepid, so only the room account (and root) can read its processes' arguments: \
                   in /etc/fstab, `proc /proc proc defaults,hidepid=invisible 0 0` (hidepid=2 before Linux 5.8), \
                   then `mount -o remount,hidepid=invisible /proc`. See the README's IT section.";

/// The check for this computer, from the kernel's mount table.
pub(super) fn this_computer() -> Check {
    match std::fs::read_to_string("/proc/self/mounts") {
        Ok(mounts) => hidepid_check(&mounts),
        Err(e) => check(
            NAME,
            Status::Warn,
            format!("cannot read /proc/self/mounts: {e}"),
            Some(FIX.into()),
        ),
    }
}

/// The check for `mounts`, a mount table in the `/proc/mounts` format. Only
/// a warning: the room works, but a local account could read a start link.
pub(super) fn hidepid_check(mounts: &str) -> Check {
    // The last proc mounted on /proc is the one in use (a later mount hides earlier ones).
    let options = mounts.lines().rev().find_map(|line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        match fields[..] {
            [_device, "/proc", "proc", options, ..] => Some(options),
            _ => None,
        }
    });
    let Some(options) = options else {
        return check(
            NAME,
            Status::Warn,
            "no proc file system is mounted on /proc",
            Some(FIX.into()),
        );
    };
    let hidepid = options
        .split(',')
        .find_map(|option| option.strip_prefix("hidepid="));
    let exempt = options
        .split(',')
        .find_map(|option| option.strip_prefix("gid="))
        .map(|gid| format!(" (group {gid} still sees them)"))
        .unwrap_or_default();
    match hidepid {
        Some("1" | "noaccess") => check(
            NAME,
            Status::Pass,
            format!("hidepid=noaccess: other accounts cannot read this account's command lines{exempt}"),
            None,
        ),
        Some("2" | "invisible" | "4" | "ptraceable") => check(
            NAME,
            Status::Pass,
            format!(
                "hidepid={}: other accounts cannot see this account's processes{exempt}",
                hidepid.unwrap_or_default()
            ),
            None,
        ),
        None | Some("0" | "off") => check(
            NAME,
            Status::Warn,
            "/proc is mounted without hidepid: any local account can read a start link, with its ZAK, \
             from the arguments of xdg-open and of the browser",
            Some(FIX.into()),
        ),
        Some(other) => check(
            NAME,
            Status::Warn,
            format!("/proc is mounted with hidepid={other}, a value this check does not know"),
            Some(FIX.into()),
        ),
    }
}
