//! Windows time zone names, as Exchange and Outlook write them in TZID, mapped
//! to IANA zones (the "001" territory of CLDR's windowsZones table).

use chrono_tz::Tz;

const ZONES: &[(&str, Tz)] = &[
    ("Dateline Standard Time", Tz::Etc__GMTPlus12),
    ("Hawaiian Standard Time", Tz::Pacific__Honolulu),
    ("Alaskan Standard Time", Tz::America__Anchorage),
    ("Pacific Standard Time", Tz::America__Los_Angeles),
    ("US Mountain Standard Time", Tz::America__Phoenix),
    ("Mountain Standard Time", Tz::America__Denver),
    ("Central Standard Time", Tz::America__Chicago),
    ("Central America Standard Time", Tz::America__Guatemala),
    ("Canada Central Standard Time", Tz::America__Regina),
    ("Eastern Standard Time", Tz::America__New_York),
    (
        "US Eastern Standard Time",
        Tz::America__Indiana__Indianapolis,
    ),
    ("Atlantic Standard Time", Tz::America__Halifax),
    ("Newfoundland Standard Time", Tz::America__St_Johns),
    ("E. South America Standard Time", Tz::America__Sao_Paulo),
    ("Argentina Standard Time", Tz::America__Buenos_Aires),
    ("SA Pacific Standard Time", Tz::America__Bogota),
    ("Pacific SA Standard Time", Tz::America__Santiago),
    ("UTC", Tz::UTC),
    ("Coordinated Universal Time", Tz::UTC),
    ("GMT Standard Time", Tz::Europe__London),
    ("Greenwich Standard Time", Tz::Atlantic__Reykjavik),
    ("W. Europe Standard Time", Tz::Europe__Berlin),
    ("Central Europe Standard Time", Tz::Europe__Budapest),
    ("Romance Standard Time", Tz::Europe__Paris),
    ("Central European Standard Time", Tz::Europe__Warsaw),
    ("W. Central Africa Standard Time", Tz::Africa__Lagos),
    ("GTB Standard Time", Tz::Europe__Bucharest),
    ("FLE Standard Time", Tz::Europe__Kiev),
    ("E. Europe Standard Time", Tz::Europe__Chisinau),
    ("Israel Standard Time", Tz::Asia__Jerusalem),
    ("South Africa Standard Time", Tz::Africa__Johannesburg),
    ("Egypt Standard Time", Tz::Africa__Cairo),
    ("Turkey Standard Time", Tz::Europe__Istanbul),
    ("Russian Standard Time", Tz::Europe__Moscow),
    ("Arab Standard Time", Tz::Asia__Riyadh),
    ("Arabian Standard Time", Tz::Asia__Dubai),
    ("Iran Standard Time", Tz::Asia__Tehran),
    ("Pakistan Standard Time", Tz::Asia__Karachi),
    ("India Standard Time", Tz::Asia__Kolkata),
    ("Nepal Standard Time", Tz::Asia__Kathmandu),
    ("Bangladesh Standard Time", Tz::Asia__Dhaka),
    ("SE Asia Standard Time", Tz::Asia__Bangkok),
    ("China Standard Time", Tz::Asia__Shanghai),
    ("Singapore Standard Time", Tz::Asia__Singapore),
    ("Taipei Standard Time", Tz::Asia__Taipei),
    ("W. Australia Standard Time", Tz::Australia__Perth),
    ("Tokyo Standard Time", Tz::Asia__Tokyo),
    ("Korea Standard Time", Tz::Asia__Seoul),
    ("Cen. Australia Standard Time", Tz::Australia__Adelaide),
    ("AUS Central Standard Time", Tz::Australia__Darwin),
    ("E. Australia Standard Time", Tz::Australia__Brisbane),
    ("AUS Eastern Standard Time", Tz::Australia__Sydney),
    ("Tasmania Standard Time", Tz::Australia__Hobart),
    ("New Zealand Standard Time", Tz::Pacific__Auckland),
];

pub fn iana_for(windows_name: &str) -> Option<Tz> {
    ZONES
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(windows_name))
        .map(|(_, tz)| *tz)
}
