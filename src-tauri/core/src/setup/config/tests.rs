use super::*;

#[test]
fn broken_files_name_the_line_and_the_fix() {
    let check = |text: &str, expected: &str| {
        let err = parse(text, "room.toml").unwrap_err().to_string();
        assert!(err.starts_with("room.toml:"), "{err}");
        assert!(err.contains(expected), "{err} should contain {expected}");
    };
    check(
        "[room]\nname = \"A\"\ncolour = \"red\"\n",
        "room.toml:3: unknown field `colour`",
    );
    check("[room]\nname = 5\n", "room.toml:2: invalid type");
    check(
        "[room]\nname = \"A\"\ntimezone = \"Mars/Base\"\n",
        "room.toml:3: unknown time zone",
    );
    check("[room\n", "room.toml:1");
    check("", "missing field `room`");
    check("[room]\nname = \"A\"\n[log]\nlevel = \"chatty\"\n", "room.toml:4: unknown variant `chatty`, expected one of `error`, `warn`, `info`, `debug`, `trace`");
    check(
        "[room]\nname = \"A\"\n[zoom]\naccount_id = \"a\"\n",
        "missing field `client_id`",
    );
    check(
        "[room]\nname = \"A\"\n[zoom]\naccount_id = \"a\"\nclient_id = \"c\"\ncloud = \"azure\"\n",
        "room.toml:6: unknown variant `azure`",
    );
    check(
        "[room]\nname = \"A\"\nstart_early_minutes = -5\n",
        "room.toml:3: invalid value",
    );
    check(
        "[room]\nname = \"A\"\n[[ics]]\nname = \"x\"\nurl = \"https://secret\"\n",
        "room.toml:5: unknown field `url`",
    );
    check(
        "[room]\nname = \"A\"\n[screen]\nclock = \"13h\"\n",
        "room.toml:4: unknown variant `13h`, expected `12h` or `24h`",
    );
    check(
        "[room]\nname = \"A\"\n[screen]\nawake = { from = \"7am\" }\n",
        "room.toml:4: \"7am\" is not a time; write HH:MM",
    );
    check(
        "[room]\nname = \"A\"\n[screen]\ndial_in_numbers = [\"+44 20 3481 5240\", \"call <b>me</b>\"]\n",
        "room.toml:4: dial_in_numbers: \"call <b>me</b>\" is not a phone number",
    );
    check(
        "[room]\nname = \"A\"\n[[google]]\nname = \"g\"\ncalendar_id = \"c\"\npoll_seconds = 10\n",
        "room.toml:6: poll_seconds = 10 is too short for a calendar: write 15 or more",
    );
    check(
        "[room]\nname = \"A\"\n[zoom]\naccount_id = \"a\"\nclient_id = \"c\"\npoll_seconds = 59\n",
        "room.toml:6: poll_seconds = 59 is too short for zoom: write 60 or more",
    );
    check(
        "[room]\nname = \"A\"\n[[graph]]\nname = \"g\"\ntenant_id = \"t\"\nclient_id = \"c\"\nmailbox = \"m\"\npoll_seconds = -1\n",
        "room.toml:8: invalid value",
    );
}

#[test]
fn each_source_may_poll_on_its_own_interval() {
    let c = parse(
        "[room]\nname = \"A\"\n[zoom]\naccount_id = \"a\"\nclient_id = \"c\"\npoll_seconds = 600\n[[ics]]\nname = \"feed\"\nfile = \"/tmp/x.ics\"\npoll_seconds = 15\n[[ics]]\nname = \"other\"\nfile = \"/tmp/y.ics\"\n",
        "room.toml",
    )
    .unwrap();
    assert_eq!(c.poll_intervals(), (vec![("feed", 15)], Some(600)));
}

fn files(managed: &str, user: Option<&str>) -> (ConfigFiles, std::path::PathBuf) {
    // A folder per call: tests run in parallel and each removes its own.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("roomstart-config-{}-{call}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("managed.toml"), managed).unwrap();
    if let Some(user) = user {
        std::fs::write(dir.join("user.toml"), user).unwrap();
    }
    let files = ConfigFiles {
        managed: dir.join("managed.toml"),
        user: Some(dir.join("user.toml")),
        provisioned: None,
    };
    (files, dir)
}

#[test]
fn the_user_file_overrides_only_what_the_managed_file_allows() {
    let managed = "[room]\nname = \"Aurora\"\ntimezone = \"Europe/Berlin\"\n[admin]\nuser_may_override = [\"room.timezone\", \"log.level\"]\n";
    let (f, dir) = files(managed, Some("[room]\ntimezone = \"Asia/Tokyo\"\n"));
    let loaded = load(&f).unwrap();
    assert_eq!(loaded.config.room.timezone.as_deref(), Some("Asia/Tokyo"));
    let origin = |key: &str| {
        loaded
            .values
            .iter()
            .find(|(k, _, _)| k == key)
            .unwrap()
            .2
            .clone()
    };
    assert_eq!(
        origin("room.timezone"),
        Origin::File(f.user.clone().unwrap())
    );
    assert_eq!(origin("room.name"), Origin::File(f.managed.clone()));
    assert_eq!(origin("room.start_early_minutes"), Origin::Default);
    std::fs::remove_dir_all(dir).unwrap();

    let (f, dir) = files(managed, Some("[room]\n\nname = \"Mine\"\n"));
    let err = load(&f).err().unwrap().to_string();
    assert!(
        err.contains("user.toml:3: room.name may not be set"),
        "{err}"
    );
    assert!(
        err.contains("allows only: room.timezone, log.level"),
        "{err}"
    );
    std::fs::remove_dir_all(dir).unwrap();

    let (f, dir) = files(managed, Some("[log]\nlevel = \"loud\"\n"));
    let err = load(&f).err().unwrap().to_string();
    assert!(
        err.contains("user.toml") && err.contains("unknown variant `loud`"),
        "{err}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_good_file_reads() {
    let c = parse(
        "[room]\nname = \"Aurora\"\ntimezone = \"Europe/Berlin\"\n[zoom]\naccount_id = \"a\"\nclient_id = \"c\"\n[[ics]]\nname = \"room\"\nfile = \"/tmp/room.ics\"\n",
        "room.toml",
    )
    .unwrap();
    assert_eq!(c.room.name, "Aurora");
    assert_eq!(c.zoom.unwrap().host_users, ["me"]);
    assert_eq!(c.ics.len(), 1);
}

#[test]
fn credentials_go_only_to_their_vendor_and_a_bad_base_names_its_line() {
    let zoom = |base: &str| {
        format!("[room]\nname = \"A\"\n[zoom]\naccount_id = \"a\"\nclient_id = \"c\"\napi_base = \"{base}\"\n")
    };
    assert!(parse(&zoom("https://api.zoom.us/v2"), "room.toml").is_ok());
    assert!(parse(&zoom("http://127.0.0.1:8080/v2"), "room.toml").is_ok());
    for base in [
        "https://evil.example/v2",
        "http://api.zoom.us/v2",
        "::not a url::",
        "https://api.zoom.us.evil.example",
    ] {
        let err = parse(&zoom(base), "room.toml").unwrap_err().to_string();
        assert!(
            err.starts_with("room.toml:6: zoom.api_base: "),
            "{base}: {err}"
        );
    }
    let graph = "[room]\nname = \"A\"\n[[graph]]\nname = \"g\"\ntenant_id = \"t\"\nclient_id = \"c\"\nmailbox = \"m@x\"\nlogin_base = \"https://login.evil.example\"\n";
    let err = parse(graph, "room.toml").unwrap_err().to_string();
    assert!(err.starts_with("room.toml:8: graph.login_base: "), "{err}");
}

#[test]
fn the_user_file_never_says_where_credentials_go() {
    // Even when the managed file lists them, endpoints and admin keys stay IT's.
    let managed = "[room]\nname = \"A\"\n[zoom]\naccount_id = \"a\"\nclient_id = \"c\"\n[admin]\nuser_may_override = [\"zoom.api_base\", \"admin.user_may_override\"]\n";
    for user in [
        "[zoom]\napi_base = \"http://127.0.0.1:9/v2\"\n",
        "[admin]\nuser_may_override = [\"room.name\"]\n",
    ] {
        let (f, dir) = files(managed, Some(user));
        let err = load(&f).err().expect(user).to_string();
        assert!(err.contains("may not be set in the per-user file"), "{err}");
        std::fs::remove_dir_all(dir).unwrap();
    }
}

#[test]
fn on_a_provisioned_computer_another_file_cannot_move_the_endpoints() {
    let (mut f, dir) = files(
        "[room]\nname = \"A\"\n[zoom]\naccount_id = \"a\"\nclient_id = \"c\"\noauth_base = \"http://127.0.0.1:9\"\n",
        None,
    );
    f.user = None;
    assert!(
        load(&f).is_ok(),
        "an unprovisioned computer may point at a fake"
    );
    f.provisioned = Some("/etc/roomstart/config.toml".into());
    let err = load(&f).err().unwrap().to_string();
    assert!(
        err.contains("managed.toml:6: zoom.oauth_base may be set only in the managed file /etc/roomstart/config.toml"),
        "{err}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

const KEY: &str = "dW50cnVzdGVkIGNvbW1lbnQ6IG1pbmlzaWduIHB1YmxpYyBrZXkK";

#[test]
fn only_the_managed_file_names_the_update_feed() {
    let updates = format!(
        "[updates]\nenabled = true\nfeed = \"https://updates.example.com/latest.json\"\npublic_key = \"{KEY}\"\n"
    );
    // The managed file may allow it; the per-user file still may not.
    let managed = "[room]\nname = \"A\"\n[admin]\nuser_may_override = [\"updates.feed\", \"updates.enabled\"]\n";
    let (f, dir) = files(managed, Some(&updates));
    let err = load(&f).err().unwrap().to_string();
    assert!(err.contains("may not be set in the per-user file"), "{err}");
    std::fs::remove_dir_all(dir).unwrap();

    // `--config` on a provisioned computer may not name a feed either.
    let (mut f, dir) = files(&format!("[room]\nname = \"B\"\n{updates}"), None);
    f.user = None;
    let loaded = load(&f).unwrap();
    assert!(loaded.config.updates.policy().unwrap().is_some());
    f.provisioned = Some("/etc/roomstart/config.toml".into());
    let err = load(&f).err().unwrap().to_string();
    assert!(
        err.contains("updates.feed may be set only in the managed file"),
        "{err}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn an_incomplete_updates_table_is_refused_at_load() {
    let (mut f, dir) = files("[room]\nname = \"C\"\n\n[updates]\nenabled = true\n", None);
    f.user = None;
    let err = load(&f).err().unwrap().to_string();
    assert!(
        err.contains("managed.toml:4: updates.enabled needs updates.feed"),
        "{err}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

/// An absolute path on this platform, as a TOML literal string's content.
fn absolute(name: &str) -> String {
    match cfg!(windows) {
        true => format!(r"C:\x\{name}"),
        false => format!("/var/lib/x/{name}"),
    }
}

#[test]
fn only_the_managed_file_names_the_metrics_file_and_it_is_an_absolute_prom() {
    let metrics = format!("[metrics]\ntextfile = '{}'\n", metrics::EXAMPLE);
    let metrics = metrics.as_str();
    // The managed file may allow it; the per-user file still may not.
    let managed = "[room]\nname = \"A\"\n[admin]\nuser_may_override = [\"metrics.textfile\"]\n";
    let (f, dir) = files(managed, Some(metrics));
    let err = load(&f).err().unwrap().to_string();
    assert!(
        err.contains("user.toml:2: metrics.textfile may not be set in the per-user file"),
        "{err}"
    );
    std::fs::remove_dir_all(dir).unwrap();

    // `--config` on a provisioned computer may not name one either.
    let (mut f, dir) = files(&format!("[room]\nname = \"B\"\n{metrics}"), None);
    f.user = None;
    let loaded = load(&f).unwrap();
    assert_eq!(
        loaded.config.metrics.textfile.as_deref(),
        Some(std::path::Path::new(metrics::EXAMPLE))
    );
    f.provisioned = Some("/etc/roomstart/config.toml".into());
    let err = load(&f).err().unwrap().to_string();
    assert!(
        err.contains("metrics.textfile may be set only in the managed file"),
        "{err}"
    );
    assert_eq!(metrics::textfile(&f), None);
    std::fs::remove_dir_all(dir).unwrap();

    let check = |text: &str, expected: &str| {
        let err = parse(text, "room.toml").unwrap_err().to_string();
        assert!(err.contains(expected), "{err} should contain {expected}");
    };
    check(
        "[room]\nname = \"A\"\n[metrics]\ntextfile = \"roomstart.prom\"\n",
        "room.toml:4: metrics.textfile \"roomstart.prom\" must be an absolute path",
    );
    let txt = absolute("roomstart.txt");
    check(
        &format!("[room]\nname = \"A\"\n[metrics]\ntextfile = '{txt}'\n"),
        &format!("room.toml:4: metrics.textfile {txt:?} must end in .prom"),
    );
    check(
        "[room]\nname = \"A\"\n[metrics]\nfile = \"/x.prom\"\n",
        "room.toml:4: unknown field `file`",
    );
}

#[test]
fn a_broken_managed_file_still_names_its_metrics_file() {
    // The room then reports `roomstart_config_valid 0` instead of going quiet.
    let prom = absolute("roomstart.prom");
    let (mut f, dir) = files(
        &format!("[room]\nname = 5\n[metrics]\ntextfile = '{prom}'\n"),
        None,
    );
    f.user = None;
    assert!(load(&f).is_err());
    assert_eq!(
        metrics::textfile(&f).as_deref(),
        Some(std::path::Path::new(&prom))
    );
    std::fs::write(
        &f.managed,
        "[room\n[metrics]\ntextfile = \"/run/x/roomstart.prom\"\n",
    )
    .unwrap();
    assert_eq!(
        metrics::textfile(&f),
        None,
        "not TOML at all: nothing to trust"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn booking_is_read_from_the_managed_file_only_and_its_margins_are_checked() {
    let managed = "[room]\nname = \"Aurora\"\n[zoom]\naccount_id = \"a\"\nclient_id = \"c\"\n\
                   [booking]\nenabled = true\ncheck_in = true\ncheck_in_after_minutes = 15\n\
                   exempt_organizers = [\" Board@Example.com \"]\n\
                   [admin]\nuser_may_override = [\"booking.check_in\", \"zoom.room_user\"]\n";
    let (f, dir) = files(managed, None);
    let config = load(&f).unwrap().config;
    assert!(config.booking.writes());
    let setup = config.booking.setup("booking.json".into());
    let rule = setup.check_in.expect("check-in on");
    assert_eq!(rule.after, chrono::Duration::minutes(15));
    assert_eq!(rule.before, chrono::Duration::minutes(5));
    assert_eq!(rule.exempt_organizers, ["board@example.com"]);
    std::fs::remove_dir_all(dir).unwrap();

    // Whatever the managed file allows, the person at the screen may not
    // turn on releases nor make meetings as another Zoom user.
    for user in [
        "[booking]\ncheck_in = false\n",
        "[zoom]\nroom_user = \"ceo@example.com\"\n",
    ] {
        let (f, dir) = files(managed, Some(user));
        let err = load(&f).err().expect("refused").to_string();
        assert!(err.contains("may not be set"), "{user}: {err}");
        std::fs::remove_dir_all(dir).unwrap();
    }

    let err = parse(
        "[room]\nname = \"A\"\n[booking]\ncheck_in = true\ncheck_in_after_minutes = 0\n",
        "room.toml",
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("room.toml:5: booking.check_in_after_minutes = 0: write 1 to 60"),
        "{err}"
    );
    let err = parse(
        "[room]\nname = \"A\"\n[booking]\ncheck_in_before_minutes = 600\n",
        "room.toml",
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("check_in_before_minutes = 600"), "{err}");
}
