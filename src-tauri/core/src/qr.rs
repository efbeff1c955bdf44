//! A QR code of a join link, as an SVG path the screen draws: remote people
//! scan it with a phone. The web view gets only the path, never a library.

use qrcode::{Color, EcLevel};

/// A QR code: `size` modules square (the quiet zone included), dark modules
/// as one SVG path in module units.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct QrCode {
    pub size: u32,
    pub path: String,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the text is too long for a QR code")]
    TooLong,
}

/// A join link is about 100 bytes; past this a code is too dense to scan
/// from across a room, so it is refused rather than drawn.
pub const MAX_TEXT_BYTES: usize = 1024;

/// The light border scanners need to find the code (the standard's 4 modules).
const QUIET_ZONE: usize = 4;

/// `text` as a QR code (error correction M, quiet zone of 4 modules).
pub fn encode(text: &str) -> Result<QrCode, Error> {
    if text.len() > MAX_TEXT_BYTES {
        return Err(Error::TooLong);
    }
    // M survives a glare or a smudge on the screen and keeps a link's code small.
    let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(|_| Error::TooLong)?;
    let width = code.width();
    let colors = code.to_colors();
    let dark = |x: usize, y: usize| colors[y * width + x] == Color::Dark;
    Ok(QrCode {
        size: u32::try_from(width + 2 * QUIET_ZONE).map_err(|_| Error::TooLong)?,
        path: path_of(width, dark),
    })
}

/// One rectangle per horizontal run of dark modules, shifted by the quiet
/// zone: a few hundred rectangles rather than one square per module.
fn path_of(width: usize, dark: impl Fn(usize, usize) -> bool) -> String {
    use std::fmt::Write;
    let mut path = String::new();
    for y in 0..width {
        let mut x = 0;
        while x < width {
            if !dark(x, y) {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && dark(x, y) {
                x += 1;
            }
            let run = x - start;
            let (left, top) = (start + QUIET_ZONE, y + QUIET_ZONE);
            let _ = write!(path, "M{left} {top}h{run}v1h-{run}z");
        }
    }
    path
}

/// The code as text for a terminal: two rows of modules a line (upper and
/// lower half blocks), dark on light, quiet zone included.
pub fn as_text(code: &QrCode) -> String {
    let size = code.size as usize;
    let mut dark = vec![false; size * size];
    // The path is ours: `M{x} {y}h{n}v1h-{n}z` a run.
    for run in code.path.split('z').filter(|r| !r.is_empty()) {
        let numbers: Vec<usize> = run
            .split(|c: char| !c.is_ascii_digit())
            .filter_map(|n| n.parse().ok())
            .collect();
        if let [x, y, n, ..] = numbers[..] {
            for x in x..(x + n).min(size) {
                if y < size {
                    dark[y * size + x] = true;
                }
            }
        }
    }
    let at = |x: usize, y: usize| y < size && dark[y * size + x];
    let mut text = String::new();
    for y in (0..size).step_by(2) {
        for x in 0..size {
            text.push(match (at(x, y), at(x, y + 1)) {
                (false, false) => '\u{2588}',
                (false, true) => '\u{2580}',
                (true, false) => '\u{2584}',
                (true, true) => ' ',
            });
        }
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    const PIXELS_PER_MODULE: usize = 4;

    /// Paints the path's rectangles (only the `M{x} {y}h{n}v1h-{n}z` form
    /// `encode` writes) onto a white grayscale buffer, `PIXELS_PER_MODULE` a module.
    fn rasterise(qr: &QrCode) -> (usize, Vec<u8>) {
        let side = qr.size as usize * PIXELS_PER_MODULE;
        let mut pixels = vec![255u8; side * side];
        for rect in qr.path.split('z').filter(|r| !r.is_empty()) {
            let numbers: Vec<usize> = rect
                .split(|c: char| !c.is_ascii_digit())
                .filter(|n| !n.is_empty())
                .map(|n| n.parse().unwrap())
                .collect();
            let [x, y, run, one, back] = numbers[..] else {
                panic!("unexpected path segment {rect:?}");
            };
            assert_eq!((one, back), (1, run), "a run is one module high: {rect:?}");
            for py in y * PIXELS_PER_MODULE..(y + 1) * PIXELS_PER_MODULE {
                let row = py * side;
                pixels[row + x * PIXELS_PER_MODULE..row + (x + run) * PIXELS_PER_MODULE].fill(0);
            }
        }
        (side, pixels)
    }

    fn decode(qr: &QrCode) -> String {
        let (side, pixels) = rasterise(qr);
        let mut image =
            rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| pixels[y * side + x]);
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1, "exactly one QR code in the picture");
        grids[0].decode().expect("a readable code").1
    }

    #[test]
    fn a_join_link_round_trips_through_a_scanner() {
        let link = "https://us06web.zoom.us/j/85746352410?pwd=bXlQc0xkT2VzNnlBR0ZaZUx3c1RrUT09";
        let qr = encode(link).unwrap();
        assert_eq!(decode(&qr), link);
    }

    #[test]
    fn the_quiet_zone_is_four_light_modules_on_every_side() {
        let qr = encode("https://zoom.us/j/1234567890").unwrap();
        // Version 2 at level M holds a 28-byte link: 25 modules, plus 2 × 4.
        assert_eq!(qr.size, 25 + 8);
        assert!(qr.path.starts_with("M4 4h7v1h-7z"), "finder pattern at 4,4");
        let (side, pixels) = rasterise(&qr);
        let border = QUIET_ZONE * PIXELS_PER_MODULE;
        for y in 0..side {
            for x in 0..side {
                let inside =
                    (border..side - border).contains(&x) && (border..side - border).contains(&y);
                assert!(
                    inside || pixels[y * side + x] == 255,
                    "dark pixel at {x},{y}"
                );
            }
        }
    }

    #[test]
    fn text_past_a_kilobyte_is_refused() {
        assert!(matches!(
            encode(&"a".repeat(MAX_TEXT_BYTES + 1)),
            Err(Error::TooLong)
        ));
        let longest = "https://zoom.us/j/1?pwd=".to_string() + &"x".repeat(MAX_TEXT_BYTES - 24);
        assert_eq!(decode(&encode(&longest).unwrap()), longest);
    }

    #[test]
    fn the_terminal_text_has_every_module_two_rows_a_line() {
        let qr = encode("https://us06web.zoom.us/j/81234567890?pwd=abc").unwrap();
        let text = as_text(&qr);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), (qr.size as usize).div_ceil(2));
        assert!(lines.iter().all(|l| l.chars().count() == qr.size as usize));
        // The quiet zone is light: the first line is all full blocks.
        assert!(lines[0].chars().all(|c| c == '\u{2588}'));
        // Dark modules are there, as spaces or half blocks.
        assert!(text.contains(' ') && text.contains('\u{2580}'));
    }
}
