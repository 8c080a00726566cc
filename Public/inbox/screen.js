// Monitor screen, the agent's side. While a supervisor watches (`screenWatch` on the inbox topic; only when the
// agent's monitorScreen flag is on), the page streams its workspace — open conversation, scroll, draft — with
// `screen.update` (throttled), and, if the agent agrees, real screen frames: getDisplayMedia → a canvas → JPEG →
// binary WebSocket frames, about one a second, with an indicator while shared. Everything stops when nobody watches.
import { t } from "./link.js";

const UPDATE_EVERY_MS = 250;
const FRAME_EVERY_MS = 1000;
const FRAME_WIDTH = 960;
const JPEG_QUALITY = 0.6;

/// `hooks`: `workspace() → {interaction, scroll, draft}`, `update(state)` (sends `screen.update`), `frame(bytes)`.
export function setUpScreen(hooks) {
  const indicator = document.getElementById("screen-indicator");
  const dialog = document.getElementById("screen-dialog");
  let watching = false, stream = null, frameTimer = null, updateTimer = null, last = "";
  let asked = false;

  const paintIndicator = () => {
    indicator.hidden = !watching;
    indicator.textContent = stream ? `🔴 ${t("inbox.screen.sharing")}` : `👁 ${t("inbox.screen.watched")}`;
  };

  const sendUpdate = () => {
    updateTimer = null;
    if (!watching) return;
    const state = hooks.workspace();
    const key = JSON.stringify(state);
    if (key === last) return;
    last = key;
    hooks.update(state);
  };

  const stopFrames = () => {
    clearInterval(frameTimer);
    frameTimer = null;
    for (const track of stream?.getTracks() ?? []) track.stop();
    stream = null;
    paintIndicator();
  };

  const startFrames = async () => {
    if (stream || !navigator.mediaDevices?.getDisplayMedia) return;
    try {
      stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: 5 }, audio: false });
    } catch {
      stream = null;   // the agent said no in the browser's own prompt: the workspace stream goes on
      paintIndicator();
      return;
    }
    if (!watching) { stopFrames(); return; }
    const [track] = stream.getVideoTracks();
    track.addEventListener("ended", stopFrames);   // the browser's own "stop sharing"
    const video = document.createElement("video");
    video.muted = true;
    video.srcObject = stream;
    await video.play().catch(() => {});
    const canvas = document.createElement("canvas");
    const context = canvas.getContext("2d");
    frameTimer = setInterval(() => {
      if (!video.videoWidth) return;
      const scale = Math.min(1, FRAME_WIDTH / video.videoWidth);
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      canvas.toBlob(async (blob) => {
        if (blob && stream) hooks.frame(new Uint8Array(await blob.arrayBuffer()));
      }, "image/jpeg", JPEG_QUALITY);
    }, FRAME_EVERY_MS);
    paintIndicator();
  };

  document.getElementById("screen-share").addEventListener("click", () => {
    dialog.close();
    startFrames();
  });
  document.getElementById("screen-decline").addEventListener("click", () => dialog.close());

  return {
    /// A supervisor started or stopped watching.
    watched(on) {
      watching = on;
      last = "";
      if (on) {
        sendUpdate();
        // Ask once per watch; the agent may refuse and the workspace stream still goes on.
        if (!asked && navigator.mediaDevices?.getDisplayMedia && !dialog.open) {
          asked = true;
          dialog.showModal();
        }
      } else {
        asked = false;
        if (dialog.open) dialog.close();
        stopFrames();
      }
      paintIndicator();
    },
    /// The workspace changed (conversation, scroll or draft): sent at most every 250 ms while watched.
    changed() {
      if (watching && updateTimer === null) updateTimer = setTimeout(sendUpdate, UPDATE_EVERY_MS);
    },
    get watching() { return watching; },
  };
}
