// Brings the live page in line with a freshly built one, touching only what
// differs. The minute's tick then changes a few text nodes, and WebKit repaints
// those, not the whole screen: most of the room's idle CPU was full repaints.
// Click handlers live in `onclick` so a kept button takes the new one (a
// button kept in place may now stand for another meeting).

/** Makes `live`'s children match `next`, reusing nodes of the same kind. */
export function patchChildren(live: Element, next: Node[]): void {
  const old = [...live.childNodes];
  next.forEach((wanted, i) => {
    const have = old[i];
    if (!have) live.append(wanted);
    else if (!patchNode(have, wanted)) have.replaceWith(wanted);
  });
  for (const extra of old.slice(next.length)) extra.remove();
}

/** Updates `have` to look like `wanted`; false when it cannot be reused. */
function patchNode(have: Node, wanted: Node): boolean {
  if (have instanceof Text && wanted instanceof Text) {
    if (have.data !== wanted.data) have.data = wanted.data;
    return true;
  }
  if (!(have instanceof HTMLElement && wanted instanceof HTMLElement) || have.tagName !== wanted.tagName) return false;
  syncAttributes(have, wanted);
  have.onclick = wanted.onclick;
  patchChildren(have, [...wanted.childNodes]);
  return true;
}

function syncAttributes(have: Element, wanted: Element) {
  for (const name of have.getAttributeNames()) {
    if (!wanted.hasAttribute(name)) have.removeAttribute(name);
  }
  for (const name of wanted.getAttributeNames()) {
    const value = wanted.getAttribute(name)!;
    if (have.getAttribute(name) !== value) have.setAttribute(name, value);
  }
}
