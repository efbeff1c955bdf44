use super::*;

/// `expected`: `None` for no link, else (service, zoom id or 0).
fn check(text: &str, expected: Option<(Service, u64)>) {
    let found = find_meeting(&[(Field::Description, text)]);
    let got = found.map(|l| (l.service, l.zoom_id.map_or(0, MeetingId::get)));
    assert_eq!(got, expected, "{text}");
}

#[test]
fn zoom_forms() {
    use Service::Zoom;
    check(
        "https://zoom.us/j/85746352410?pwd=abc",
        Some((Zoom, 85746352410)),
    );
    check(
        "https://us02web.zoom.us/j/8574635241",
        Some((Zoom, 8574635241)),
    );
    check("https://acme.zoom.us/s/857463524", Some((Zoom, 857463524)));
    check(
        "https://zoom.us/w/85746352410?tk=x",
        Some((Zoom, 85746352410)),
    );
    check(
        "https://zoom.us/wc/85746352410/join",
        Some((Zoom, 85746352410)),
    );
    check(
        "https://zoom.us/wc/join/85746352410",
        Some((Zoom, 85746352410)),
    );
    check(
        "https://agency.zoomgov.com/j/1601234567",
        Some((Zoom, 1601234567)),
    );
    check("https://zoom.com/j/85746352410", Some((Zoom, 85746352410)));
    check("https://zoom-x.de/j/85746352410", Some((Zoom, 85746352410)));
    check(
        "https://zoom.com.cn/j/85746352410",
        Some((Zoom, 85746352410)),
    );
    check("https://acme.zoom.us/my/dana.reyes", Some((Zoom, 0)));
    check("https://zoom.us/webinar/register/WN_abc", Some((Zoom, 0)));
    check(
        "zoommtg://zoom.us/join?confno=85746352410&pwd=x",
        Some((Zoom, 85746352410)),
    );
}

#[test]
fn not_zoom() {
    check("https://attacker-zoom.us/j/85746352410", None);
    check("https://zoom.us.evil.example/j/85746352410", None);
    check("https://zoom.us/j/12345", None);
    check("https://zoom.us/pricing", None);
    check("ftp://zoom.us/j/85746352410", None);
    check("zoom.us/j/85746352410", None);
    check("", None);
}

#[test]
fn other_services_are_join_only() {
    check(
        "https://meet.google.com/abc-defg-hij",
        Some((Service::Meet, 0)),
    );
    check(
        "https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0",
        Some((Service::Teams, 0)),
    );
    check(
        "https://acme.webex.com/meet/dana",
        Some((Service::Webex, 0)),
    );
}

#[test]
fn ranking_prefers_structured_fields_and_the_form_with_pwd() {
    let found = find_meeting(&[
        (Field::Description, "https://zoom.us/j/111111111"),
        (Field::Location, "https://zoom.us/j/222222222"),
    ])
    .unwrap();
    assert_eq!(found.zoom_id.unwrap().get(), 222222222);
    assert_eq!(found.found_in, Field::Location);

    let found = find_meeting(&[(
        Field::Description,
        "Meeting https://zoom.us/j/85746352410 or with passcode https://zoom.us/j/85746352410?pwd=secret",
    )])
    .unwrap();
    assert!(found.join_url.expose().ends_with("pwd=secret"));
}

#[test]
fn html_descriptions_yield_their_hrefs() {
    let html =
        r#"<p>Join <a href="https://acme.zoom.us/j/93456789012?pwd=Q&amp;from=addon">here</a></p>"#;
    let found = find_meeting(&[(Field::DescriptionHtml, html)]).unwrap();
    assert_eq!(found.zoom_id.unwrap().get(), 93456789012);
    assert_eq!(
        found.join_url.expose(),
        "https://acme.zoom.us/j/93456789012?pwd=Q&from=addon"
    );
}

#[test]
fn a_link_hard_wrapped_inside_its_id_is_found_whole() {
    check(
        "Dana Reyes is inviting you to a scheduled Zoom meeting: https://us06web.zoom.us/j/857463524\r\n10?pwd=b3JkZXJz\r\n",
        Some((Service::Zoom, 85746352410)),
    );
    let found = find_meeting(&[(
        Field::Description,
        "Dana Reyes is inviting you to a scheduled Zoom meeting: https://us06web.zoom.us/j/85746352410?pwd=b3Jk\nZXJz\n",
    )])
    .unwrap();
    assert!(
        found.join_url.expose().ends_with("?pwd=b3JkZXJz"),
        "the whole passcode is kept"
    );
}

#[test]
fn a_zoom_app_or_http_link_is_read_as_its_https_form() {
    let app = "Open in the app: zoommtg://zoom.us/join?action=join&confno=85746352410&pwd=abcdefghijklmnop";
    let found = find_meeting(&[(Field::Description, app)]).unwrap();
    assert_eq!(
        found.join_url.expose(),
        "https://zoom.us/j/85746352410?pwd=abcdefghijklmnop"
    );
    // The passcode outranks the form and the field it was written in.
    let found = find_meeting(&[
        (Field::Location, "https://zoom.us/j/85746352410"),
        (
            Field::Description,
            "or on the web: http://zoom.us/j/85746352410?pwd=abcdefghijklmnopqrstu",
        ),
    ])
    .unwrap();
    assert_eq!(
        found.join_url.expose(),
        "https://zoom.us/j/85746352410?pwd=abcdefghijklmnopqrstu"
    );
}

#[test]
fn the_link_carrying_the_passcode_wins_wherever_it_was_found() {
    let found = find_meeting(&[
        (Field::Location, "https://us06web.zoom.us/j/85746352410"),
        (
            Field::Description,
            "Join: https://us06web.zoom.us/j/85746352410?pwd=b3JkZXJz",
        ),
    ])
    .unwrap();
    assert_eq!(
        found.join_url.expose(),
        "https://us06web.zoom.us/j/85746352410?pwd=b3JkZXJz"
    );
    assert_eq!(found.found_in, Field::Description);
    // Zoom X, a vanity subdomain of zoom-x.de, is Zoom too.
    let x = find_meeting(&[(
        Field::Description,
        "https://acme.zoom-x.de/j/85746352410?pwd=x",
    )])
    .unwrap();
    assert_eq!(
        (x.service, x.zoom_id.map(MeetingId::get)),
        (Service::Zoom, Some(85746352410))
    );
}

#[test]
fn plain_http_links_of_every_service_are_upgraded_to_https() {
    for (text, service, https) in [
        (
            "http://meet.google.com/abc-defg-hij",
            Service::Meet,
            "https://meet.google.com/abc-defg-hij",
        ),
        (
            "http://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0",
            Service::Teams,
            "https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0",
        ),
        (
            "http://acme.webex.com/meet/dana",
            Service::Webex,
            "https://acme.webex.com/meet/dana",
        ),
        (
            "http://zoom.us/j/85746352410?pwd=abc",
            Service::Zoom,
            "https://zoom.us/j/85746352410?pwd=abc",
        ),
    ] {
        let found = find_meeting(&[(Field::Description, text)]).unwrap();
        assert_eq!((found.service, found.join_url.expose()), (service, https));
    }
}
