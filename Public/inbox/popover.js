// A panel opened by a button (the waiting list, the emoji picker, the canned responses): the button says whether
// it is expanded, Escape or a click outside closes it and gives focus back to the button.

/// Wires `button` to toggle `panel`; `onOpen` runs each time it opens. Returns a function that closes it.
export function popover(button, panel, onOpen) {
  const close = () => {
    panel.hidden = true;
    button.setAttribute("aria-expanded", "false");
  };
  button.addEventListener("click", () => {
    const opening = panel.hidden;
    for (const other of document.querySelectorAll(".inbox-popover")) if (other !== panel) other.hidden = true;
    panel.hidden = !opening;
    button.setAttribute("aria-expanded", String(opening));
    if (opening) onOpen();
  });
  panel.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.stopPropagation();
      close();
      button.focus();
    }
  });
  document.addEventListener("click", (event) => {
    if (!panel.hidden && !panel.contains(event.target) && !button.contains(event.target)) close();
  });
  return close;
}

/// A popover with a search field: each opening clears the search, paints the full list and focuses the field;
/// typing repaints.
export function searchablePopover(button, panel, search, paint) {
  search.addEventListener("input", paint);
  return popover(button, panel, () => {
    search.value = "";
    paint();
    search.focus();
  });
}
