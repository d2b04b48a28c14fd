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
