//! Whether a Zoom token may create meetings, for "Meet now". Zoom names the
//! scope one way in its granular scopes and another in the classic ones that
//! older apps keep; a room's app may have been granted either kind.

/// Any one of these lets a Server-to-Server app create a meeting: the
/// granular names first (`:admin` for any user of the account, the bare one
/// for the app's own user), then the classic ones.
pub const CREATE_MEETING_SCOPES: [&str; 4] = [
    "meeting:write:meeting:admin",
    "meeting:write:meeting",
    "meeting:write:admin",
    "meeting:write",
];

/// `scopes` as the token endpoint grants them (separated by spaces).
pub fn can_create_meetings(scopes: &str) -> bool {
    scopes
        .split_whitespace()
        .any(|s| CREATE_MEETING_SCOPES.contains(&s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn granular_and_classic_write_scopes_both_allow_creating() {
        for granted in [
            "meeting:read:meeting:admin meeting:write:meeting:admin",
            "meeting:write:meeting",
            "user:read:admin meeting:write:admin",
            "meeting:write meeting:read",
        ] {
            assert!(can_create_meetings(granted), "{granted}");
        }
    }

    #[test]
    fn reading_and_lookalike_scopes_do_not() {
        for granted in [
            "",
            "meeting:read:admin user:read:token:admin",
            "meeting:read:meeting:admin meeting:read:list_meetings:admin",
            // Other write scopes, and names that only start like one.
            "meeting:write:invite_links:admin meeting:write:registrant:admin",
            "meeting:write:meeting:adminx meeting:writer",
        ] {
            assert!(!can_create_meetings(granted), "{granted}");
        }
    }
}
