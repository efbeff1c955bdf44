// WCAG 2 contrast of every text colour pair the room screen uses, read from
// style.css itself, so a palette change that fails 4.5:1 fails here. The
// figures print, for the closing note. The window is also checked with axe-core.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// Vitest runs in ui/.
const css = readFileSync("src/style.css", "utf8");
const vars = Object.fromEntries([...css.matchAll(/--([a-z-]+):\s*(#[0-9a-f]{6})/g)].map((m) => [m[1], m[2]]));
const colour = (c: string) => (c.startsWith("#") ? c : vars[c]);

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(colour(a)), luminance(colour(b))].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

// [text, background, where]
const PAIRS: [string, string, string][] = [
  ["ink", "paper", "room name, clock"],
  ["ink", "card", "titles"],
  ["muted", "paper", "date, headings, footer"],
  ["muted", "card", "times, notes, labels"],
  ["#ffffff", "green", "Free band"],
  ["green", "card", "Now label"],
  ["#ffffff", "red", "Busy band, error toast"],
  ["#ffffff", "amber", "Starting soon band, wait toast"],
  ["#ffffff", "blue", "Start, Join, keypad Join"],
  ["#ffffff", "blue-dark", "pressed button"],
  ["ink", "#e3e8f4", "secondary buttons, keys"],
  ["ink", "#c9d2e6", "pressed secondary"],
  ["#4a5366", "#e9ecf2", "disabled buttons"],
  ["red", "paper", "footer warnings"],
  ["#ffffff", "ink", "busy toast"],
];

describe("contrast", () => {
  it("every text colour pair reaches 4.5:1", () => {
    const figures = PAIRS.map(([fg, bg, where]) => ({ fg, bg, where, ratio: Math.round(contrast(fg, bg) * 100) / 100 }));
    console.table(figures);
    for (const f of figures) expect(f.ratio, `${f.fg} on ${f.bg} (${f.where})`).toBeGreaterThanOrEqual(4.5);
  });
});
