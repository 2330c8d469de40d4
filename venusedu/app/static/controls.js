// venusedu explorer controls: native form elements, labelled with their units.
//
// One module for every control kind (model trait "kind"): "slider" (linear or
// log scale), "radio", "select", "check" and "button". Native elements give
// the keyboard behaviour of the platform (arrows, PageUp/PageDown, Home/End
// on a range input; arrows between radio buttons; the select's own keys), a
// disabled control leaves the tab order, and a <label>/<legend> gives the
// accessible name. Key presses stop here: a notebook front end must not read
// an arrow key on a slider as "select the next cell" (Notebook 7 does), so the
// root carries data-lm-suppress-shortcuts (Lumino's opt-out) and keydown does
// not propagate past it.

let counter = 0;
// How long a slider waits for the kernel's acknowledgement before it sends its next value.
const ACK_TIMEOUT_MS = 1000;
// How many slider values may be on their way to the kernel at once.
const IN_FLIGHT = 2;

function decimals(fmt) {
  const m = /\.(\d+)f/.exec(fmt || "");
  return m ? Number(m[1]) : 2;
}

function show(value, model) {
  const unit = model.get("unit");
  const text = Number(value).toFixed(decimals(model.get("fmt")));
  if (!unit) return text;
  return unit === "%" || unit === "°" ? `${text}${unit === "%" ? " %" : "°"}` : `${text} ${unit}`;
}

function spoken(value, model) {
  const unit = model.get("unit_spoken") || model.get("unit");
  const text = Number(value).toFixed(decimals(model.get("fmt")));
  return unit ? `${text} ${unit}` : text;
}

// Notebook 7 (notebook 7.6) reads keys in a keydown listener on the document
// in the capture phase, before they reach the slider, and there an arrow key
// on a focused slider is cancelled and moves the cell selection (the opt-out
// attribute is not consulted). A capture listener on the window runs before
// any on the document: a key whose target is one of these controls goes no
// further (the browser's own action -- stepping the slider, choosing a radio
// button -- still happens, it is not a listener). Installed once per page.
function guardKeys() {
  if (window.__venuseduKeyGuard) return;
  window.__venuseduKeyGuard = true;
  window.addEventListener("keydown", (e) => {
    if (e.key === "Tab" || e.key === "Escape" || e.key === "F6") return;
    const t = e.target;
    if (t instanceof Element && t.closest(".vx-control") && t.matches("input, select, button")) {
      e.stopPropagation();
    }
  }, true);
}

function keepKeys(root) {
  guardKeys();
  root.setAttribute("data-lm-suppress-shortcuts", "true");
  root.addEventListener("keydown", (e) => {
    if (e.key !== "Tab" && e.key !== "Escape" && e.key !== "F6") e.stopPropagation();
  });
}

function message(model, root) {
  const p = document.createElement("p");
  p.className = "vx-message";
  const sync = () => {
    const text = model.get("message") || "";
    p.textContent = text;
    p.hidden = !text;
    if (text) p.setAttribute("role", "alert"); else p.removeAttribute("role");
  };
  model.on("change:message", sync);
  sync();
  root.appendChild(p);
}

function help(model, root, el) {
  const text = model.get("help");
  if (!text) return;
  const p = document.createElement("p");
  p.className = "vx-help";
  p.id = `${el.id}-help`;
  p.textContent = text;
  el.setAttribute("aria-describedby", p.id);
  root.appendChild(p);
}

function renderSlider(model, root, id) {
  const label = document.createElement("label");
  label.htmlFor = id;
  label.className = "vx-label";
  const row = document.createElement("div");
  row.className = "vx-row";
  const input = document.createElement("input");
  input.type = "range";
  input.id = id;
  const out = document.createElement("output");
  out.htmlFor = id;
  out.className = "vx-value";
  out.setAttribute("aria-hidden", "true");
  row.append(input, out);
  root.append(label, row);
  const log = () => model.get("scale") === "log";
  const toPos = (v) => (log() ? Math.log10(v) : v);
  const fromPos = (x) => {
    const d = decimals(model.get("fmt")) + (log() ? 1 : 2);
    return Number((log() ? Math.pow(10, x) : x).toFixed(d));
  };
  const sync = () => {
    const unit = model.get("unit");
    label.textContent = unit ? `${model.get("label")} (${unit})` : model.get("label");
    input.min = String(toPos(model.get("min")));
    input.max = String(toPos(model.get("max")));
    input.step = String(model.get("step"));
    input.disabled = !!model.get("disabled");
    if (pending !== null || inFlight > 0) return;  // the page shows a value the kernel has not confirmed yet
    const v = model.get("value");
    if (document.activeElement !== input || !dragging) input.value = String(toPos(v));
    input.setAttribute("aria-valuetext", spoken(v, model));
    out.textContent = show(v, model);
  };
  let dragging = false;
  input.addEventListener("pointerdown", () => { dragging = true; });
  window.addEventListener("pointerup", () => { dragging = false; });
  // Flow control. ipywidgets syncs a model's state with one message in flight:
  // a change made while one is on its way waits until the kernel reports idle,
  // so in a drag the kernel waits a whole round trip between two updates. A
  // slider value therefore goes as a custom message ({event: "value", ack}),
  // which ipywidgets does not hold back; the kernel sets the value, runs the
  // update and acknowledges it ({type: "ack", value}, Slider._handle). At most
  // IN_FLIGHT values are on their way: the next one is already in the kernel
  // when an update ends, and a value the user reaches meanwhile waits, only the
  // latest being sent, so a fast drag never queues stale updates and the last
  // position is always sent. A value sent while none is on its way (a key
  // press) is acknowledged when its update ends (ack: "end"); one sent while
  // another is on its way (a drag) as soon as the kernel takes it (ack:
  // "start"), so that the page need not wait for the pictures, which a busy
  // machine delivers late, to send the next value. Without an acknowledgement
  // (a lost message) the window opens again after ACK_TIMEOUT_MS.
  let inFlight = 0;
  let pending = null;
  let timer = null;
  const send = (v) => {
    const ack = inFlight > 0 ? "start" : "end";
    inFlight += 1;
    clearTimeout(timer);
    timer = setTimeout(() => { inFlight = 0; flush(); }, ACK_TIMEOUT_MS);
    model.send({ event: "value", value: v, ack });
  };
  const flush = () => {
    if (pending !== null && inFlight < IN_FLIGHT) { const v = pending; pending = null; send(v); }
    if (inFlight === 0) { clearTimeout(timer); sync(); }  // settled: show the kernel's value
  };
  model.on("msg:custom", (m) => {
    // the acknowledgement carries the kernel's value (not sent as a state change when unchanged)
    if (m && m.type === "ack") { if (m.value !== undefined) model.set("value", m.value); inFlight = Math.max(0, inFlight - 1); flush(); }
  });
  input.addEventListener("input", () => {
    const v = fromPos(Number(input.value));
    input.setAttribute("aria-valuetext", spoken(v, model));
    out.textContent = show(v, model);
    if (inFlight < IN_FLIGHT) send(v); else pending = v;
  });
  model.on("change", sync);
  sync();
  help(model, root, input);
}

function renderRadio(model, root, id) {
  const fs = document.createElement("fieldset");
  fs.className = "vx-fieldset";
  const legend = document.createElement("legend");
  legend.className = "vx-label";
  fs.appendChild(legend);
  const inputs = [];
  for (const [text, value] of model.get("options")) {
    const lab = document.createElement("label");
    lab.className = "vx-option";
    const input = document.createElement("input");
    input.type = "radio";
    input.name = id;
    input.value = value;
    input.addEventListener("change", () => {
      if (input.checked) { model.set("value", value); model.save_changes(); }
    });
    lab.append(input, document.createTextNode(` ${text}`));
    fs.appendChild(lab);
    inputs.push(input);
  }
  root.appendChild(fs);
  const sync = () => {
    legend.textContent = model.get("label");
    fs.disabled = !!model.get("disabled");
    for (const input of inputs) input.checked = input.value === model.get("value");
  };
  model.on("change", sync);
  sync();
  fs.id = id;
  help(model, root, fs);
}

function renderSelect(model, root, id) {
  const label = document.createElement("label");
  label.htmlFor = id;
  label.className = "vx-label";
  const select = document.createElement("select");
  select.id = id;
  for (const [text, value] of model.get("options")) {
    const o = document.createElement("option");
    o.value = value;
    o.textContent = text;
    select.appendChild(o);
  }
  select.addEventListener("change", () => { model.set("value", select.value); model.save_changes(); });
  root.append(label, select);
  const sync = () => {
    label.textContent = model.get("label");
    select.disabled = !!model.get("disabled");
    select.value = model.get("value");
  };
  model.on("change", sync);
  sync();
  help(model, root, select);
}

function renderCheck(model, root, id) {
  const lab = document.createElement("label");
  lab.className = "vx-option vx-check";
  const input = document.createElement("input");
  input.type = "checkbox";
  input.id = id;
  const text = document.createElement("span");
  lab.append(input, text);
  root.appendChild(lab);
  input.addEventListener("change", () => { model.set("value", input.checked); model.save_changes(); });
  const sync = () => {
    text.textContent = ` ${model.get("label")}`;
    input.disabled = !!model.get("disabled");
    input.checked = !!model.get("value");
  };
  model.on("change", sync);
  sync();
  help(model, root, input);
}

function renderButton(model, root, id) {
  const button = document.createElement("button");
  button.type = "button";
  button.id = id;
  button.className = "vx-button";
  button.addEventListener("click", () => model.send({ event: "click" }));
  root.appendChild(button);
  const sync = () => {
    button.textContent = model.get("label");
    button.disabled = !!model.get("disabled");
  };
  model.on("change", sync);
  sync();
  help(model, root, button);
}

const RENDER = { slider: renderSlider, radio: renderRadio, select: renderSelect,
                 check: renderCheck, button: renderButton };

function render({ model, el }) {
  // unique in the page: each view of each widget (a module may be loaded once per widget)
  const id = `venusedu-${model.get("name")}-${++counter}-${Math.random().toString(36).slice(2, 10)}`;
  const root = document.createElement("div");
  root.className = `vx-control vx-${model.get("kind")}`;
  keepKeys(root);
  RENDER[model.get("kind")](model, root, id);
  message(model, root);
  el.appendChild(root);
}

export default { render };
