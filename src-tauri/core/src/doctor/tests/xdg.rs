use std::ffi::OsString;
use std::path::PathBuf;

use crate::doctor::xdg::XdgDirs;

fn from(vars: &[(&str, &str)]) -> XdgDirs {
    XdgDirs::from_vars(|name| {
        vars.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| OsString::from(v))
    })
}

fn paths(list: &[&str]) -> Vec<PathBuf> {
    list.iter().map(PathBuf::from).collect()
}

#[test]
fn unset_variables_take_the_specs_defaults() {
    let xdg = from(&[("HOME", "/home/room")]);
    assert_eq!(xdg.config_home, PathBuf::from("/home/room/.config"));
    assert_eq!(xdg.config_dirs, paths(&["/etc/xdg"]));
    assert_eq!(xdg.data_home, PathBuf::from("/home/room/.local/share"));
    assert_eq!(xdg.data_dirs, paths(&["/usr/local/share", "/usr/share"]));
    assert!(xdg.desktops.is_empty());
}

#[test]
fn relative_paths_are_ignored_and_desktops_lowercased() {
    let xdg = from(&[
        ("HOME", "/home/room"),
        ("XDG_CONFIG_HOME", "relative/config"),
        ("XDG_CONFIG_DIRS", "/etc/site-xdg:relative:/etc/xdg"),
        ("XDG_DATA_DIRS", ""),
        ("XDG_CURRENT_DESKTOP", "ubuntu:GNOME"),
    ]);
    assert_eq!(xdg.config_home, PathBuf::from("/home/room/.config"));
    assert_eq!(xdg.config_dirs, paths(&["/etc/site-xdg", "/etc/xdg"]));
    assert_eq!(xdg.data_dirs, paths(&["/usr/local/share", "/usr/share"]));
    assert_eq!(xdg.desktops, vec!["ubuntu", "gnome"]);
}
