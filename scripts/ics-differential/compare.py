"""Roomstart's ICS reader against an independent one, occurrence by occurrence.

For every calendar given, `roomstart agenda --json` (a room whose only source
is that file) and python's `recurring_ical_events` list the occurrences in the
same window. Timed occurrences compare as start and end in UTC, all-day ones
as dates. Cancelled occurrences are left out on both sides, as the room
screen leaves them out.

A disagreement fails the run unless `allow-list.json` names it with a reason;
an entry that no longer matches anything fails it too, so the list stays true.

    python compare.py --binary target/debug/roomstart --zone Europe/Berlin FILE_OR_DIR...
"""

import argparse
import datetime as dt
import json
import os
import re
import subprocess
import sys
import tempfile
import zoneinfo
from collections import Counter
from pathlib import Path

import icalendar
import recurring_ical_events
import x_wr_timezone

# Roomstart shows at most 200 instances of one series and 1,000 events of one
# source per read; a window is narrowed until the reference stays below both.
MOST_PER_SERIES = 150
MOST_PER_CALENDAR = 800

DATED_LINE = re.compile(r"^(?:DTSTART|DTEND|DUE|RECURRENCE-ID|RDATE|EXDATE)(?:;[^:\r\n]*)?:([^\r\n]*)", re.M)
DATE = re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)")


class NotAFeed(Exception):
    pass


def window_for(text):
    """From two days before the earliest date an event names to 60 days after
    the latest, cut at noon UTC: no all-day event then straddles a bound, where
    the two readers may fairly differ on a day that is half in the window."""
    unfolded = text.replace("\r\n ", "").replace("\n ", "")
    events = "\n".join(re.findall(r"BEGIN:VEVENT.*?END:VEVENT", unfolded, re.S))
    years = []
    for value in DATED_LINE.findall(events):
        for y, m, d in DATE.findall(value):
            try:
                years.append(dt.date(int(y), int(m), int(d)))
            except ValueError:
                pass  # a malformed date: the readers must cope, the window need not
    years = [d for d in years if 1900 <= d.year <= 2200]
    if not years:
        return None
    noon = dt.time(12, tzinfo=dt.timezone.utc)
    start = dt.datetime.combine(min(years), noon) - dt.timedelta(days=2)
    end = dt.datetime.combine(max(years), noon) + dt.timedelta(days=60)
    return start, end


def as_key(start, end, zone):
    if not isinstance(start, dt.datetime):
        return ("date", start.isoformat(), end.isoformat())
    utc = lambda t: (t if t.tzinfo else t.replace(tzinfo=zone)).astimezone(dt.timezone.utc)
    return ("utc", utc(start).strftime("%Y-%m-%dT%H:%M:%SZ"), utc(end).strftime("%Y-%m-%dT%H:%M:%SZ"))


def reference(text, window, zone):
    calendar = x_wr_timezone.to_standard(icalendar.Calendar.from_ical(text))
    if calendar.name != "VCALENDAR":
        raise NotAFeed(f"a bare {calendar.name}, not a VCALENDAR: no feed sends one")
    # The reference compares floating times with the window's as if both
    # were UTC: ask for a day more each side, then cut in UTC as Roomstart does.
    day = dt.timedelta(days=1)
    found = []
    for event in recurring_ical_events.of(calendar).between(window[0] - day, window[1] + day):
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        key = as_key(event.start, event.end, zone)
        if meets(key, window, zone):
            found.append((key, str(event.get("SUMMARY", ""))))
        if len(found) > 5000:
            break
    return found


def meets(key, window, zone):
    """Whether an occurrence meets the window, a day at the room's midnights."""
    if key[0] == "date":
        at = lambda d: dt.datetime.combine(dt.date.fromisoformat(d), dt.time(), zone)
    else:
        at = lambda t: dt.datetime.fromisoformat(t.replace("Z", "+00:00"))
    start, end = at(key[1]), at(key[2])
    if start == end:
        return window[0] <= start < window[1]
    return start < window[1] and end > window[0]


def too_many(found):
    per_series = Counter(title for _, title in found)
    return len(found) > MOST_PER_CALENDAR or max(per_series.values(), default=0) > MOST_PER_SERIES


def roomstart(binary, path, window, zone_name, home):
    config = Path(home) / "roomstart.toml"
    config.write_text(
        f'[room]\nname = "Differential"\ntimezone = "{zone_name}"\n'
        f"[[ics]]\nname = \"reference\"\nfile = {json.dumps(str(path.resolve()))}\n"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": home,
        "XDG_CACHE_HOME": f"{home}/cache",
        "XDG_CONFIG_HOME": f"{home}/config",
        "XDG_DATA_HOME": f"{home}/data",
        "ROOMSTART_CONFIG": str(config),
    }
    iso = lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")
    run = subprocess.run(
        [binary, "agenda", "--json", "--from", iso(window[0]), "--to", iso(window[1])],
        env=env, capture_output=True, text=True, timeout=60,
    )
    try:
        report = json.loads(run.stdout)
    except json.JSONDecodeError:
        raise RuntimeError(f"roomstart exited {run.returncode}: {run.stderr.strip()}")
    found = []
    for e in report["events"]:
        if e["all_day"]:
            key = ("date", e["start"], e["end"])
        else:
            t = lambda s: dt.datetime.fromisoformat(s).astimezone(dt.timezone.utc)
            key = ("utc", t(e["start"]).strftime("%Y-%m-%dT%H:%M:%SZ"), t(e["end"]).strftime("%Y-%m-%dT%H:%M:%SZ"))
        found.append((key, e["title"]))
    return found, report["problems"]


def compare(binary, path, zone_name, home):
    """None when both agree, else a description of every difference."""
    zone = zoneinfo.ZoneInfo(zone_name)
    text = path.read_text(encoding="utf-8", errors="replace")
    window = window_for(text)
    if window is None:
        return "skip", "no dates"
    try:
        expected = reference(text, window, zone)
        while too_many(expected) and window[1] - window[0] > dt.timedelta(days=2):
            days = (window[1] - window[0]).days // 2
            window = (window[0], window[0] + dt.timedelta(days=days))
            expected = reference(text, window, zone)
    except Exception as e:  # the reference refuses the file: nothing to compare with
        why = " ".join(str(e).split())
        return "skip", f"the reference cannot read it: {type(e).__name__}: {why}"[:200]
    got, problems = roomstart(binary, path, window, zone_name, home)
    want, have = Counter(k for k, _ in expected), Counter(k for k, _ in got)
    if want == have:
        return "agree", len(expected)
    titles = dict(expected + got)
    lines = [f"window {window[0]:%Y-%m-%d} to {window[1]:%Y-%m-%d}"]
    lines += [f"  only the reference: {k[1]} – {k[2]}  {titles[k]!r}" for k in sorted((want - have).elements())]
    lines += [f"  only roomstart:     {k[1]} – {k[2]}  {titles[k]!r}" for k in sorted((have - want).elements())]
    lines += [f"  roomstart problem:  {p}" for p in problems]
    return "differ", "\n".join(lines)


def calendars(paths):
    for p in map(Path, paths):
        yield from sorted(p.rglob("*.ics")) if p.is_dir() else [p]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--zone", action="append", help="the room's zone; repeat for several")
    parser.add_argument("--allow", type=Path, default=Path(__file__).with_name("allow-list.json"))
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()
    allowed = {e["file"]: e["why"] for e in json.loads(args.allow.read_text())}
    failures, used = 0, set()
    with tempfile.TemporaryDirectory() as home:
        for zone in args.zone or ["Europe/Berlin"]:
            counts = Counter()
            for path in calendars(args.paths):
                outcome, detail = compare(args.binary, path, zone, home)
                counts[outcome] += 1
                if outcome == "differ" and path.name in allowed:
                    used.add(path.name)
                    counts["allowed"] += 1
                    print(f"allowed   {path.name} in {zone}")
                elif outcome == "differ":
                    failures += 1
                    print(f"DIFFER    {path} in {zone}\n{detail}")
                elif outcome == "skip":
                    print(f"skipped   {path.name}: {detail}")
            print(
                f"== room in {zone}: {counts['agree']} calendars agree, {counts['allowed']} differ as allowed, "
                f"{counts['differ'] - counts['allowed']} differ, {counts['skip']} skipped"
            )
    stale = sorted(set(allowed) - used)
    for name in stale:
        print(f"STALE     allow-list entry {name}: the two agree in every zone now, or the file is gone")
    return 1 if failures or stale else 0


if __name__ == "__main__":
    sys.exit(main())
