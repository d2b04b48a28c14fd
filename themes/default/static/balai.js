// Small progressive enhancements; every form still works without JavaScript.
document.addEventListener("change", (event) => {
  if (event.target.matches("[data-autosubmit]")) event.target.form.requestSubmit();
});
document.addEventListener("click", (event) => {
  const toggler = event.target.closest("[data-toggle-target]");
  if (!toggler) return;
  const target = document.querySelector(toggler.dataset.toggleTarget);
  const open = target.classList.toggle("show");
  toggler.setAttribute("aria-expanded", String(open));
});
// A form that fails validation answers 400/422 (an upload also 413/415) with itself re-rendered:
// let htmx swap it in (htmx 2 leaves 4xx responses unswapped by default).
if (window.htmx) {
  htmx.config.responseHandling.unshift({ code: "^(400|413|415|422)$", swap: true, error: false });
}
// File inputs with data-max-bytes: refuse an oversize file before sending it, since the server
// can only answer 413 after the browser has started pushing the whole file.
document.addEventListener("change", (event) => {
  const input = event.target;
  if (!input.matches("input[type=file][data-max-bytes]")) return;
  const tooBig = Array.from(input.files).some((file) => file.size > Number(input.dataset.maxBytes));
  input.setCustomValidity(tooBig ? input.dataset.maxMessage : "");
  if (tooBig) input.reportValidity();
});
