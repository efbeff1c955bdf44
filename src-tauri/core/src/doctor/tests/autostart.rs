use super::{tree, xdg_under};
use crate::doctor::autostart::{autostart_check, turned_off_by};
#[cfg(unix)]
use crate::doctor::Status;

const SYSTEM_ENTRY: &str = "etc/xdg/autostart/roomstart.desktop";
const USER_ENTRY: &str = "home/.config/autostart/roomstart.desktop";
const PACKAGED_ENTRY: &str =
    include_str!("../../../../../packaging/linux/roomstart-autostart.desktop");
const PACKAGED_UNIT: &str = include_str!("../../../../../packaging/linux/roomstart.service");
const UNIT: &str = "usr/lib/systemd/user/roomstart.service";

/// `expected` is the whole detail, with `{root}` for the test's `/`.
#[cfg(unix)]
fn check(files: &[(&str, &str)], status: Status, expected: &str) {
    let root = tree(files);
    let c = autostart_check(root.path(), &xdg_under(root.path()));
    let expected = expected.replace("{root}", &root.path().display().to_string());
    assert_eq!(
        (c.status, c.detail.as_str()),
        (status, expected.as_str()),
        "{files:?}"
    );
    assert_eq!(c.fix.is_some(), status != Status::Pass, "{:?}", c.fix);
}

// Linux paths: "/etc/xdg" is not absolute on Windows, which joins with '\'.
#[cfg(unix)]
#[test]
fn the_packaged_entry_and_unit_start_roomstart_at_login() {
    check(
        &[(SYSTEM_ENTRY, PACKAGED_ENTRY), (UNIT, PACKAGED_UNIT)],
        Status::Pass,
        "starts at login: autostart entry {root}/etc/xdg/autostart/roomstart.desktop, user unit {root}/usr/lib/systemd/user/roomstart.service",
    );
    // systemd's order: the account's units, then /etc, then /usr/lib.
    check(
        &[
            (SYSTEM_ENTRY, PACKAGED_ENTRY),
            (UNIT, PACKAGED_UNIT),
            ("etc/systemd/user/roomstart.service", PACKAGED_UNIT),
        ],
        Status::Pass,
        "starts at login: autostart entry {root}/etc/xdg/autostart/roomstart.desktop, user unit {root}/etc/systemd/user/roomstart.service",
    );
    check(
        &[
            (SYSTEM_ENTRY, PACKAGED_ENTRY),
            ("home/.config/systemd/user/roomstart.service", PACKAGED_UNIT),
        ],
        Status::Pass,
        "starts at login: autostart entry {root}/etc/xdg/autostart/roomstart.desktop, user unit {root}/home/.config/systemd/user/roomstart.service",
    );
}

// Linux paths: "/etc/xdg" is not absolute on Windows, which joins with '\'.
#[cfg(unix)]
#[test]
fn only_the_most_important_autostart_entry_counts() {
    check(
        &[
            (SYSTEM_ENTRY, PACKAGED_ENTRY),
            (USER_ENTRY, "[Desktop Entry]\nHidden=true\n"),
            (UNIT, PACKAGED_UNIT),
        ],
        Status::Warn,
        "{root}/home/.config/autostart/roomstart.desktop turns autostart off for this account (Hidden=true); found user unit {root}/usr/lib/systemd/user/roomstart.service",
    );
    check(
        &[
            (SYSTEM_ENTRY, PACKAGED_ENTRY),
            (USER_ENTRY, "[Desktop Entry]\nX-GNOME-Autostart-enabled=false\n"),
            (UNIT, PACKAGED_UNIT),
        ],
        Status::Warn,
        "{root}/home/.config/autostart/roomstart.desktop turns autostart off for this account (X-GNOME-Autostart-enabled=false); found user unit {root}/usr/lib/systemd/user/roomstart.service",
    );
    // The account's copy turns back on what the system copy hides.
    check(
        &[
            (SYSTEM_ENTRY, "[Desktop Entry]\nHidden=true\n"),
            (USER_ENTRY, "[Desktop Entry]\nExec=/usr/lib/roomstart/autostart\nHidden=false\n"),
            (UNIT, PACKAGED_UNIT),
        ],
        Status::Pass,
        "starts at login: autostart entry {root}/home/.config/autostart/roomstart.desktop (this account's copy, in place of {root}/etc/xdg/autostart/roomstart.desktop), user unit {root}/usr/lib/systemd/user/roomstart.service",
    );
    check(
        &[(SYSTEM_ENTRY, "[Desktop Entry]\nHidden=true\n"), (UNIT, PACKAGED_UNIT)],
        Status::Warn,
        "{root}/etc/xdg/autostart/roomstart.desktop turns autostart off for this account (Hidden=true); found user unit {root}/usr/lib/systemd/user/roomstart.service",
    );
}

// Linux paths: "/etc/xdg" is not absolute on Windows, which joins with '\'.
#[cfg(unix)]
#[test]
fn what_is_missing_is_named_with_where_it_was_looked_for() {
    check(
        &[(UNIT, PACKAGED_UNIT)],
        Status::Warn,
        "no autostart entry (looked in {root}/home/.config/autostart, {root}/etc/xdg/autostart); found user unit {root}/usr/lib/systemd/user/roomstart.service",
    );
    check(
        &[(SYSTEM_ENTRY, PACKAGED_ENTRY)],
        Status::Warn,
        "no roomstart.service (looked in {root}/home/.config/systemd/user, {root}/etc/systemd/user, {root}/usr/lib/systemd/user); found autostart entry {root}/etc/xdg/autostart/roomstart.desktop",
    );
    check(
        &[
            (SYSTEM_ENTRY, PACKAGED_ENTRY),
            (UNIT, PACKAGED_UNIT),
            ("home/.config/systemd/user/roomstart.service", ""),
        ],
        Status::Warn,
        "{root}/home/.config/systemd/user/roomstart.service masks roomstart.service; found autostart entry {root}/etc/xdg/autostart/roomstart.desktop",
    );
}

#[test]
fn every_problem_gets_its_fix() {
    let root = tree(&[(USER_ENTRY, "[Desktop Entry]\nHidden=true\n")]);
    let c = autostart_check(root.path(), &xdg_under(root.path()));
    let fix = c.fix.unwrap();
    assert!(
        fix.starts_with(
            "Reinstall the roomstart package, which installs /usr/lib/systemd/user/roomstart.service. Remove Hidden=true from "
        ),
        "{fix}"
    );
    let root = tree(&[]);
    assert_eq!(
        autostart_check(root.path(), &xdg_under(root.path())).fix.unwrap(),
        "Reinstall the roomstart package, which installs /etc/xdg/autostart/roomstart.desktop and /usr/lib/systemd/user/roomstart.service."
    );
    let root = tree(&[
        (SYSTEM_ENTRY, PACKAGED_ENTRY),
        (USER_ENTRY, "[Desktop Entry]\nHidden=true\n"),
        (UNIT, PACKAGED_UNIT),
    ]);
    let fix = autostart_check(root.path(), &xdg_under(root.path()))
        .fix
        .unwrap();
    assert!(fix.starts_with("Delete "), "{fix}");
    assert!(fix.contains("(it overrides "), "{fix}");
}

#[cfg(unix)]
#[test]
fn a_unit_linked_to_dev_null_is_masked() {
    let root = tree(&[(SYSTEM_ENTRY, PACKAGED_ENTRY), (UNIT, PACKAGED_UNIT)]);
    let link = root.path().join("etc/systemd/user/roomstart.service");
    std::fs::create_dir_all(link.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink("/dev/null", &link).unwrap();
    let c = autostart_check(root.path(), &xdg_under(root.path()));
    assert_eq!(c.status, Status::Warn);
    assert!(
        c.detail.starts_with(&format!("{} masks", link.display())),
        "{}",
        c.detail
    );
    assert!(c
        .fix
        .unwrap()
        .contains("systemctl --user unmask roomstart.service"));
}

#[test]
fn keys_count_only_in_the_desktop_entry_group() {
    let cases: &[(&str, Option<&str>)] = &[
        ("[Desktop Entry]\nHidden=true\n", Some("Hidden=true")),
        ("[Desktop Entry]\nHidden = true\n", Some("Hidden=true")),
        ("[Desktop Entry]\nHidden=false\n", None),
        (
            "[Desktop Entry]\nX-GNOME-Autostart-enabled=false\n",
            Some("X-GNOME-Autostart-enabled=false"),
        ),
        ("[Desktop Entry]\nX-GNOME-Autostart-enabled=true\n", None),
        ("[Desktop Entry]\n# Hidden=true\n", None),
        (
            "[Desktop Entry]\nExec=x\n[Desktop Action off]\nHidden=true\n",
            None,
        ),
        (PACKAGED_ENTRY, None),
    ];
    for (text, expected) in cases {
        assert_eq!(turned_off_by(text), *expected, "{text:?}");
    }
}
