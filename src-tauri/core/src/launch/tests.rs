use super::*;

const ID: &str = "85746352410";

fn check_start(raw: &str, expected: Result<(), Error>) {
    let id: MeetingId = ID.parse().unwrap();
    let got = start_url(&Secret::new(raw), id, &TrustedOrigins::zoom_only()).map(drop);
    assert_eq!(got, expected, "{raw}");
}

#[test]
fn start_urls_must_be_zoom_https_and_this_meeting() {
    let wrong = Err(Error::WrongMeeting {
        expected: ID.parse().unwrap(),
    });
    check_start("https://us06web.zoom.us/s/85746352410?zak=eyJ", Ok(()));
    check_start("https://zoom.us/s/85746352410?zak=x", Ok(()));
    check_start("https://agency.zoomgov.com/s/85746352410?zak=x", Ok(()));
    check_start("https://zoom-x.de/s/85746352410?zak=x", Ok(()));
    check_start(
        "http://zoom.us/s/85746352410?zak=x",
        Err(Error::UntrustedHost),
    );
    check_start(
        "https://zoom.us:8443/s/85746352410?zak=x",
        Err(Error::UntrustedHost),
    );
    check_start(
        "https://attacker-zoom.us/s/85746352410?zak=x",
        Err(Error::UntrustedHost),
    );
    check_start(
        "https://zoom.us.evil.example/s/85746352410",
        Err(Error::UntrustedHost),
    );
    check_start("https://127.0.0.1/s/85746352410", Err(Error::UntrustedHost));
    check_start(
        "https://user:pw@zoom.us/s/85746352410",
        Err(Error::HasCredentials),
    );
    check_start("https://zoom.us/s/11111111111?zak=x", wrong.clone());
    check_start("https://zoom.us/j/85746352410?zak=x", wrong.clone());
    check_start("https://zoom.us/s/85746352410/extra", wrong);
    check_start("javascript:alert(1)", Err(Error::UntrustedHost));
    check_start("file:///etc/passwd", Err(Error::UntrustedHost));
    check_start("not a url", Err(Error::Malformed));
    check_start("", Err(Error::Malformed));
}

#[test]
fn loopback_origin_is_trusted_only_when_given_and_only_exactly() {
    let sim = Url::parse("http://127.0.0.1:4567").unwrap();
    let trusted = TrustedOrigins::with_loopback(&sim).unwrap();
    let id: MeetingId = ID.parse().unwrap();
    let ok = |raw: &str| start_url(&Secret::new(raw), id, &trusted).is_ok();
    assert!(ok("http://127.0.0.1:4567/s/85746352410?zak=x"));
    assert!(!ok("http://127.0.0.1:4568/s/85746352410?zak=x"));
    assert!(ok("https://zoom.us/s/85746352410?zak=x"));
    assert_eq!(
        TrustedOrigins::with_loopback(&Url::parse("http://example.com").unwrap()).unwrap_err(),
        Error::NotLoopback
    );
    assert_eq!(
        TrustedOrigins::with_loopback(&Url::parse("http://10.0.0.1").unwrap()).unwrap_err(),
        Error::NotLoopback
    );
}

#[test]
fn join_urls_and_redaction() {
    let z = TrustedOrigins::zoom_only();
    let ok = |raw: &str| join_url(&Secret::new(raw), &z).is_ok();
    assert!(ok("https://acme.zoom.us/j/93456789012?pwd=abc"));
    assert!(ok("https://zoom.us/my/dana"));
    assert!(!ok("https://zoom.us/signin"));
    assert!(!ok("https://evil.example/j/93456789012"));

    let url = join_url(
        &Secret::new("https://acme.zoom.us/j/93456789012?pwd=abc&uname=Room"),
        &z,
    )
    .unwrap();
    assert_eq!(
        url.redacted(),
        "https://acme.zoom.us/j/93456789012?pwd=REDACTED&uname=Room"
    );
    assert!(!format!("{url:?}").contains("abc"));
}

#[test]
fn zoommtg_forms() {
    let z = TrustedOrigins::zoom_only();
    let id: MeetingId = ID.parse().unwrap();
    let start = start_url(
        &Secret::new("https://us06web.zoom.us/s/85746352410?zak=abc"),
        id,
        &z,
    )
    .unwrap();
    let url = zoommtg_start(&start, id, &Secret::new("fresh.zak"));
    assert_eq!(
        url.expose(),
        "zoommtg://us06web.zoom.us/start?confno=85746352410&zak=fresh.zak"
    );
    assert_eq!(
        url.redacted(),
        "zoommtg://us06web.zoom.us/start?confno=85746352410&zak=REDACTED"
    );

    let join = join_url(
        &Secret::new("https://acme.zoom.us/j/85746352410?pwd=Enc.pwd&from=addon"),
        &z,
    )
    .unwrap();
    let url = zoommtg_join(&join, Some(id), "Aurora (4th floor)").unwrap();
    assert_eq!(
        url.expose(),
        "zoommtg://acme.zoom.us/join?action=join&confno=85746352410&pwd=Enc.pwd&uname=Aurora+%284th+floor%29"
    );
    let personal = join_url(&Secret::new("https://acme.zoom.us/my/dana"), &z).unwrap();
    assert!(
        zoommtg_join(&personal, None, "Aurora").is_none(),
        "personal links open over https"
    );
}

#[test]
fn teams_meeting_links_open_in_the_teams_app_when_it_is_installed() {
    let join = other_service_url(&Secret::new(
        "https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjA2%40thread.v2/0?context=%7b%22Tid%22%3a%22t%22%7d",
    ), Service::Teams)
    .unwrap();
    assert_eq!(
        msteams_join(&join).unwrap().expose(),
        "msteams:/l/meetup-join/19%3ameeting_NjA2%40thread.v2/0?context=%7b%22Tid%22%3a%22t%22%7d"
    );
    let other = other_service_url(
        &Secret::new("https://teams.microsoft.com/meet/2345?p=x"),
        Service::Teams,
    )
    .unwrap();
    assert!(
        msteams_join(&other).is_none(),
        "only meetup-join links have an app form"
    );
    let lookalike = other_service_url(
        &Secret::new("https://teams.microsoft.com.evil.example/l/meetup-join/x"),
        Service::Teams,
    );
    assert!(
        matches!(lookalike, Err(Error::UntrustedHost)),
        "a look-alike never opens"
    );
    let meet = other_service_url(
        &Secret::new("https://meet.google.com/abc-defg-hij"),
        Service::Meet,
    )
    .unwrap();
    assert!(other_service_url(&Secret::new("https://meet.google.com/x"), Service::Teams).is_err());
    assert!(msteams_join(&meet).is_none());
}

fn check_client(raw: &str, expected: Result<(), Error>) {
    let id: MeetingId = ID.parse().unwrap();
    let start = start_url(
        &Secret::new("https://us06web.zoom.us/s/85746352410?zak=eyJ.start"),
        id,
        &TrustedOrigins::zoom_only(),
    )
    .unwrap();
    let got = client_start(&Secret::new(raw), &start).map(drop);
    assert_eq!(got, expected, "{raw}");
}

#[test]
fn only_a_start_url_is_a_launcher_page() {
    let z = TrustedOrigins::zoom_only();
    let id: MeetingId = ID.parse().unwrap();
    let start = start_url(&Secret::new("https://zoom.us/s/85746352410?zak=x"), id, &z).unwrap();
    assert_eq!(start.launcher_for(), Some(id));
    let join = join_url(&Secret::new("https://zoom.us/j/85746352410?pwd=x"), &z).unwrap();
    assert_eq!(join.launcher_for(), None);
    let client = zoommtg_start(&start, id, &Secret::new("zak"));
    assert_eq!(client.launcher_for(), None, "already the client's own link");
    assert_eq!(
        client_start(
            &Secret::new("zoommtg://zoom.us/start?confno=85746352410&zak=x"),
            &join
        )
        .map(drop),
        Err(Error::NotALauncher),
        "a join page never vouches for a start link"
    );
}

#[test]
fn the_launchers_client_link_must_be_zoom_and_this_meeting() {
    let wrong = Err(Error::WrongMeeting {
        expected: ID.parse().unwrap(),
    });
    check_client(
        "zoommtg://us06web.zoom.us/start?confno=85746352410&zak=eyJ.fresh",
        Ok(()),
    );
    check_client("zoommtg://zoom.us/start?confno=85746352410&zak=x", Ok(()));
    check_client(
        "zoomus://zoom.us/join?action=start&confno=85746352410&zak=x&browser=chrome",
        Ok(()),
    );
    check_client(
        "zoommtg://agency.zoomgov.com/start?confno=85746352410&zak=x",
        Ok(()),
    );
    // Other hosts, ports and look-alikes.
    for host in [
        "evil.example",
        "attacker-zoom.us",
        "zoom.us.evil.example",
        "zoom.us%2eevil.example",
        "127.0.0.1",
        "zoom.us:8443",
    ] {
        check_client(
            &format!("zoommtg://{host}/start?confno=85746352410&zak=x"),
            Err(Error::UntrustedHost),
        );
    }
    check_client(
        "zoommtg:/start?confno=85746352410&zak=x",
        Err(Error::UntrustedHost),
    );
    // Another meeting, none, two, or one hidden in another shape.
    check_client(
        "zoommtg://zoom.us/start?confno=11111111111&zak=x",
        wrong.clone(),
    );
    check_client("zoommtg://zoom.us/start?zak=x", wrong.clone());
    check_client(
        "zoommtg://zoom.us/start?confno=85746352410&confno=11111111111&zak=x",
        wrong.clone(),
    );
    check_client(
        "zoommtg://zoom.us/start?CONFNO=11111111111&confno=85746352410",
        wrong.clone(),
    );
    check_client(
        "zoommtg://zoom.us/start?confno=857-4635-2410",
        wrong.clone(),
    );
    check_client("zoommtg://zoom.us/start?confno=085746352410", wrong);
    // Other schemes and paths.
    for raw in [
        "https://zoom.us/s/85746352410?zak=x",
        "http://zoom.us/start?confno=85746352410",
        "msteams://zoom.us/start?confno=85746352410",
        "javascript:location='zoommtg://zoom.us/start?confno=85746352410'",
        "file:///start?confno=85746352410",
        "zoommtg://zoom.us/upgrade?confno=85746352410",
        "zoommtg://zoom.us/start/../../etc?confno=85746352410",
    ] {
        check_client(raw, Err(Error::NotAClientLink));
    }
    // Embedded credentials, overlong, not a URL.
    check_client(
        "zoommtg://user:pw@zoom.us/start?confno=85746352410&zak=x",
        Err(Error::HasCredentials),
    );
    check_client(
        "zoommtg://user@zoom.us/start?confno=85746352410&zak=x",
        Err(Error::HasCredentials),
    );
    let long = format!(
        "zoommtg://zoom.us/start?confno=85746352410&zak={}",
        "x".repeat(CLIENT_LINK_MAX)
    );
    check_client(&long, Err(Error::TooLong));
    check_client("not a url", Err(Error::Malformed));
    check_client("", Err(Error::Malformed));
}

#[test]
fn the_client_link_is_passed_on_as_given_and_logged_redacted() {
    let id: MeetingId = ID.parse().unwrap();
    let start = start_url(
        &Secret::new("https://us06web.zoom.us/s/85746352410?zak=old"),
        id,
        &TrustedOrigins::zoom_only(),
    )
    .unwrap();
    let raw = "zoommtg://us06web.zoom.us/start?confno=85746352410&zak=eyJ.fresh&stype=100";
    let link = client_start(&Secret::new(raw), &start).unwrap();
    assert_eq!(link.expose(), raw);
    assert_eq!(
        link.redacted(),
        "zoommtg://us06web.zoom.us/start?confno=85746352410&zak=REDACTED&stype=REDACTED"
    );
    assert!(!format!("{link:?}").contains("eyJ"));
    let refused = client_start(
        &Secret::new("zoommtg://evil.example/start?zak=eyJ.x"),
        &start,
    )
    .unwrap_err();
    assert!(!refused.to_string().contains("eyJ"), "{refused}");
}

#[test]
fn the_demos_stand_in_for_the_client_names_the_meeting_only() {
    let sim = Url::parse("http://127.0.0.1:4567").unwrap();
    let id: MeetingId = ID.parse().unwrap();
    let start = start_url(
        &Secret::new("http://127.0.0.1:4567/s/85746352410?zak=sim-zak-x"),
        id,
        &TrustedOrigins::with_loopback(&sim).unwrap(),
    )
    .unwrap();
    let client = client_start(
        &Secret::new("zoommtg://us06web.zoom.us/start?confno=85746352410&zak=sim-zak-x"),
        &start,
    )
    .unwrap();
    let page = stand_in_client(&client, &sim).unwrap();
    assert_eq!(
        page.expose(),
        "http://127.0.0.1:4567/client/start?confno=85746352410"
    );
    assert_eq!(page.launcher_for(), None);
    assert_eq!(
        stand_in_client(&client, &Url::parse("https://example.com").unwrap()).map(drop),
        Err(Error::NotLoopback)
    );
}

/// The Windows opener (ShellExecuteExW) under Wine's shell: a scheme no
/// program handles is `NoHandler`, said in words, with no dialog; once a
/// handler is registered in HKEY_CLASSES_ROOT it gets the whole URL. (HKCR,
/// as the shell reads it: Windows merges HKCU's and HKLM's classes there,
/// Wine 8's shell reads HKLM's only.)
#[cfg(windows)]
mod windows_opener {
    use std::time::Duration;

    use windows_registry::{CLASSES_ROOT, CURRENT_USER};

    use super::*;
    use crate::launch::opener::{Error as OpenError, Opener, SystemOpener, EXIT_WAIT};

    const HANDLER: &str = "zoommtg";
    const SEEN: &str = r"Software\Roomstart-tests\opener";

    fn client_link() -> LaunchUrl {
        let id: MeetingId = ID.parse().unwrap();
        let start = start_url(
            &Secret::new("https://us06web.zoom.us/s/85746352410?zak=x"),
            id,
            &TrustedOrigins::zoom_only(),
        )
        .unwrap();
        zoommtg_start(&start, id, &Secret::new("zak-of-the-test"))
    }

    #[tokio::test]
    async fn no_handler_in_words_then_the_registered_handler_gets_the_url() {
        let _ = CLASSES_ROOT.remove_tree(HANDLER);
        let _ = CURRENT_USER.remove_tree(SEEN);
        let url = client_link();

        let refused = SystemOpener.open(&url, EXIT_WAIT).await.unwrap_err();
        assert!(
            matches!(&refused, OpenError::NoHandler { scheme, code: 1155 } if scheme == "zoommtg"),
            "{refused:?}"
        );
        assert_eq!(
            refused.to_string(),
            "no application on this computer opens zoommtg links (the opener's code: 1155)"
        );

        // A handler as the Zoom client registers one; this one is reg.exe,
        // which writes the URL it was given where the test can read it.
        let reg = crate::paths::system_folder().unwrap().join("reg.exe");
        let key = CLASSES_ROOT.create(HANDLER).unwrap();
        key.set_string("", "URL:Zoom Launcher").unwrap();
        key.set_string("URL Protocol", "").unwrap();
        key.create(r"shell\open\command")
            .unwrap()
            .set_string(
                "",
                format!(r#""{}" add HKCU\{SEEN} /v url /d "%1" /f"#, reg.display()),
            )
            .unwrap();
        SystemOpener.open(&url, EXIT_WAIT).await.unwrap();
        // reg.exe runs on its own; wait for what it writes (a bound, not a timing).
        let mut seen = None;
        for _ in 0..300 {
            seen = CURRENT_USER
                .open(SEEN)
                .and_then(|k| k.get_string("url"))
                .ok();
            if seen.is_some() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let _ = CLASSES_ROOT.remove_tree(HANDLER);
        let _ = CURRENT_USER.remove_tree(SEEN);
        assert_eq!(seen.as_deref(), Some(url.expose()));
    }
}
