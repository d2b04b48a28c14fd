// Print buttons on the QR pages (no inline scripts: the CSP allows only files from Balai).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
