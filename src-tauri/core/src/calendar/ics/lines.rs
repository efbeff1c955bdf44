//! RFC 5545 content lines: unfolding, parameters, and TEXT unescaping.
//!
//! Lines borrow from the feed's text (only a folded line is copied), and are
//! read one at a time, so a feed of millions of tiny lines costs the reader
//! only the few it keeps.

use std::borrow::Cow;

/// One content line, `NAME;PARAM=value:VALUE`, with the name upper-cased.
#[derive(Debug, Clone, PartialEq)]
pub struct Property<'a> {
    pub name: Cow<'a, str>,
    /// Names as written (`param` ignores case), values without their quotes.
    pub params: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    pub value: Cow<'a, str>,
    /// 1-based line number in the source, for error messages.
    pub line: usize,
}

impl<'a> Property<'a> {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| &**v)
    }

    /// The property with `value` in place of its own: one of a list
    /// (RDATE, EXDATE) or one half of a PERIOD, keeping name and parameters.
    pub fn with_value<'b>(&'b self, value: &'b str) -> Property<'b> {
        Property {
            name: Cow::Borrowed(&*self.name),
            params: self
                .params
                .iter()
                .map(|(k, v)| (Cow::Borrowed(&**k), Cow::Borrowed(&**v)))
                .collect(),
            value: Cow::Borrowed(value.trim()),
            line: self.line,
        }
    }

    /// Each value of a comma-separated list, empty ones left out.
    pub fn listed_values(&self) -> impl Iterator<Item = &str> {
        self.value.split(',').filter(|v| !v.trim().is_empty())
    }
}

/// One unfolded line, not yet split: most lines of a hostile feed are
/// dropped by their name alone.
pub struct Line<'a> {
    text: Cow<'a, str>,
    /// 1-based line number in the source.
    pub line: usize,
}

impl<'a> Line<'a> {
    /// The property name as written (not upper-cased), when the line has one
    /// before any quote; `None` asks for the full split.
    pub fn name(&self) -> Option<&str> {
        let end = self.text.find([';', ':', '"'])?;
        (self.text.as_bytes()[end] != b'"').then(|| self.text[..end].trim())
    }

    /// The line split into a property. Lines without a colon give none.
    pub fn property(self) -> Option<Property<'a>> {
        let line = self.line;
        match self.text {
            Cow::Borrowed(text) => {
                let (name, params, value) = split_property(text)?;
                let name = name.trim();
                let upper = !name.bytes().any(|b| b.is_ascii_lowercase());
                Some(Property {
                    name: match upper {
                        true => Cow::Borrowed(name),
                        false => Cow::Owned(name.to_ascii_uppercase()),
                    },
                    params: params
                        .into_iter()
                        .map(|(k, v)| (Cow::Borrowed(k), Cow::Borrowed(v)))
                        .collect(),
                    value: Cow::Borrowed(value),
                    line,
                })
                .filter(|p| !p.name.is_empty())
            }
            Cow::Owned(text) => {
                let (name, params, value) = split_property(&text)?;
                let owned = |s: &str| Cow::Owned(s.to_string());
                Some(Property {
                    name: Cow::Owned(name.trim().to_ascii_uppercase()),
                    params: params
                        .into_iter()
                        .map(|(k, v)| (owned(k), owned(v)))
                        .collect(),
                    value: owned(value),
                    line,
                })
                .filter(|p| !p.name.is_empty())
            }
        }
    }
}

/// Unfolds lines (CRLF or LF, a leading BOM, continuation by space or tab),
/// one at a time. Empty lines are skipped.
pub fn lines(text: &str) -> impl Iterator<Item = Line<'_>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut raw = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .enumerate()
        .peekable();
    std::iter::from_fn(move || loop {
        let (index, first) = raw.next()?;
        if first.is_empty() {
            continue;
        }
        let mut text = Cow::Borrowed(first);
        while let Some((_, next)) = raw.peek() {
            if let Some(continued) = next.strip_prefix([' ', '\t']) {
                text.to_mut().push_str(continued);
            } else if !next.is_empty() {
                break;
            }
            raw.next();
        }
        return Some(Line {
            text,
            line: index + 1,
        });
    })
}

/// Every line split into a property (lines without a colon are skipped).
#[cfg(test)]
pub fn content_lines(text: &str) -> Vec<Property<'_>> {
    lines(text).filter_map(Line::property).collect()
}

/// The name, the parameters (name, value without quotes) and the value: the
/// value starts at the first colon outside a quoted parameter value.
type Split<'t> = (&'t str, Vec<(&'t str, &'t str)>, &'t str);

fn split_property(text: &str) -> Option<Split<'_>> {
    let mut in_quotes = false;
    let colon = text.char_indices().find_map(|(i, c)| match c {
        '"' => {
            in_quotes = !in_quotes;
            None
        }
        ':' if !in_quotes => Some(i),
        _ => None,
    })?;
    let (head, value) = (&text[..colon], &text[colon + 1..]);
    let mut parts = split_unquoted(head, ';');
    let name = parts.next()?;
    let params = parts
        .filter_map(|p| {
            let (k, v) = p.split_once('=')?;
            Some((k.trim(), v.trim_matches('"')))
        })
        .collect();
    Some((name, params, value))
}

fn split_unquoted(s: &str, sep: char) -> impl Iterator<Item = &str> {
    let (mut start, mut in_quotes, mut done) = (0, false, false);
    let mut chars = s.char_indices();
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        for (i, c) in chars.by_ref() {
            if c == '"' {
                in_quotes = !in_quotes;
            } else if c == sep && !in_quotes {
                let part = &s[start..i];
                start = i + 1;
                return Some(part);
            }
        }
        done = true;
        Some(&s[start..])
    })
}

/// TEXT values escape `\\`, `\;`, `\,` and `\n`.
pub fn unescape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unfolds_crlf_lf_tabs_and_a_bom() {
        let text = "\u{feff}BEGIN:VEVENT\r\nDESCRIPTION:Join https://zoom.us/j/8574\r\n 6352410?pwd=a\n\tbc\nSUMMARY;LANGUAGE=en:Hi\nEND:VEVENT";
        let props = content_lines(text);
        assert_eq!(props[0].name, "BEGIN");
        assert_eq!(props[1].value, "Join https://zoom.us/j/85746352410?pwd=abc");
        assert_eq!(props[2].param("language"), Some("en"));
        assert_eq!(props[2].line, 5);
    }

    #[test]
    fn quoted_parameters_may_hold_colons_and_semicolons() {
        let props =
            content_lines("ORGANIZER;CN=\"Reyes; Dana\";SENT-BY=\"mailto:a@b\":mailto:d@e\n");
        assert_eq!(props[0].param("CN"), Some("Reyes; Dana"));
        assert_eq!(props[0].param("SENT-BY"), Some("mailto:a@b"));
        assert_eq!(props[0].value, "mailto:d@e");
    }

    #[test]
    fn unescapes_text() {
        assert_eq!(unescape_text(r"a\, b\; c\\d\nline"), "a, b; c\\d\nline");
    }
}
