//! RFC 5545 content lines: unfolding, parameters, and TEXT unescaping.

/// One content line, `NAME;PARAM=value:VALUE`, with the name upper-cased.
#[derive(Debug, Clone, PartialEq)]
pub struct Property {
    pub name: String,
    pub params: Vec<(String, String)>,
    pub value: String,
    /// 1-based line number in the source, for error messages.
    pub line: usize,
}

impl Property {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The property with `value` in place of its own: one of a list
    /// (RDATE, EXDATE) or one half of a PERIOD, keeping name and parameters.
    pub fn with_value(&self, value: &str) -> Property {
        Property {
            value: value.trim().to_string(),
            ..self.clone()
        }
    }

    /// Each value of a comma-separated list, empty ones left out.
    pub fn listed_values(&self) -> impl Iterator<Item = &str> {
        self.value.split(',').filter(|v| !v.trim().is_empty())
    }
}

/// Unfolds lines (CRLF or LF, a leading BOM, continuation by space or tab)
/// and splits each into a `Property`. Lines without a colon are skipped.
pub fn content_lines(text: &str) -> Vec<Property> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut logical: Vec<(usize, String)> = Vec::new();
    for (index, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        match raw.strip_prefix([' ', '\t']) {
            Some(continued) if !logical.is_empty() => {
                logical.last_mut().expect("checked").1.push_str(continued)
            }
            _ if raw.is_empty() => {}
            _ => logical.push((index + 1, raw.to_string())),
        }
    }
    logical
        .into_iter()
        .filter_map(|(line, text)| split_property(&text, line))
        .collect()
}

fn split_property(text: &str, line: usize) -> Option<Property> {
    // The value starts at the first colon outside a quoted parameter value.
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
    let mut parts = split_unquoted(head, ';').into_iter();
    let name = parts.next()?.trim().to_ascii_uppercase();
    if name.is_empty() {
        return None;
    }
    let params = parts
        .filter_map(|p| {
            let (k, v) = p.split_once('=')?;
            Some((
                k.trim().to_ascii_uppercase(),
                v.trim_matches('"').to_string(),
            ))
        })
        .collect();
    Some(Property {
        name,
        params,
        value: value.to_string(),
        line,
    })
}

fn split_unquoted(s: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut start, mut in_quotes) = (0, false);
    for (i, c) in s.char_indices() {
        if c == '"' {
            in_quotes = !in_quotes;
        } else if c == sep && !in_quotes {
            parts.push(&s[start..i]);
            start = i + 1;
        }
    }
    parts.push(&s[start..]);
    parts
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
