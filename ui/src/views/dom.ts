// A tiny element builder. Text goes in through textContent, never innerHTML,
// so calendar titles cannot inject markup.
export function el(
  tag: string,
  attrs: Record<string, string> = {},
  children: string | (Node | string)[] = [],
): HTMLElement {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (typeof children === "string") node.textContent = children;
  else for (const c of children) node.append(c);
  return node;
}
