use std::fmt;
use std::str::FromStr;

/// A Zoom meeting ID: 9 to 11 digits, never a leading zero (Zoom issues none,
/// and `/j/000000001` must not become meeting 1). IDs reach 11 digits, so never a u32.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MeetingId(u64);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a Zoom meeting id (9 to 11 digits, not starting with 0)")]
pub struct InvalidMeetingId(pub String);

impl MeetingId {
    pub fn get(self) -> u64 {
        self.0
    }

    /// Grouped the way Zoom prints it: `857 4635 2410`. Total: any value
    /// prints, though only 9 to 11 digits can be made.
    pub fn grouped(self) -> String {
        let s = self.0.to_string();
        if s.len() < 5 {
            return s;
        }
        let (a, rest) = s.split_at(3);
        let (b, c) = rest.split_at(rest.len() / 2);
        format!("{a} {b} {c}")
    }
}

impl FromStr for MeetingId {
    type Err = InvalidMeetingId;

    /// Accepts digits with the spaces or dashes people type between groups.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let digits: String = s.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        let well_formed = (9..=11).contains(&digits.len())
            && digits.bytes().all(|b| b.is_ascii_digit())
            && !digits.starts_with('0');
        if !well_formed {
            return Err(InvalidMeetingId(s.to_string()));
        }
        digits
            .parse()
            .map(MeetingId)
            .map_err(|_| InvalidMeetingId(s.to_string()))
    }
}

impl TryFrom<u64> for MeetingId {
    type Error = InvalidMeetingId;
    fn try_from(n: u64) -> Result<Self, Self::Error> {
        n.to_string().parse()
    }
}

impl fmt::Display for MeetingId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl<'de> serde::Deserialize<'de> for MeetingId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let n = u64::deserialize(d)?;
        MeetingId::try_from(n).map_err(serde::de::Error::custom)
    }
}

impl serde::Serialize for MeetingId {
    /// As a string of digits: JavaScript numbers are exact only to 2^53.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_lengths_zoom_issues() {
        let check = |input: &str, expected: Option<u64>| {
            assert_eq!(
                input.parse::<MeetingId>().ok().map(MeetingId::get),
                expected,
                "{input}"
            );
        };
        check("857463524", Some(857463524));
        check("8574635241", Some(8574635241));
        check("85746352410", Some(85746352410));
        check("857 4635 2410", Some(85746352410));
        check("857-4635-2410", Some(85746352410));
        check("12345678", None);
        check("123456789012", None);
        check("8574635241a", None);
        check("", None);
        // Leading zeros would make another meeting (or none) of the invite's number.
        check("000000001", None);
        check("0857463524", None);
        check("085 7463 5241", None);
    }

    #[test]
    fn grouped_prints_whatever_it_holds() {
        assert_eq!(MeetingId(1).grouped(), "1");
        assert_eq!(MeetingId(12345).grouped(), "123 4 5");
        assert_eq!(
            MeetingId(u64::MAX).grouped().replace(' ', ""),
            u64::MAX.to_string()
        );
    }

    #[test]
    fn an_eleven_digit_id_survives_json_both_ways() {
        let id: MeetingId = serde_json::from_str("98399082887").unwrap();
        assert_eq!(id.get(), 98_399_082_887);
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"98399082887\"");
        assert_eq!(id.grouped(), "983 9908 2887");
    }
}
