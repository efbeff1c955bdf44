//! Meeting-link cases from other open-source detectors' published tests and bug
//! reports, each cited by repository, path and commit (or by the thread's URL).
//!
//! Only their example links and invite texts are taken, not their code. The
//! expectations are what Roomstart should do, which is at times stricter than
//! the peer: a room must never join a lookalike host, nor open a page that is
//! no meeting. Where a peer's placeholder meeting number is shorter than any
//! Zoom issues (9 to 11 digits), the case either keeps it and expects no
//! meeting, or widens it (said so beside the case) so that it still tests what
//! the peer meant.
//!
//! Cases Roomstart does not meet yet are kept, `#[ignore]`d with the reason.

use roomstart_core::links::{find_meeting, Field, Service};
use Want::{Meet, Nothing, Teams, Webex, Zoom, ZoomNoId};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    /// No meeting at all.
    Nothing,
    /// A Zoom meeting with this number.
    Zoom(u64),
    /// A Zoom link without a number: a personal link or a registration.
    ZoomNoId,
    Meet,
    Teams,
    Webex,
}

/// What Roomstart makes of these fields: the meeting, its join link, and the
/// field that link was found in.
fn detect(fields: &[(Field, &str)]) -> (Want, Option<String>, Option<Field>) {
    let Some(link) = find_meeting(fields) else {
        return (Nothing, None, None);
    };
    let want = match (link.service, link.zoom_id) {
        (Service::Zoom, Some(id)) => Zoom(id.get()),
        (Service::Zoom, None) => ZoomNoId,
        (Service::Meet, _) => Meet,
        (Service::Teams, _) => Teams,
        (Service::Webex, _) => Webex,
    };
    (
        want,
        Some(link.join_url.expose().to_string()),
        Some(link.found_in),
    )
}

/// Each text, alone in `field`, yields `want`. Every mismatch is reported, not
/// only the first.
#[track_caller]
fn each_in<S: AsRef<str>>(field: Field, cases: &[(S, Want)]) {
    let wrong: Vec<String> = cases
        .iter()
        .filter_map(|(text, want)| {
            let text = text.as_ref();
            let (got, url, _) = detect(&[(field, text)]);
            (got != *want).then(|| format!("{text:?}: want {want:?}, got {got:?} via {url:?}"))
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "{} of {} cases in {field:?}:\n{}",
        wrong.len(),
        cases.len(),
        wrong.join("\n")
    );
}

#[track_caller]
fn each<S: AsRef<str>>(cases: &[(S, Want)]) {
    each_in(Field::Description, cases);
}

/// The meeting in `fields` is `want`, joined by exactly `url`; returns the
/// field it was found in.
#[track_caller]
fn joins(fields: &[(Field, &str)], want: Want, url: &str) -> Option<Field> {
    let (got, got_url, found_in) = detect(fields);
    assert_eq!((got, got_url.as_deref()), (want, Some(url)), "{fields:?}");
    found_in
}

/// Each text, alone in the description, is `want` joined by exactly its link.
/// Every mismatch is reported, not only the first.
#[track_caller]
fn each_joins<S: AsRef<str>>(cases: &[(S, Want, &str)]) {
    let wrong: Vec<String> = cases
        .iter()
        .filter_map(|(text, want, url)| {
            let text = text.as_ref();
            let (got, got_url, _) = detect(&[(Field::Description, text)]);
            ((got, got_url.as_deref()) != (*want, Some(*url))).then(|| {
                format!("{text:?}: want {want:?} via {url:?}, got {got:?} via {got_url:?}")
            })
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "{} of {} cases:\n{}",
        wrong.len(),
        cases.len(),
        wrong.join("\n")
    );
}

fn permutations<T: Copy>(items: &[T]) -> Vec<Vec<T>> {
    if items.len() <= 1 {
        return vec![items.to_vec()];
    }
    (0..items.len())
        .flat_map(|i| {
            let mut rest = items.to_vec();
            let first = rest.remove(i);
            permutations(&rest).into_iter().map(move |mut p| {
                p.insert(0, first);
                p
            })
        })
        .collect()
}

/// open-conference-url's `test_permutations`: the right link alone in the
/// location, then the wrong links and the right one in every order, each
/// wrapped in one of that suite's token pairs, in the notes. The right link is
/// the one joined every time.
#[track_caller]
fn right_link_in_every_order(right: &str, wrong_links: &[&str], want: Want) {
    const TOKENS: [(&str, &str); 6] = [
        ("'", "'"),
        ("\"", "\""),
        ("<", ">"),
        ("\n", "\n"),
        (".", "."),
        (";", ";"),
    ];
    joins(&[(Field::Location, right)], want, right);
    let mut links = wrong_links.to_vec();
    links.push(right);
    let mut wrong = Vec::new();
    for order in permutations(&links) {
        for (open, close) in TOKENS {
            let notes = order
                .iter()
                .map(|link| format!("{open}{link}{close}"))
                .collect::<Vec<_>>()
                .join(" ");
            let (got, url, _) = detect(&[(Field::Description, notes.as_str())]);
            if (got, url.as_deref()) != (want, Some(right)) {
                wrong.push(format!("{notes:?}: got {got:?} via {url:?}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

// ---------------------------------------------------------------------------
// leits/MeetingBar
// ---------------------------------------------------------------------------

// leits/MeetingBar, MeetingBarLogicTests/MeetingLinkDetectionTests.swift
// @ 26eef52e008a98e42f87fd1a560f404cb615bf03 (the `meetings` table)
// https://github.com/leits/MeetingBar/blob/26eef52e008a98e42f87fd1a560f404cb615bf03/MeetingBarLogicTests/MeetingLinkDetectionTests.swift
#[test]
fn meetingbar_detection_table_zoom_and_webex() {
    each(&[
        ("https://zoom.us/j/5551112222", Zoom(5551112222)),
        (
            "https://any-client.zoom-x.de/j/65194487075",
            Zoom(65194487075),
        ),
        (
            "zoommtg://zoom.us/join?confno=123456789&pwd=xxxx&zc=0&browser=chrome&uname=Betty",
            Zoom(123456789),
        ),
        (
            "zoommtg://zoom-x.de/join?confno=123456789&pwd=xxxx&zc=0&browser=chrome&uname=Betty",
            Zoom(123456789),
        ),
        ("https://yourmeetingsite.webex.com/meet/username", Webex),
        (
            "https://yourmeetingsite.webex.com/yourbusinessID/j.php?MTID=aO5678eFGH",
            Webex,
        ),
    ]);
}

// Same table (the first four also in MeetingBarTests/MeetingServicesTests.swift
// @ 06c9eda9f26497dad32d3ca63b31eac00f4888da): other services whose links share
// a word, a host part or a path shape with Zoom or Meet. MeetingBar files each
// under its own service; Roomstart serves none of them, so none is a meeting.
#[test]
fn meetingbar_detection_table_other_services_are_no_zoom_or_meet() {
    each(&[
        (
            "https://go.userzoom.com/participate/12345xxx-1000-1234-1234-1234-12345xxx",
            Nothing,
        ),
        (
            "https://stream.meet.google.com/stream/abc12ab1-abc1-1234-123a-a1234a1abc12",
            Nothing,
        ),
        ("https://pop.com/j/810-218-630", Nothing),
        ("https://meetingbar.zm.page", Nothing),
        ("https://reclaim.ai/z/T01ABCDEFGH/C02ABCDEFGH", Nothing),
        ("https://meet.around.co/r/kyafvk1b", Nothing),
        (
            "https://app.slack.com/huddle/T01ABCDEFGH/C02ABCDEFGH",
            Nothing,
        ),
    ]);
}

// leits/MeetingBar, MeetingBarLogicTests/MeetingLinkDetectorTests.swift
// @ 26eef52e008a98e42f87fd1a560f404cb615bf03
// (testDetectsTeamsLinkFromNotes, testDetectsLegacyTeamsMeetupJoinURL…,
// testDetectsTeamsShortURL…, testDetectsSupportedTeamsGovernmentHosts,
// testDoesNotMatchUnrelatedTeamsPages)
// https://github.com/leits/MeetingBar/blob/26eef52e008a98e42f87fd1a560f404cb615bf03/MeetingBarLogicTests/MeetingLinkDetectorTests.swift
#[test]
fn meetingbar_detector_teams_forms() {
    each(&[
        ("Join: https://teams.microsoft.com/l/meetup-join/abc", Teams),
        (
            "https://teams.microsoft.com/meet/1234567890123?p=Aa1Bb2Cc3Dd4Ee5",
            Teams,
        ),
        (
            "https://teams.microsoft.com/meet/1234567890123?p=Aa1Bb2Cc3Dd4Ee5&anon=true",
            Teams,
        ),
        (
            "https://teams.microsoft.us/meet/1234567890123?p=Aa1Bb2Cc3Dd4Ee5",
            Teams,
        ),
        (
            "https://gov.teams.microsoft.us/l/meetup-join/abc?context=xyz",
            Teams,
        ),
        // MeetingBar takes this host for Teams; Microsoft documents GCC High
        // as gov.teams.microsoft.us, and Roomstart's Teams hosts are exact.
        (
            "https://gov.teams.microsoft.com/meet/1234567890123?p=Aa1Bb2Cc3Dd4Ee5",
            Nothing,
        ),
        // MeetingBar refuses a short link without its passcode; it still names
        // the meeting (the passcode can be typed), as a Zoom link without
        // `pwd` does, so Roomstart keeps it.
        ("https://teams.microsoft.com/meet/1234567890123", Teams),
    ]);
    let url = "https://teams.microsoft.com/l/meetup-join/abc?context=xyz&anon=true";
    joins(&[(Field::Description, url)], Teams, url);
}

// Same file, testDoesNotMatchUnrelatedTeamsPages: Teams pages that are no
// meeting. A room showing Join for them would open Teams' home page or its
// "new meeting" form.
#[test]
fn meetingbar_detector_teams_pages_that_are_no_meeting() {
    each(&[
        ("https://teams.microsoft.com/", Nothing),
        ("https://teams.microsoft.com/l/meeting/new", Nothing),
        (
            "https://teams.microsoft.com/meet/channel?p=Aa1Bb2Cc3Dd4Ee5",
            Nothing,
        ),
    ]);
}

// Same file: testDetectsMeetLinkFromLocation, testDetectsMeetingLinkInsideOutlookSafeLink
// (its outlookSafeLink(for:) percent-encodes all but letters and digits),
// testDetectsLinkInsideHTMLAttributeWithoutStripping,
// testReturnsNilWhenKnownMeetingHostHasNoScheme, testReturnsNilWhenNoFieldContainsLink,
// testReturnsNilForEmptyEvent.
#[test]
fn meetingbar_detector_meet_in_location_safelinks_and_html() {
    let meet = "https://meet.google.com/abc-defg-hij";
    assert_eq!(
        joins(&[(Field::Location, meet)], Meet, meet),
        Some(Field::Location)
    );
    joins(
        &[(
            Field::Description,
            "Join: https://nam11.safelinks.protection.outlook.com/?url=https%3A%2F%2Fmeet%2Egoogle%2Ecom%2Fabc%2Ddefg%2Dhij",
        )],
        Meet,
        meet,
    );
    let html = "<p>Join us</p><a href=\"https://meet.google.com/abc-defg-hij\">Open</a>";
    joins(&[(Field::Description, html)], Meet, meet);
    joins(&[(Field::DescriptionHtml, html)], Meet, meet);
    each_in(
        Field::Location,
        &[
            ("meet.google.com/abc-defg-hij", Nothing),
            ("Conference Room 5", Nothing),
        ],
    );
    each(&[("Standup meeting", Nothing), ("", Nothing)]);
    assert!(find_meeting(&[]).is_none());
}

// Same file, testDetectsLinkOnlyAfterHTMLStripping: the scheme written as
// HTML character references inside a tag.
#[test]
#[ignore = "numeric character references (&#x68;…) are not decoded, so the https:// never appears and no link is found"]
fn meetingbar_detector_link_written_in_character_references() {
    joins(
        &[(
            Field::DescriptionHtml,
            "<p>&#x68;&#x74;&#x74;&#x70;&#x73;://meet.google.com/abc-defg-hij</p>",
        )],
        Meet,
        "https://meet.google.com/abc-defg-hij",
    );
}

// Same file: testProviderConferenceURLBeatsAllOtherSources, testEventURLBeatsLocation,
// testEventURLBeatsNotes, testLongerURLWinsWithinSameNotesSource. The peer's
// Zoom numbers 12345 and 99999 are widened to 123456789 and 999999999.
#[test]
fn meetingbar_detector_field_ranking() {
    let (got, _, from) = detect(&[
        (
            Field::Description,
            "Old reminder: https://us02web.zoom.us/j/999999999",
        ),
        (Field::Url, "https://us02web.zoom.us/j/123456789"),
        (Field::Conference, "https://meet.google.com/abc-defg-hij"),
    ]);
    assert_eq!((got, from), (Meet, Some(Field::Conference)));

    let (got, _, from) = detect(&[
        (Field::Location, "https://meet.google.com/abc-defg-hij"),
        (Field::Url, "https://us02web.zoom.us/j/123456789"),
        (
            Field::Description,
            "https://teams.microsoft.com/l/meetup-join/abc",
        ),
    ]);
    assert_eq!((got, from), (Zoom(123456789), Some(Field::Url)));

    let (got, _, from) = detect(&[
        (Field::Url, "https://us02web.zoom.us/j/123456789"),
        (
            Field::Description,
            "https://teams.microsoft.com/l/meetup-join/abc",
        ),
    ]);
    assert_eq!((got, from), (Zoom(123456789), Some(Field::Url)));

    joins(
        &[(
            Field::Description,
            "Short form: https://us02web.zoom.us/j/123456789\nFull form: https://us02web.zoom.us/j/123456789?pwd=abcdef",
        )],
        Zoom(123456789),
        "https://us02web.zoom.us/j/123456789?pwd=abcdef",
    );
}

// Same file: testDetectionSucceedsForEventCarryingUndecodableSafeLink (the
// peer's /j/9999 widened to 999999999) and
// testCleanupOutlookSafeLinksTerminatesWhenRewriteMakesNoProgress (a SafeLink
// wrapping a SafeLink: no meeting, and no hang).
#[test]
fn meetingbar_detector_safelinks_that_do_not_decode() {
    joins(
        &[(
            Field::Description,
            "Backup https://nam11.safelinks.protection.outlook.com/?data=x&url=https%3A%2F%2Fbad%xx\nReal: https://zoom.us/j/999999999",
        )],
        Zoom(999999999),
        "https://zoom.us/j/999999999",
    );
    each(&[(
        "https://nam11.safelinks.protection.outlook.com/?url=https://nam11.safelinks.protection.outlook.com/?url=x",
        Nothing,
    )]);
}

// leits/MeetingBar, MeetingBarTests/HelpersTests.swift
// @ 26eef52e008a98e42f87fd1a560f404cb615bf03
// (test_cleanupOutlookSafeLinks_withSafeLink_returnCleanLink, whose
// "[obfuscated]" placeholders are kept; test_zoomWebApp…; ZoomPersonalRoomTests)
// https://github.com/leits/MeetingBar/blob/26eef52e008a98e42f87fd1a560f404cb615bf03/MeetingBarTests/HelpersTests.swift
#[test]
fn meetingbar_helpers_zoom_forms_personal_rooms_and_a_teams_safelink() {
    each(&[
        (
            "https://company.zoom.us/j/123456789?pwd=abc&uname=Sam",
            Zoom(123456789),
        ),
        (
            "https://app.zoom.us/wc/123456789/start?pwd=abc&uname=Sam",
            Zoom(123456789),
        ),
        ("https://zoom.us/j/5551112222?pwd=abc", Zoom(5551112222)),
        (
            "zoommtg://zoom.us/join?confno=5551112222&pwd=abc",
            Zoom(5551112222),
        ),
        ("https://zoom.us/my/someone", ZoomNoId),
        ("https://zoom.us/my/username", ZoomNoId),
        ("https://company.zoom.us/my/username", ZoomNoId),
        ("https://zoomgov.com/my/person", ZoomNoId),
        ("https://example.com/j/123456789", Nothing),
        ("https://example.com/my/room", Nothing),
        (
            "https://nam12.safelinks.protection.outlook.com/ap/t-59584e83/?url=https%3A%2F%2Fteams.microsoft.com%2Fl%2Fmeetup-join%2F19%253ameeting_[obfuscated]&data=[obfuscated]",
            Teams,
        ),
    ]);
}

// leits/MeetingBar, MeetingBarTests/Meetingbar-sample-data.ics
// @ 72ccfd1e738da435311efc13451ef48f117afa6d (removed in
// 27e762d4689ef0bab51cd4ad6ce1f3a5e3d38c2b). Values as the ICS reader hands
// them over: unfolded and unescaped; the Teams invite's inline styles elided.
// https://github.com/leits/MeetingBar/blob/72ccfd1e738da435311efc13451ef48f117afa6d/MeetingBarTests/Meetingbar-sample-data.ics
const MEETINGBAR_SAMPLE_TEAMS_HTML: &str = concat!(
    r##"<div> <a class="me-email-headline" href="https://teams.microsoft.com/l/meetup-join/19%3ameeting_M2IxNTNlZTEtNDk2Zi00NjNjLTg4MGQtMGMxYjg1NGY2MTk4%40thread.v2/0?context=%7b%22Tid%22%3a%2261a28ff2-870a-4b31-a64b-65e6c27cc157%22%2c%22Oid%22%3a%221720a707-0960-4274-90de-27dc4a7a0166%22%7d" target="_blank" rel="noreferrer noopener">Join Microsoft Teams Meeting</a> </div> "##,
    r##"<div> <div> <a class="me-email-link" href="tel:+49 69 667781657,,5602784# " target="_blank" rel="noreferrer noopener">+49 69 667781657</a> <span>&nbsp; Germany, Frankfurt am Main (Toll) </span> </div> </div> "##,
    r##"<div> <span> Conference ID: </span> <span> 560 278 4# </span> </div> "##,
    r##"<a class="me-email-link" target="_blank" href="https://dialin.teams.microsoft.com/310d6166-75b2-4f87-b312-8c92262f9c37?id=5602784" rel="noreferrer noopener">Local numbers</a> | "##,
    r##"<a class="me-email-link" target="_blank" href="https://mysettings.lync.com/pstnconferencing" rel="noreferrer noopener"> Reset PIN</a> | "##,
    r##"<a class="me-email-link" target="_blank" href="https://aka.ms/JoinTeamsMeeting" rel="noreferrer noopener">Learn more about Teams</a> <div> </div> <div> </div>"##,
);

#[test]
fn meetingbar_sample_ics_events() {
    let meet = "https://meet.google.com/arc-nicr-dvy";
    assert_eq!(joins(&[(Field::Url, meet)], Meet, meet), Some(Field::Url));
    let teams = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_M2IxNTNlZTEtNDk2Zi00NjNjLTg4MGQtMGMxYjg1NGY2MTk4%40thread.v2/0?context=%7b%22Tid%22%3a%2261a28ff2-870a-4b31-a64b-65e6c27cc157%22%2c%22Oid%22%3a%221720a707-0960-4274-90de-27dc4a7a0166%22%7d";
    for field in [Field::Description, Field::DescriptionHtml] {
        joins(&[(field, MEETINGBAR_SAMPLE_TEAMS_HTML)], Teams, teams);
    }
    let zoom = "https://us02web.zoom.us/j/6212980889?pwd=Zk9mRjVRN2VuMG45MTNiRFBrWGhaUT09";
    joins(&[(Field::Description, zoom)], Zoom(6212980889), zoom);
    let webex =
        "https://meetings.webex.com/collabs/meetings/join?uuid=M8X65K8I6T5W87VYZCNQW1Q4LV-N73J";
    joins(&[(Field::Description, webex)], Webex, webex);
    // The sample's events for services Roomstart does not serve.
    each(&[
        ("https://duo.app.goo.gl/AQVKmTTO6DRmQF6LWF6adB", Nothing),
        ("https://join.skype.com/dVcj75Yh87ww", Nothing),
        ("https://hangouts.google.com/klasdfjlkasdf", Nothing),
        (
            "https://join.vwgroup.com/volkswagen.de/meet/eduard.raile/89SWV0TY",
            Nothing,
        ),
        (
            "https://fmeag507.workplace.com/groupcall/LINK:nhzxdpxejiha/",
            Nothing,
        ),
        (
            "https://meet.starleaf.com/4397013840/browser#local_media=true",
            Nothing,
        ),
        ("https://meet.jit.si/asdfasdf", Nothing),
        ("https://fme.chime.aws/testing", Nothing),
        ("https://gotomeeting.com/testing", Nothing),
        ("https://meetingbar.zm.page", Nothing),
    ]);
}

// leits/MeetingBar, MeetingBarLogicTests/ZoomGoogleRedirectRegressionTests.swift
// @ 8d7ebf448ca06adab6bfad50012da5a0c6b202b8: a Google Calendar Zoom add-on
// invite (identifiers fabricated by MeetingBar) that carries the join link both
// plain and inside a google.com/url redirect, next to Zoom pages that are no
// meeting (add-on invitation, agenda doc, chat launcher).
// https://github.com/leits/MeetingBar/blob/8d7ebf448ca06adab6bfad50012da5a0c6b202b8/MeetingBarLogicTests/ZoomGoogleRedirectRegressionTests.swift
const MEETINGBAR_ZOOM_ADDON_INVITE: &str = r##"-::~:~::~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~::~:~::-
Join Zoom Meeting
https://acme.zoom.us/j/81234567890?pwd=AbCdEfGhIjKlMnOpQrStUvWxYz1234.1&jst=2 (ID: 81234567890, passcode: 123456)

Join by phone
(US) +1 555-555-5555 (passcode: 123456)

Join using SIP
81234567890@zoomcrc.com (passcode: 123456)

Joining instructions: https://www.google.com/url?q=https://applications.zoom.us/addon/invitation/detail?meetingUuid%3D0000000000000000%253D%253D&sa=D&source=calendar&usg=AOvVaw0000000000000000000

Meeting host: host@example.com<br /><br />Join Zoom Meeting: <br /><a href="https://www.google.com/url?q=https://acme.zoom.us/j/81234567890?pwd%3DAbCdEfGhIjKlMnOpQrStUvWxYz1234.1%26jst%3D2&amp;sa=D&amp;source=calendar&amp;usg=AOvVaw0000000000000000000" target="_blank">https://acme.zoom.us/j/81234567890?pwd=AbCdEfGhIjKlMnOpQrStUvWxYz1234.1&amp;jst=2</a><br /><br />Meeting agenda: <br /><a href="https://www.google.com/url?q=https://docs.zoom.us/agenda/doc/cfe521f4-98ee-4856-b181-f26ca7cd6214?from%3Dgsuite&amp;sa=D&amp;source=calendar&amp;usg=AOvVaw0000000000000000000" target="_blank">https://docs.zoom.us/agenda/doc/cfe521f4-98ee-4856-b181-f26ca7cd6214?from=gsuite</a><br /><br />Chat with Everyone: <br /><a href="https://www.google.com/url?q=https://acme.zoom.us/launch/jc/81234567890&amp;sa=D&amp;source=calendar&amp;usg=AOvVaw0000000000000000000" target="_blank">https://acme.zoom.us/launch/jc/81234567890</a>

Please do not edit this section.
-::~:~::~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~::~:~::-"##;

#[test]
fn meetingbar_google_calendar_zoom_addon_invite() {
    for field in [Field::Description, Field::DescriptionHtml] {
        joins(
            &[(field, MEETINGBAR_ZOOM_ADDON_INVITE)],
            Zoom(81234567890),
            "https://acme.zoom.us/j/81234567890?pwd=AbCdEfGhIjKlMnOpQrStUvWxYz1234.1&jst=2",
        );
    }
    // The add-on's other Zoom pages, alone, are no meeting.
    each(&[
        (
            "https://www.google.com/url?q=https://applications.zoom.us/addon/invitation/detail?meetingUuid%3D0000000000000000%253D%253D&sa=D&source=calendar&usg=AOvVaw0000000000000000000",
            Nothing,
        ),
        (
            "https://docs.zoom.us/agenda/doc/cfe521f4-98ee-4856-b181-f26ca7cd6214?from=gsuite",
            Nothing,
        ),
        ("https://acme.zoom.us/launch/jc/81234567890", Nothing),
    ]);
}

// leits/MeetingBar, MeetingBarLogicTests/GoogleRedirectCleanupTests.swift
// @ 8d7ebf448ca06adab6bfad50012da5a0c6b202b8 (testUnwrapsRedirectAndDecodesQuerySeparators,
// testStandaloneDetectMeetingLinkUnwrapsRedirect, testCleanLinkWinsOverWrappedVariantInNotes,
// testLeavesLegitimatelyEncodedPasscodeUntouched, testMalformedRedirectDoesNotStrandLaterOnes,
// and from testHostAndSchemeBoundariesAreNotRewritten the notgoogle.com one: a
// meeting link inside another site's query string). The peer's /j/1 and /j/9
// are widened to 123456789.
// https://github.com/leits/MeetingBar/blob/8d7ebf448ca06adab6bfad50012da5a0c6b202b8/MeetingBarLogicTests/GoogleRedirectCleanupTests.swift
#[test]
fn meetingbar_google_calendar_redirects() {
    let addon = "https://acme.zoom.us/j/123456789?pwd=AbCdEf.1&jst=2";
    joins(
        &[(
            Field::Description,
            "Join Zoom Meeting https://www.google.com/url?q=https://acme.zoom.us/j/123456789?pwd%3DAbCdEf.1%26jst%3D2&amp;sa=D&amp;source=calendar&amp;usg=AOvVaw123",
        )],
        Zoom(123456789),
        addon,
    );
    joins(
        &[(
            Field::Description,
            "Join Zoom Meeting\nhttps://acme.zoom.us/j/123456789?pwd=AbCdEf.1&jst=2\nJoining instructions: https://www.google.com/url?q=https://acme.zoom.us/j/123456789?pwd%3DAbCdEf.1%26jst%3D2&amp;sa=D&amp;usg=AOvVaw1\n",
        )],
        Zoom(123456789),
        addon,
    );
    joins(
        &[(
            Field::Description,
            "https://www.google.com/url?q=https://acme.zoom.us/j/555000111?pwd%3DZzTop.1%26jst%3D2&amp;sa=D&amp;usg=AOvVaw2",
        )],
        Zoom(555000111),
        "https://acme.zoom.us/j/555000111?pwd=ZzTop.1&jst=2",
    );
    // Google double-encodes a passcode's own %: exactly one decode is right.
    joins(
        &[(
            Field::Description,
            "https://www.google.com/url?q=https://acme.zoom.us/j/123456789?pwd%3DaB%252FcD%253D&amp;sa=D&amp;usg=AOvVaw0",
        )],
        Zoom(123456789),
        "https://acme.zoom.us/j/123456789?pwd=aB%2FcD%3D",
    );
    joins(
        &[(
            Field::Description,
            "instructions https://www.google.com/url?q=https://example.com/x%ZZbroken&amp;sa=D\njoin https://www.google.com/url?q=https://acme.zoom.us/j/123456789?pwd%3DX%26jst%3D2&amp;sa=D",
        )],
        Zoom(123456789),
        "https://acme.zoom.us/j/123456789?pwd=X&jst=2",
    );
    each(&[
        (
            "https://notgoogle.com/url?q=https://acme.zoom.us/j/123456789?pwd%3DX&amp;sa=D",
            Nothing,
        ),
        (
            "Agenda https://docs.google.com/document/d/abc123/edit",
            Nothing,
        ),
    ]);
}

// Same file, testUnwrapsCountryCodeGoogleDomains (the peer's /j/9 widened).
#[test]
#[ignore = "only www.google.com and google.com redirects are unwrapped; country-code Google hosts are not, and the link inside is then skipped"]
fn meetingbar_google_redirects_on_country_code_hosts() {
    let cases: Vec<(String, Want, &str)> = ["www.google.de", "google.co.uk", "www.google.com.au"]
        .iter()
        .map(|host| {
            (
                format!("https://{host}/url?q=https://acme.zoom.us/j/123456789?pwd%3DX&amp;sa=D"),
                Zoom(123456789),
                "https://acme.zoom.us/j/123456789?pwd=X",
            )
        })
        .collect();
    each_joins(&cases);
}

// leits/MeetingBar, MeetingBarLogicTests/OutlookSafeLinkCleanupTests.swift
// @ df11d36d88ed1ad70c53d3c42c285d6c98064127 (testUnwrapsSafeLink,
// testMalformedSafeLinkDoesNotStrandLaterOnes, testLeavesUnrelatedOutlookURLsUntouched).
// The peer's /j/9 is widened to 123456789.
// https://github.com/leits/MeetingBar/blob/df11d36d88ed1ad70c53d3c42c285d6c98064127/MeetingBarLogicTests/OutlookSafeLinkCleanupTests.swift
#[test]
fn meetingbar_outlook_safelinks() {
    let safe =
        "https://acme.safelinks.protection.outlook.com/?url=https%3A%2F%2Facme.zoom.us%2Fj%2F123456789%3Fpwd%3DAbC.1";
    let zoom = "https://acme.zoom.us/j/123456789?pwd=AbC.1";
    joins(
        &[(Field::Description, format!("Join {safe}\n").as_str())],
        Zoom(123456789),
        zoom,
    );
    joins(
        &[(
            Field::Description,
            format!(
                "https://acme.safelinks.protection.outlook.com/?url=https%3A%2F%2Fbad%ZZbroken\n{safe}"
            )
            .as_str(),
        )],
        Zoom(123456789),
        zoom,
    );
    each(&[
        (
            "https://acme.safelinks.protection.outlook.com/?url=https%3A%2F%2Fbad%ZZbroken",
            Nothing,
        ),
        ("https://outlook.office.com/calendar/item/abc123", Nothing),
    ]);
}

// Invites quoted in MeetingBar's issue tracker:
// https://github.com/leits/MeetingBar/issues/149 (Google Calendar's Zoom
// plugin; the description as the Calendar app shows it),
// https://github.com/leits/MeetingBar/issues/164 (a personal link on a
// vanity host).
#[test]
fn meetingbar_issues_zoom_invites() {
    let html = "<br><br>──────────<br><br>XXX is inviting you to a scheduled Zoom meeting.<br><br>Join Zoom Meeting<br><a href=\"https://xxx.zoom.us/j/12345667890?pwd=MU5pUUNtR0paEZtZmlqK3lnSHRpdz09\">https://xxx.zoom.us/j/12345667890?pwd=MU5pUUNtR0paEZtZmlqK3lnSHRpdz09</a><br><br>Meeting ID: 123 4566 7890<br>Passcode: xxx<br><br>Join by SIP<br>";
    for field in [Field::Description, Field::DescriptionHtml] {
        joins(
            &[(field, html)],
            Zoom(12345667890),
            "https://xxx.zoom.us/j/12345667890?pwd=MU5pUUNtR0paEZtZmlqK3lnSHRpdz09",
        );
    }
    each(&[("https://example.zoom.us/my/nevada.scout", ZoomNoId)]);
}

// ---------------------------------------------------------------------------
// GNOME/gnome-calendar
// ---------------------------------------------------------------------------

// GNOME/gnome-calendar, tests/test-utils.c @ 8023d3e85e4bb369c4445d2bdd55079b1f7d38d8
// (last changed in ef5935f1fad6a27dff9505644107f14bed7bb28a): extract_meeting_url
// on GOOGLE_SAMPLE_DESCRIPTION, GOOGLE_SAMPLE_DESCRIPTION_WITH_COMMENT and
// TEAMS_SAMPLE_DESCRIPTION.
// https://github.com/GNOME/gnome-calendar/blob/8023d3e85e4bb369c4445d2bdd55079b1f7d38d8/tests/test-utils.c
const GNOME_GOOGLE_DESCRIPTION: &str =
    "-::~:~::~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~::~:~::-\n\
Entrar com o Google Meet: https://meet.google.com/abc-defg-hij\n\
\n\
Saiba mais sobre o Meet em: https://support.google.com/a/users/answer/9282720\n\
\n\
Não edite esta seção.\n\
-::~:~::~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~::~:~::-";

const GNOME_TEAMS_DESCRIPTION: &str = "________________________________________________________________________________\n\
Réunion Microsoft Teams\n\
Joindre : https://teams.microsoft.com/meet/12345678912345?p=0AbCdEfGjKLm1nOjTj\n\
Numéro de réunion : 123 456 789 123 45\n\
Code secret : abcdefgh\n\
________________________________\n\
Besoin d’aide?<https://aka.ms/JoinTeamsMeeting?omkt=fr-CA> | Référence système<https://teams.microsoft.com/l/meetup-join/19%3ameeting_KLMNTABC02UJKL5OC00ZWJhLThhNDgtYmJlYTI2ZTE5YzM0%40abc.v2/0?context=%7b%22Tid%22%3a%3f5f042f-920a-4035-8dc7-477b5dce3c73%22%2c%22Oid%22%3a%aa4dd47c-47a1-4a00-b766-6e5f83e7d367%22%7d>\n\
Pour les organisateurs : Options de réunion<https://teams.microsoft.com/meetingOptions/?organizerId=690add55-d0e3-4605-ac28-a3a08193c212&tenantId=43743467-968a-4ded-8250-afd003a4a407&threadId=19_meeting_Yjk5NTI0M2UtNjA5OC00ZWJhLThhNDgtYmJlYTI2ZTE5YzM0&messageId=100&language=fr-CA>\n\
________________________________________________________________________________";

#[test]
fn gnome_calendar_google_meet_descriptions() {
    let meet = "https://meet.google.com/abc-defg-hij";
    joins(
        &[(Field::Description, GNOME_GOOGLE_DESCRIPTION)],
        Meet,
        meet,
    );
    let with_comment = format!("TROLOLO\n{GNOME_GOOGLE_DESCRIPTION}");
    joins(&[(Field::Description, with_comment.as_str())], Meet, meet);
}

#[test]
fn gnome_calendar_teams_description_is_a_teams_meeting() {
    each(&[(GNOME_TEAMS_DESCRIPTION, Teams)]);
}

#[test]
fn gnome_calendar_teams_description_joins_the_join_link() {
    joins(
        &[(Field::Description, GNOME_TEAMS_DESCRIPTION)],
        Teams,
        "https://teams.microsoft.com/meet/12345678912345?p=0AbCdEfGjKLm1nOjTj",
    );
}

// ---------------------------------------------------------------------------
// caleb531/open-conference-url
// ---------------------------------------------------------------------------

// caleb531/open-conference-url, tests/test_data.json (last changed in
// a247620f6a82b11270cf13ca71c59a98a26b2eb6) as used by tests/test_matching.py,
// both @ d1e94525810de5a3f630af96dba6760daf6276c8.
// https://github.com/caleb531/open-conference-url/blob/d1e94525810de5a3f630af96dba6760daf6276c8/tests/test_data.json
// The suite's Zoom numbers (123456) are placeholders; see
// peers_placeholder_meeting_numbers_are_no_meeting. Its Zoom permutations also
// mix in Meet and Teams links and expect Zoom whatever the order (it ranks
// services by configuration); Roomstart takes the first meeting an event
// names, so those mixes are left out.
#[test]
fn open_conference_url_example_correct_urls() {
    each(&[
        ("https://mycompany.zoom.us/my/cevans", ZoomNoId),
        ("https://meet.google.com/abc123", Meet),
        (
            "https://teams.microsoft.com/l/meetup-join/12%3ameeting_A1b2C3%40thread.v2/0?context=%7b%22Tidc123",
            Teams,
        ),
        ("https://example.webex.com/meet/giacomo", Webex),
    ]);
    // test_non_conference_urls, test_no_urls
    each_in(Field::Location, &[("https://github.com", Nothing)]);
    each(&[("", Nothing)]);
}

#[test]
fn open_conference_url_example_incorrect_urls_off_the_join_paths() {
    each(&[
        ("https://zoom.us/favicon.png", Nothing),
        (
            "https://dialin.teams.microsoft.com/usp/pstnconferencing",
            Nothing,
        ),
    ]);
}

#[test]
fn open_conference_url_example_incorrect_urls_on_meeting_hosts() {
    each(&[
        ("https://meet.google.com/favicon.png", Nothing),
        ("https://teams.microsoft.com/favicon.png", Nothing),
        ("https://webex.com/favicon.png", Nothing),
    ]);
}

#[test]
fn open_conference_url_permutations_zoom_teams_webex() {
    // Zoom's right links, the placeholder number widened to 123456789.
    for right in [
        "https://zoom.us/j/123456789?pwd=AiBjCk&usp=sharing",
        "https://us02web.zoom.us/j/123456789?pwd=AiBjCk&usp=sharing",
    ] {
        right_link_in_every_order(right, &["https://zoom.us/favicon.png"], Zoom(123456789));
    }
    right_link_in_every_order(
        "https://mycompany.zoom.us/my/cevans",
        &["https://zoom.us/favicon.png"],
        ZoomNoId,
    );
    right_link_in_every_order(
        "https://teams.microsoft.com/l/meetup-join/12%3ameeting_A1b2C3%40thread.v2/0?context=%7b%22Tidc123",
        &[
            "https://teams.microsoft.com/favicon.png",
            "https://dialin.teams.microsoft.com/usp/pstnconferencing",
        ],
        Teams,
    );
    right_link_in_every_order(
        "https://example.webex.com/meet/giacomo",
        &["https://webex.com/favicon.png"],
        Webex,
    );
}

#[test]
fn open_conference_url_permutations_meet() {
    right_link_in_every_order(
        "https://meet.google.com/abc123",
        &["https://meet.google.com/favicon.png"],
        Meet,
    );
}

// ---------------------------------------------------------------------------
// chmouel/nextmeeting
// ---------------------------------------------------------------------------

// chmouel/nextmeeting (Python), tests/test_links.py
// @ 6616d51631327584bf5a4b90eb5278f016b7f4f6 (last changed in
// ced4184440ec3c1e156a37ee0d1b3bc4eaa45a1d): test_google_meet_normalization_and_filters.
// https://github.com/chmouel/nextmeeting/blob/6616d51631327584bf5a4b90eb5278f016b7f4f6/tests/test_links.py
#[test]
fn nextmeeting_py_meet_link_with_query() {
    let meet = "https://meet.google.com/abc-defg-hij?hs=123";
    joins(&[(Field::Description, meet)], Meet, meet);
}

// Zoom's web join form, zoom.us/join?confno=…, from both nextmeeting suites:
// tests/test_links.py @ 6616d51631327584bf5a4b90eb5278f016b7f4f6
// (test_outlook_safelink_cleanup_and_zoom_normalization) and
// crates/nextmeeting-core/src/links.rs @ 8618a9897cce6e9bac8688ffec50f8c2bf9f73b3
// (normalizes_zoom_join_format).
#[test]
fn nextmeeting_zoom_web_join_form() {
    each_joins(&[
        (
            "https://nam12.safelinks.protection.outlook.com/ap/t-xyz/?url=https%3A%2F%2Fzoom.us%2Fjoin%3Fconfno%3D123456789%26pwd%3DabcDEF&data=ignored",
            Zoom(123456789),
            // Read as the https form Join opens, passcode kept.
            "https://zoom.us/j/123456789?pwd=abcDEF",
        ),
        (
            "https://zoom.us/join?confno=987654321&pwd=secret",
            Zoom(987654321),
            "https://zoom.us/j/987654321?pwd=secret",
        ),
    ]);
}

// chmouel/nextmeeting (Rust rewrite, branch `rewrite`),
// crates/nextmeeting-core/src/links.rs @ 8618a9897cce6e9bac8688ffec50f8c2bf9f73b3
// (last changed in b551d33c799ba9c0c8b0e1c6f600b40e2f6dc937), mod tests.
// https://github.com/chmouel/nextmeeting/blob/8618a9897cce6e9bac8688ffec50f8c2bf9f73b3/crates/nextmeeting-core/src/links.rs
#[test]
fn nextmeeting_rs_zoom_meet_teams_webex() {
    joins(
        &[(
            Field::Description,
            "https://nam01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fzoom.us%2Fj%2F123456789&data=abc123",
        )],
        Zoom(123456789),
        "https://zoom.us/j/123456789",
    );
    joins(
        &[(
            Field::Description,
            "https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fmeet.google.com%2Fabc-defg-hij%3Fauthuser%3D0&data=xyz&sdata=qrs",
        )],
        Meet,
        "https://meet.google.com/abc-defg-hij?authuser=0",
    );
    let teams = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc123@thread.v2/0?context=%7b%22Tid%22%3a%22xyz%22%7d";
    joins(&[(Field::Description, teams)], Teams, teams);
    each(&[
        ("https://zoom.us/j/123456789", Zoom(123456789)),
        ("https://zoom.us/j/123456789?pwd=abc123XYZ", Zoom(123456789)),
        ("https://zoom.us/my/johndoe", ZoomNoId),
        ("https://company.zoom.us/j/123456789", Zoom(123456789)),
        ("https://company.zoom.us/my/johndoe", ZoomNoId),
        ("https://example.zoomgov.com/j/123456789", Zoom(123456789)),
        (
            "zoommtg://zoom.us/join?confno=123456789&pwd=secret",
            Zoom(123456789),
        ),
        ("https://meet.google.com/abc-defg-hij", Meet),
        ("https://meet.google.com/abc-defg-hij?authuser=0&hs=179", Meet),
        ("https://meet.google.com/xyz-uvwx-rst/", Meet),
        ("https://teams.live.com/l/meetup-join/abc123", Teams),
        (
            "https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc@thread.v2/0?context=xyz",
            Teams,
        ),
        ("https://company.webex.com/meet/john.doe", Webex),
        (
            "Join the meeting at https://zoom.us/j/123456789",
            Zoom(123456789),
        ),
        (
            "Join: https://nam01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fzoom.us%2Fj%2F123456789",
            Zoom(123456789),
        ),
        (
            r#"<a href="https://meet.google.com/abc-defg-hij">Join Meeting</a>"#,
            Meet,
        ),
        ("This is just plain text with no URLs.", Nothing),
        ("not-a-valid-url", Nothing),
        ("https://example.com/path?name=caf%C3%A9", Nothing),
    ]);
    // extracts_multiple_links: the peer lists every link; Roomstart joins the
    // first meeting the event names.
    joins(
        &[(
            Field::Description,
            "\n                Primary: https://meet.google.com/abc-defg-hij\n                Backup: https://zoom.us/j/999888777\n                Docs: https://docs.google.com/document/d/abc123\n            ",
        )],
        Meet,
        "https://meet.google.com/abc-defg-hij",
    );
}

// Same file, test_all_services_detected: services whose links look like Zoom's
// (a /j/<number> path, "zoom" in the host) or Meet's, none of them Zoom or Meet.
#[test]
fn nextmeeting_rs_other_services_shaped_like_zoom_or_meet() {
    each(&[
        ("https://stream.meet.google.com/stream/abc-123", Nothing),
        ("https://hangouts.google.com/call/abc123", Nothing),
        ("https://go.userzoom.com/participate/abc-123", Nothing),
        ("https://company.zm.page", Nothing),
        ("https://vc.larksuite.com/j/123456789", Nothing),
        ("https://vc.feishu.cn/j/123456789", Nothing),
        ("https://welink.zhumu.com/j/123456?pwd=abc123", Nothing),
        ("https://meetings.ringcentral.com/j/123", Nothing),
        ("https://pop.com/j/123-456", Nothing),
        ("https://reclaim.ai/z/abc123", Nothing),
        ("https://chime.aws/1234567890", Nothing),
        ("https://docs.google.com/document/d/abc123", Nothing),
    ]);
}

// ---------------------------------------------------------------------------
// OpenWhispr/openwhispr
// ---------------------------------------------------------------------------

// OpenWhispr/openwhispr, test/helpers/meetingJoinUrl.test.js
// @ fa11ddc9040c4f26c689398138f390d8af8ef2cd (last changed in
// 896d4dde26e0b4755385d9400a8654f18b4239ea).
// https://github.com/OpenWhispr/openwhispr/blob/fa11ddc9040c4f26c689398138f390d8af8ef2cd/test/helpers/meetingJoinUrl.test.js
#[test]
fn openwhispr_known_vendors() {
    each(&[
        ("https://zoom.us/j/123456789", Zoom(123456789)),
        (
            "https://us02web.zoom.us/j/123456789?pwd=abc",
            Zoom(123456789),
        ),
        ("https://zoom.us/w/123456789", Zoom(123456789)),
        (
            "https://us02web.zoom.us/w/123456789?pwd=abc",
            Zoom(123456789),
        ),
        ("https://zoom.us/my/alice", ZoomNoId),
        ("https://meet.google.com/abc-defg-hij", Meet),
        (
            "https://teams.microsoft.com/l/meetup-join/19%3ameeting_x/0",
            Teams,
        ),
        ("https://teams.microsoft.com/meet/1234567890?p=abc", Teams),
        ("https://teams.live.com/meet/9876543210", Teams),
        ("https://company.webex.com/meet/jdoe", Webex),
        ("https://chime.aws/1234567890", Nothing),
    ]);
    // "extractMeetingUrl finds a link inside a location string"
    joins(
        &[(
            Field::Location,
            "Join here: https://meet.google.com/abc-defg-hij (passcode 42)",
        )],
        Meet,
        "https://meet.google.com/abc-defg-hij",
    );
    joins(
        &[(
            Field::Location,
            "Zoom: https://zoom.us/j/123456789, dial-in below",
        )],
        Zoom(123456789),
        "https://zoom.us/j/123456789",
    );
    // "extractMeetingUrl returns null when nothing matches"
    each_in(
        Field::Location,
        &[
            ("Conference Room 4B", Nothing),
            ("https://example.com/agenda", Nothing),
            ("", Nothing),
        ],
    );
}

// Same file, "rejects meeting paths on untrusted hosts" and "skips untrusted
// URLs before a valid meeting URL": service hosts in the path, in the query
// string, as user info, or as the left part of another host. The peer's /w/123
// and /w/456 are widened to 123456789 and 456456456, so the host alone decides.
#[test]
fn openwhispr_meeting_paths_on_untrusted_hosts() {
    each(&[
        (
            "https://attacker.example/teams.microsoft.com/meet/123?p=abc",
            Nothing,
        ),
        (
            "https://attacker.example/zoom.us/w/123456789?tk=secret",
            Nothing,
        ),
        (
            "https://attacker.example/meet.google.com/abc-defg-hij",
            Nothing,
        ),
        (
            "https://attacker.example/teams.live.com/meet/9876543210",
            Nothing,
        ),
        (
            "https://attacker.example/company.webex.com/meet/jdoe",
            Nothing,
        ),
        ("https://attacker.example/chime.aws/1234567890", Nothing),
        (
            "https://attacker.example/?next=https://zoom.us/my/alice",
            Nothing,
        ),
        ("https://zoom.us@attacker.example/w/123456789", Nothing),
        ("https://zoom.us.attacker.example/w/123456789", Nothing),
    ]);
    joins(
        &[(
            Field::Description,
            "Agenda: https://attacker.example/zoom.us/w/123456789 Join: https://zoom.us/w/456456456",
        )],
        Zoom(456456456),
        "https://zoom.us/w/456456456",
    );
}

// Same file, "rejects unsupported paths on trusted hosts".
#[test]
fn openwhispr_unsupported_paths_on_zoom() {
    each(&[
        ("https://zoom.us/profile/alice", Nothing),
        ("https://chime.aws/", Nothing),
    ]);
}

#[test]
fn openwhispr_unsupported_paths_on_meet_teams_webex() {
    each(&[
        ("https://meet.google.com/", Nothing),
        ("https://teams.microsoft.com/chat/123", Nothing),
        ("https://teams.live.com/chat/123", Nothing),
        ("https://company.webex.com/", Nothing),
    ]);
}

// ---------------------------------------------------------------------------
// silverstein/minutes
// ---------------------------------------------------------------------------

// silverstein/minutes, crates/core/src/calendar.rs
// @ 65d0de46bed135cf7408869675422c58e9985332 (last changed in
// 8fee02097daf575cdd5a83f6e6beb900c92abdf2), mod tests: extract_zoom_url,
// extract_google_meet_url, extract_teams_url, extract_no_url,
// extract_zoom_us_vanity_url_with_dash, extract_zoom_vanity_personal_link.
// https://github.com/silverstein/minutes/blob/65d0de46bed135cf7408869675422c58e9985332/crates/core/src/calendar.rs
#[test]
fn minutes_zoom_meet_teams() {
    let zoom = "https://zoom.us/j/1234567890?pwd=abc123";
    joins(&[(Field::Description, zoom)], Zoom(1234567890), zoom);
    joins(
        &[(
            Field::Description,
            "Join from calendar: https://hooli-it.zoom.us/j/93507198550?pwd=abc",
        )],
        Zoom(93507198550),
        "https://hooli-it.zoom.us/j/93507198550?pwd=abc",
    );
    each(&[
        ("Join: https://meet.google.com/abc-defg-hij", Meet),
        (
            "https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc",
            Teams,
        ),
        (
            "Personal room: https://mycompany.zoom.us/my/grant",
            ZoomNoId,
        ),
        ("Conference Room B", Nothing),
        ("", Nothing),
        ("https://docs.google.com/doc/123", Nothing),
    ]);
}

// Zoom links on a company subdomain of zoom.com:
// silverstein/minutes, same file and commit (extract_zoom_vanity_url,
// extract_zoom_vanity_url_from_google_calendar_redirect,
// extract_visible_zoom_vanity_url_from_markdown_link; merged with
// https://github.com/silverstein/minutes/pull/337), and
// https://github.com/leits/MeetingBar/issues/652 (fixed by
// https://github.com/leits/MeetingBar/pull/657). zoom.com is Zoom's own
// domain, so these are no lookalikes; Zoom's vanity-URL guidelines name only
// <company>.zoom.us.
#[test]
#[ignore = "only zoom.com and www.zoom.com are Zoom hosts; <company>.zoom.com is refused (links/hosts.rs tests evil.zoom.com -> false on purpose)"]
fn zoom_com_company_subdomains() {
    each_joins(&[
        (
            "https://airwallex.zoom.com/j/93507198550",
            Zoom(93507198550),
            "https://airwallex.zoom.com/j/93507198550",
        ),
        (
            "https://www.google.com/url?q=https://airwallex.zoom.com/j/93507198550?jst%3D2&sa=D&source=calendar",
            Zoom(93507198550),
            "https://airwallex.zoom.com/j/93507198550?jst=2",
        ),
        (
            "https://testcompany.zoom.com/j/92313847288?pwd=cY792Kdy4js92JA90kasYhTsL26Jhjwx8sg",
            Zoom(92313847288),
            "https://testcompany.zoom.com/j/92313847288?pwd=cY792Kdy4js92JA90kasYhTsL26Jhjwx8sg",
        ),
    ]);
    // Markdown: the visible link and a redirect to the same meeting.
    each(&[(
        "[https://airwallex.zoom.com/j/93507198550](https://www.google.com/url?q=https://airwallex.zoom.com/j/93507198550?jst%3D2&sa=D&source=calendar)",
        Zoom(93507198550),
    )]);
}

// ---------------------------------------------------------------------------
// Leko/crx-gcal-url-opener
// ---------------------------------------------------------------------------

// Leko/crx-gcal-url-opener, src/config.test.ts @ 40127ad30497f65a9de2a3cbbc986914a5f91bc1
// (last changed in a382eb7df25b8e60d98d4017cfa6406ccf1b51f5). Its hosts come
// from Zoom's vanity-URL guidelines; its meeting numbers are the placeholder
// `xxx`, here 123456789.
// https://github.com/Leko/crx-gcal-url-opener/blob/40127ad30497f65a9de2a3cbbc986914a5f91bc1/src/config.test.ts
#[test]
fn crx_gcal_url_opener_zoom_hosts_webex_sites_and_others() {
    let zoom: Vec<(String, Want)> = [
        "zoom.us",
        "us02web.zoom.us",
        "hooli.zoom.us",
        "hooli-org.zoom.us",
        "1234.zoom.us",
    ]
    .iter()
    .flat_map(|host| {
        ["j", "w"].map(|kind| (format!("https://{host}/{kind}/123456789"), Zoom(123456789)))
    })
    .collect();
    each(&zoom);
    each(&[
        ("https://teams.microsoft.com/l/meetup-join/xxx", Teams),
        ("https://00000.webex.com/00000/j.php?MTID=xxx", Webex),
        ("https://xxx.my.webex.com/xxx.my/j.php?MTID=xxx", Webex),
        ("https://meet.google.com/xxx-xxxx-xxx", Meet),
        ("https://vc-jp.larksuite.com/j/xxx", Nothing),
        ("https://chime.aws/0000000000", Nothing),
    ]);
}

// ---------------------------------------------------------------------------
// Lookalike hosts named in other projects' reviews and reports
// ---------------------------------------------------------------------------

// https://github.com/kunkka19xx/look/pull/374 (review of core/ai/src/meeting.rs:
// "https://evilzoom.us/j/123", "https://notwebex.com/meet/alex",
// "fakezoom.us.evil.com/j/1");
// https://github.com/jitsi/jitsi-meet-spot/pull/710 (review: "123zoom.us" is
// not Zoom, "https://1234.zoom.us" is);
// https://github.com/pennlabs/penn-clubs/pull/578 ("https://fredazoomaus/j/123/pwd=",
// a pattern with unescaped dots);
// https://github.com/x3me/omacal/issues/119 (a Zoom X vanity host,
// "https://uni-kassel.zoom-x.de/j/XXX?pwd=XXX").
// Meeting numbers widened to 123456789 so that the host alone decides.
#[test]
fn lookalike_and_vanity_hosts_from_peer_reviews() {
    each(&[
        ("https://evilzoom.us/j/123456789", Nothing),
        ("https://notwebex.com/meet/alex", Nothing),
        ("https://fakezoom.us.evil.com/j/123456789", Nothing),
        ("https://123zoom.us/j/123456789", Nothing),
        ("https://fredazoomaus/j/123456789/pwd=", Nothing),
        ("https://1234.zoom.us/j/123456789", Zoom(123456789)),
        (
            "https://uni-kassel.zoom-x.de/j/123456789?pwd=XXX",
            Zoom(123456789),
        ),
    ]);
}

// ---------------------------------------------------------------------------
// Placeholder meeting numbers
// ---------------------------------------------------------------------------

// Peers' placeholder Zoom numbers, shorter than any Zoom issues or all zeros.
// The peers find a meeting in each; Roomstart finds none (a MeetingId is 9 to
// 11 digits, without a leading zero), so a room never starts "meeting 12345".
#[test]
fn peers_placeholder_meeting_numbers_are_no_meeting() {
    each(&[
        // leits/MeetingBar, MeetingBarLogicTests/MeetingLinkDetectorTests.swift
        // @ 26eef52e008a98e42f87fd1a560f404cb615bf03
        ("https://us02web.zoom.us/j/12345", Nothing),
        ("https://us02web.zoom.us/j/12345?pwd=abcdef", Nothing),
        ("Real: https://zoom.us/j/9999", Nothing),
        // caleb531/open-conference-url, tests/test_data.json
        // @ d1e94525810de5a3f630af96dba6760daf6276c8
        ("https://zoom.us/j/123456", Nothing),
        ("https://zoom.us/j/123456?usp=sharing", Nothing),
        ("https://zoom.us/j/123456?pwd=AiBjCk", Nothing),
        ("https://us02web.zoom.us/j/123456?pwd=AiBjCk&usp=sharing", Nothing),
        // chmouel/nextmeeting, crates/nextmeeting-core/src/links.rs
        // @ 8618a9897cce6e9bac8688ffec50f8c2bf9f73b3
        (
            "https://zoom.us/j/123?pwd=abc&utm_source=email&utm_medium=calendar",
            Nothing,
        ),
        // silverstein/minutes, crates/core/src/calendar.rs
        // @ 65d0de46bed135cf7408869675422c58e9985332
        ("https://us02web.zoom.us/j/8765432?pwd=xyz", Nothing),
        ("https://zoom.us/j/999 (backup link)", Nothing),
        // sfsam/Itsycal, https://github.com/sfsam/Itsycal/issues/181
        (
            "https://eur03.safelinks.protection.outlook.com/?url=https%3A%2F%2Fus02web.zoom.us%2Fj%2F000000000&data=xxxx",
            Nothing,
        ),
    ]);
}
