use crate::doctor::proc_mounts::hidepid_check;
use crate::doctor::Status;

/// A mount table in the `/proc/mounts` format, with `proc_line` among the others.
fn table(proc_line: &str) -> String {
    format!(
        "sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0\n\
         {proc_line}\n\
         /dev/sda1 / ext4 rw,relatime,errors=remount-ro 0 0\n\
         tmpfs /run tmpfs rw,nosuid,nodev,size=3274956k,mode=755 0 0\n"
    )
}

#[track_caller]
fn check(mounts: &str, status: Status, detail_has: &str) {
    let c = hidepid_check(mounts);
    assert_eq!(c.name, "/proc hidepid");
    assert_eq!(c.status, status, "{mounts}\n{}", c.detail);
    assert!(c.detail.contains(detail_has), "{}", c.detail);
    assert_eq!(c.fix.is_some(), status == Status::Warn, "{:?}", c.fix);
}

#[test]
fn proc_without_hidepid_is_a_warning_that_says_how_to_mount_it() {
    check(
        &table("proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0"),
        Status::Warn,
        "any local account can read a start link",
    );
    check(
        &table("proc /proc proc rw,relatime,hidepid=off 0 0"),
        Status::Warn,
        "without hidepid",
    );
    check(
        &table("proc /proc proc rw,relatime,hidepid=0 0 0"),
        Status::Warn,
        "without hidepid",
    );
    let fix = hidepid_check(&table("proc /proc proc rw,relatime 0 0"))
        .fix
        .unwrap();
    assert!(
        fix.contains("hidepid=invisible") && fix.contains("/etc/fstab"),
        "{fix}"
    );
}

#[test]
fn proc_with_hidepid_passes_in_the_kernels_old_and_new_words() {
    for (options, detail) in [
        ("rw,relatime,hidepid=invisible", "hidepid=invisible"),
        ("rw,relatime,hidepid=2", "hidepid=2"),
        ("rw,relatime,hidepid=ptraceable", "hidepid=ptraceable"),
        ("rw,relatime,hidepid=noaccess", "command lines"),
        ("rw,relatime,hidepid=1", "command lines"),
        (
            "rw,relatime,gid=27,hidepid=invisible",
            "group 27 still sees them",
        ),
    ] {
        check(
            &table(&format!("proc /proc proc {options} 0 0")),
            Status::Pass,
            detail,
        );
    }
}

#[test]
fn only_the_proc_mounted_last_on_proc_counts() {
    // A container's or chroot's proc elsewhere says nothing about /proc.
    check(
        &table("proc /srv/chroot/proc proc rw,hidepid=invisible 0 0\nproc /proc proc rw 0 0"),
        Status::Warn,
        "without hidepid",
    );
    // Mounted again on top: the later one is in use.
    check(
        &table("proc /proc proc rw 0 0\nproc /proc proc rw,hidepid=invisible 0 0"),
        Status::Pass,
        "hidepid=invisible",
    );
    check(
        &table("proc /proc proc rw,hidepid=invisible 0 0\nproc /proc proc rw 0 0"),
        Status::Warn,
        "without hidepid",
    );
}

#[test]
fn a_table_without_proc_or_with_an_unknown_value_is_a_warning() {
    check("", Status::Warn, "no proc file system");
    check(
        &table("tmpfs /proc tmpfs rw 0 0"),
        Status::Warn,
        "no proc file system",
    );
    check(
        &table("proc /proc proc rw,hidepid=7 0 0"),
        Status::Warn,
        "hidepid=7",
    );
}
