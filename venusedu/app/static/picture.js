// venusedu explorer picture: a <canvas> that shows the kernel's figure pixels.
//
// The kernel sends a frame as a rectangle of RGBA pixels (deflate-compressed)
// that changed since its previous frame, numbered: {seq, base, x, y, w, h,
// width, height}. A view applies a patch only on top of the frame it was made
// against (base === the view's seq); otherwise -- a new view, a lost or
// reordered message -- it asks for a key frame (the whole picture) and ignores
// patches until it arrives. Patches are applied in order (one promise chain),
// so the canvas always ends on the kernel's latest picture and never shows a
// mix of two. The canvas has role="img" and a text alternative that the
// kernel sends with the frames, so it always describes the pixels shown.

// Into a new array of ``size`` bytes (the rectangle's RGBA pixels). The
// compressed bytes go straight into the stream: a Blob would copy them to the
// browser process and back (Chromium keeps blobs there), which cost more than
// the inflating itself.
async function inflate(buffer, size) {
  const stream = new DecompressionStream("deflate");
  const writer = stream.writable.getWriter();
  writer.write(buffer).catch(() => {});  // a failure shows up in the reads below
  writer.close().catch(() => {});
  const reader = stream.readable.getReader();
  const out = new Uint8ClampedArray(size);
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (n + value.length > size) throw new Error(`frame larger than ${size} bytes`);
    out.set(value, n);
    n += value.length;
  }
  if (n !== size) throw new Error(`frame of ${n} bytes, not ${size}`);
  return out;
}

function render({ model, el }) {
  const figure = document.createElement("figure");
  figure.className = "vx-picture";
  const canvas = document.createElement("canvas");
  canvas.setAttribute("role", "img");
  canvas.width = model.get("width");
  canvas.height = model.get("height");
  canvas.style.maxWidth = `${model.get("width")}px`;
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  figure.appendChild(canvas);
  const caption = document.createElement("figcaption");
  caption.className = "vx-caption";
  figure.appendChild(caption);
  el.appendChild(figure);
  let seq = -1;
  let waitingForKey = false;
  let chain = Promise.resolve();
  // The text alternative and the caption come with the frames (a key frame
  // always has them, a patch when they changed, a "text" message when only
  // they changed), and are shown with the pixels they describe.
  const showText = (m) => {
    if (m.alt === undefined) return;
    canvas.setAttribute("aria-label", m.alt || model.get("label"));
    caption.textContent = m.caption || "";
    caption.hidden = !m.caption;
  };
  showText({ alt: "", caption: "" });
  const askForKey = () => {
    if (!waitingForKey) { waitingForKey = true; model.send({ event: "key" }); }
  };
  const apply = async (m, buffer, receivedAt) => {
    if (m.type === "text") { if (!waitingForKey) showText(m); return; }
    const isKey = m.type === "key";
    if (isKey ? m.seq < seq : m.base !== seq) { if (!isKey) askForKey(); return; }
    const pixels = await inflate(buffer, m.w * m.h * 4);
    if (canvas.width !== m.width || canvas.height !== m.height) {
      canvas.width = m.width;
      canvas.height = m.height;
      canvas.style.maxWidth = `${m.width}px`;
    }
    ctx.putImageData(new ImageData(pixels, m.w, m.h), m.x, m.y);
    showText(m);
    // for the benchmarks: the kernel's time to this frame, when it arrived, when it was shown
    canvas.dataset.kernelMs = m.kernel_ms === undefined ? "" : String(m.kernel_ms);
    canvas.dataset.receivedAt = String(receivedAt);
    // the wall clock (as the kernel's sent_at_ms): the frame's time from the kernel to the page
    canvas.dataset.sentAt = m.sent_at_ms === undefined ? "" : String(m.sent_at_ms);
    canvas.dataset.receivedWall = String(performance.timeOrigin + receivedAt);
    canvas.dataset.shownAt = String(performance.now());
    seq = m.seq;
    if (isKey) waitingForKey = false;
    canvas.dataset.seq = String(seq);
  };
  model.on("msg:custom", (m, buffers) => {
    if (m.type !== "key" && m.type !== "patch" && m.type !== "text") return;
    const receivedAt = performance.now();
    // a view of the message's bytes (the front end does not reuse them)
    const buffer = m.type === "text" ? null
      : new Uint8Array(buffers[0].buffer, buffers[0].byteOffset, buffers[0].byteLength);
    chain = chain.then(() => apply(m, buffer, receivedAt)).catch((err) => console.error("venusedu picture:", err));
  });
  askForKey();
  return () => { seq = -2; };
}

export default { render };
