// venusedu explorer readout: the verdict as a polite live region (role="status")
// and the details beside it (not announced on every change).

function render({ model, el }) {
  const root = document.createElement("div");
  root.className = "vx-readout";
  const live = document.createElement("p");
  live.className = "vx-verdict";
  live.setAttribute("role", "status");
  live.setAttribute("aria-live", "polite");
  live.setAttribute("aria-atomic", "true");
  const details = document.createElement("div");
  details.className = "vx-details";
  const notice = document.createElement("p");
  notice.className = "vx-message";
  root.append(live, details, notice);
  el.appendChild(root);
  const sync = () => {
    live.innerHTML = model.get("verdict_html");
    live.dataset.state = model.get("state");
    details.innerHTML = model.get("details_html");
    const text = model.get("notice") || "";
    notice.textContent = text;
    notice.hidden = !text;
    if (text) notice.setAttribute("role", "alert"); else notice.removeAttribute("role");
  };
  model.on("change", sync);
  sync();
}

export default { render };
