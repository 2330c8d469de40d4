// The theme's ".ipynb" button opens the notebook in a new tab; make it a download.
document.addEventListener("DOMContentLoaded", () => {
  for (const a of document.querySelectorAll("a.btn-download-source-button")) {
    a.setAttribute("download", "");
    a.removeAttribute("target");
  }
});
