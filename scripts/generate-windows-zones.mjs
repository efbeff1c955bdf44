#!/usr/bin/env node
// Generates src-tauri/core/src/calendar/ics/windows_zones.rs: every Windows
// time zone name of CLDR's windowsZones table (territory "001", from npm
// cldr-core), mapped to a chrono_tz::Tz variant, plus the lookup and its tests
// (the template below). Where CLDR's zone ID is an old name (Asia/Calcutta),
// the current IANA name CLDR gives for it (Asia/Kolkata, from npm cldr-bcp47's
// timezone.json, same version) is used instead.
//
// Re-run from the repository root (needs the network, for npm):
//
//     node scripts/generate-windows-zones.mjs
//
// or, with cldr-core and cldr-bcp47 of that version already installed in some
// node_modules, without the network:
//
//     node scripts/generate-windows-zones.mjs /path/to/node_modules
//
// To move to a newer CLDR, change CLDR_VERSION and re-run. The output is
// formatted with rustfmt and committed; this script is not part of CI.

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const CLDR_VERSION = "48.2.0"; // of both npm packages, cldr-core and cldr-bcp47
const TERRITORY = "001";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "src-tauri/core/src/calendar/ics/windows_zones.rs");
const SCRIPT = "scripts/generate-windows-zones.mjs";

class Failure extends Error {}

function fail(message) {
  throw new Failure(message);
}

/** A node_modules holding both packages: the argument, or a fresh npm install of the pinned version. */
function nodeModules() {
  if (process.argv[2]) {
    return { dir: resolve(process.argv[2]), cleanup: () => {} };
  }
  const prefix = mkdtempSync(join(tmpdir(), "cldr-"));
  execFileSync(
    "npm",
    ["install", "--prefix", prefix, "--no-save", "--no-audit", "--no-fund", "--ignore-scripts",
      `cldr-core@${CLDR_VERSION}`, `cldr-bcp47@${CLDR_VERSION}`],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  return {
    dir: join(prefix, "node_modules"),
    cleanup: () => rmSync(prefix, { recursive: true, force: true }),
  };
}

/** A file of one of the two packages, after checking the package is the pinned version. */
function cldrJson(modules, name, file) {
  const pkg = JSON.parse(readFileSync(join(modules, name, "package.json"), "utf8"));
  if (pkg.name !== name || pkg.version !== CLDR_VERSION) {
    fail(`${join(modules, name)} is ${pkg.name}@${pkg.version}, not ${name}@${CLDR_VERSION}`);
  }
  return JSON.parse(readFileSync(join(modules, name, file), "utf8"));
}

/** CLDR zone ID (the first of a BCP 47 zone's aliases) to the IANA name CLDR gives, where they differ. */
function ianaNames(timezoneJson) {
  const names = new Map();
  for (const [key, zone] of Object.entries(timezoneJson.keyword.u.tz)) {
    if (key.startsWith("_") || typeof zone !== "object" || !zone._alias) continue;
    const cldrId = zone._alias.split(" ")[0];
    names.set(cldrId, zone._iana ?? cldrId);
  }
  return names;
}

/** Every zone and link name in the tzdata that the locked chrono-tz is built from. */
function chronoTzNames() {
  const metadata = JSON.parse(
    execFileSync("cargo", ["metadata", "--format-version", "1", "--locked"], {
      cwd: ROOT,
      maxBuffer: 256 * 1024 * 1024,
      stdio: ["ignore", "pipe", "inherit"],
    }),
  );
  const packages = metadata.packages.filter((p) => p.name === "chrono-tz");
  if (packages.length !== 1) {
    fail(`expected one chrono-tz in Cargo.lock, found ${packages.map((p) => p.version).join(", ") || "none"}`);
  }
  const tz = join(dirname(packages[0].manifest_path), "tz");
  // The files chrono-tz-build reads.
  const files = ["africa", "antarctica", "asia", "australasia", "backward", "etcetera", "europe",
    "northamerica", "southamerica"];
  const names = new Set();
  for (const file of files) {
    const path = join(tz, file);
    if (!existsSync(path)) fail(`chrono-tz ${packages[0].version} has no ${path}`);
    for (const line of readFileSync(path, "utf8").split("\n")) {
      const fields = line.replace(/#.*/, "").trim().split(/\s+/);
      if (fields[0] === "Zone") names.add(fields[1]);
      if (fields[0] === "Link") names.add(fields[2]);
    }
  }
  return { version: packages[0].version, names };
}

/**
 * chrono-tz's variant for an IANA name: "/" is "__", "+" is "Plus", "-" before
 * a digit is "Minus", any other "-" is dropped ("America/Port-au-Prince" is
 * America__PortauPrince). Checked against chrono-tz 0.10's whole table; a
 * wrong guess fails the build, since the output names variants, not strings.
 */
function variant(iana) {
  return iana
    .replaceAll("/", "__")
    .replaceAll("+", "Plus")
    .replace(/-(?=\d)/g, "Minus")
    .replaceAll("-", "");
}

const rustString = (s) => JSON.stringify(s); // The names are plain ASCII.

/** The Rust file, before rustfmt. */
function render(cldrVersion, zones) {
  const table = zones
    .map(
      ([windows, cldrId, iana]) =>
        `${iana === cldrId ? "" : `    // CLDR: ${cldrId}\n`}    (${rustString(windows)}, Tz::${variant(iana)}),`,
    )
    .join("\n");
  return `//! Generated by \`${SCRIPT}\` from CLDR ${cldrVersion} (npm cldr-core and
//! cldr-bcp47 ${CLDR_VERSION}). Do not edit by hand: change the script and re-run
//! \`node ${SCRIPT}\`.
//!
//! Windows time zone names, as Exchange and Outlook write them in TZID, mapped
//! to IANA zones: the "${TERRITORY}" territory of CLDR's windowsZones table. Where
//! CLDR's zone ID is an old name (Asia/Calcutta), the table has the current
//! IANA name CLDR gives for it (Asia/Kolkata).

use chrono_tz::Tz;

/// CLDR ${cldrVersion}, territory "${TERRITORY}", in CLDR's order.
const ZONES: &[(&str, Tz)] = &[
${table}
];

/// Names Outlook writes that CLDR does not list.
const ALIASES: &[(&str, Tz)] = &[("Coordinated Universal Time", Tz::UTC)];

/// The zone for a Windows time zone name, ignoring ASCII case.
pub fn iana_for(windows_name: &str) -> Option<Tz> {
    ZONES
        .iter()
        .chain(ALIASES)
        .find(|(name, _)| name.eq_ignore_ascii_case(windows_name))
        .map(|(_, tz)| *tz)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn iana(windows_name: &str) -> Option<&'static str> {
        iana_for(windows_name).map(|tz| tz.name())
    }

    #[test]
    fn windows_names_beyond_the_common_ones_resolve() {
        for (windows, expected) in [
            ("Central Standard Time (Mexico)", "America/Mexico_City"),
            ("E. Africa Standard Time", "Africa/Nairobi"),
            ("Arabic Standard Time", "Asia/Baghdad"),
            ("Jordan Standard Time", "Asia/Amman"),
            ("Morocco Standard Time", "Africa/Casablanca"),
            ("West Asia Standard Time", "Asia/Tashkent"),
            ("Fiji Standard Time", "Pacific/Fiji"),
            ("UTC+12", "Etc/GMT-12"),
            ("Dateline Standard Time", "Etc/GMT+12"),
            ("Haiti Standard Time", "America/Port-au-Prince"),
            ("W. Europe Standard Time", "Europe/Berlin"),
            ("India Standard Time", "Asia/Kolkata"),
            ("FLE Standard Time", "Europe/Kyiv"),
        ] {
            assert_eq!(iana(windows), Some(expected), "{windows}");
        }
    }

    #[test]
    fn windows_utc_names_and_case_resolve() {
        assert_eq!(iana("UTC"), Some("Etc/UTC"));
        assert_eq!(iana("Coordinated Universal Time"), Some("UTC"));
        assert_eq!(iana("pacific standard time"), Some("America/Los_Angeles"));
        assert_eq!(iana("Nowhere Standard Time"), None);
    }

    #[test]
    fn windows_table_is_complete_and_unique() {
        assert!(ZONES.len() >= 130, "{} zones", ZONES.len());
        let mut names = HashSet::new();
        for (name, _) in ZONES.iter().chain(ALIASES) {
            assert!(names.insert(name.to_ascii_lowercase()), "{name} twice");
        }
    }
}
`;
}

function main() {
  const modules = nodeModules();
  let json;
  let iana;
  try {
    json = cldrJson(modules.dir, "cldr-core", "supplemental/windowsZones.json");
    iana = ianaNames(cldrJson(modules.dir, "cldr-bcp47", "bcp47/timezone.json"));
  } finally {
    modules.cleanup();
  }

  const cldrVersion = json.supplemental.version._cldrVersion;
  const chronoTz = chronoTzNames();
  const zones = [];
  const seen = new Set();
  for (const { mapZone } of json.supplemental.windowsZones.mapTimezones) {
    if (mapZone._territory !== TERRITORY) continue;
    const windows = mapZone._other;
    const cldrId = mapZone._type;
    if (!/^[\x20-\x7e]+$/.test(windows) || windows.includes('"') || windows.includes("\\")) {
      fail(`unexpected characters in Windows name ${JSON.stringify(windows)}`);
    }
    if (!iana.has(cldrId)) fail(`"${windows}" maps to ${JSON.stringify(cldrId)}, which is no CLDR zone ID`);
    const name = iana.get(cldrId);
    if (!/^[A-Za-z0-9_+\-/]+$/.test(name)) fail(`"${windows}" maps to ${JSON.stringify(name)}`);
    if (!chronoTz.names.has(name)) fail(`"${windows}" maps to ${name}, which chrono-tz ${chronoTz.version} lacks`);
    const key = windows.toLowerCase();
    if (seen.has(key)) fail(`"${windows}" appears twice for territory ${TERRITORY}`);
    seen.add(key);
    zones.push([windows, cldrId, name]);
  }
  if (zones.length < 130) fail(`only ${zones.length} zones for territory ${TERRITORY}`);

  const rust = render(cldrVersion, zones);
  writeFileSync(OUT, rust);
  execFileSync("rustfmt", ["--edition", "2021", OUT], { stdio: "inherit" });
  console.log(
    `generate-windows-zones: ${zones.length} zones from CLDR ${cldrVersion} (cldr-core ${CLDR_VERSION}), ` +
      `checked against chrono-tz ${chronoTz.version}, written to ${OUT}`,
  );
}

try {
  main();
} catch (error) {
  console.error(`generate-windows-zones: ${error instanceof Failure ? error.message : error.stack}`);
  process.exit(1);
}
