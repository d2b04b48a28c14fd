// The kiosk: keep the number field focused (a hand/USB QR scanner types into it and presses
// Enter), go back to the start screen after a welcome, and offer full screen on a tablet.
(function () {
  const field = () => document.getElementById("f-nomor");
  document.addEventListener("DOMContentLoaded", () => {
    const input = field();
    if (input) {
      input.focus();
      // Taps elsewhere on the start screen must not leave the scanner typing into nothing.
      document.addEventListener("click", (event) => {
        if (!event.target.closest("a, button, input, select, textarea, label")) input.focus();
      });
    }
    const back = document.querySelector("[data-kembali]");
    if (back) {
      const seconds = parseInt(back.dataset.detik || "15", 10);
      setTimeout(() => { window.location.assign(back.dataset.kembali); }, seconds * 1000);
    }
  });
  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-layar-penuh]") && document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen().catch(() => {});
    }
  });
})();
