// Writes to the DOM only what changed, at most once a frame. A wallboard under load receives far more updates than
// a screen can show: every write invalidates style and layout, so updates mark their target dirty and one
// animation frame paints each dirty target once; a text equal to the shown one is never written again.

/// Sets a node's text unless it already shows it.
export function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

/// Sets an attribute unless it already has that value.
export function setAttr(node, name, value) {
  if (node.getAttribute(name) !== value) node.setAttribute(name, value);
}

/// Collects targets and paints each once in the next animation frame (hidden tabs: the next visible frame).
export class FramePainter {
  constructor(paint) {
    this.paint = paint;
    this.dirty = new Set();
    this.after = null;
    this.frame = 0;
  }

  /// Marks `target` for the next frame.
  mark(target) {
    this.dirty.add(target);
    this.schedule();
  }

  /// Runs `work` once after the next frame's paints (for example a re-sort); a later call replaces it.
  afterPaint(work) {
    this.after = work;
    this.schedule();
  }

  schedule() {
    if (!this.frame) this.frame = requestAnimationFrame(() => this.flush());
  }

  /// Paints now what is dirty (also used before reading the painted state).
  flush() {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    const targets = [...this.dirty];
    this.dirty.clear();
    for (const target of targets) this.paint(target);
    const after = this.after;
    this.after = null;
    after?.();
  }
}
