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

// Camera scanning where the browser reads QR codes itself (BarcodeDetector, e.g. Chrome on an
// Android tablet). Elsewhere the button stays hidden and the scanner/keyboard path is used.
(function () {
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices) return;
  document.addEventListener("DOMContentLoaded", () => {
    const button = document.querySelector("[data-pindai-kamera]");
    const video = document.querySelector("[data-kamera]");
    const input = document.getElementById("f-nomor");
    if (!button || !video || !input) return;
    button.hidden = false;
    button.addEventListener("click", async () => {
      let stream;
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
      } catch (err) {
        button.hidden = true;  // no camera or permission refused: keep to the scanner and keyboard
        input.focus();
        return;
      }
      const detector = new BarcodeDetector({ formats: ["qr_code"] });
      video.srcObject = stream;
      video.hidden = false;
      await video.play();
      let running = true;
      const stop = () => { running = false; stream.getTracks().forEach((t) => t.stop()); video.hidden = true; };
      const look = async () => {
        if (!running) return;
        try {
          const codes = await detector.detect(video);
          if (codes.length) {
            stop();
            input.value = codes[0].rawValue;
            input.form.requestSubmit();
            return;
          }
        } catch (err) { /* a frame that could not be read: try the next one */ }
        setTimeout(look, 250);
      };
      look();
      setTimeout(stop, 60000);  // never leave the camera on at an unattended kiosk
    });
  });
})();

// A visitor who walks away must not leave their half-typed details on the screen: after two
// minutes without a touch or a key, the kiosk goes back to its start screen.
(function () {
  const HOME = "/layanan/anjungan";
  let timer;
  const reset = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (window.location.pathname !== HOME || document.querySelector(".is-invalid, [data-kembali]")) {
        window.location.assign(HOME);
      }
    }, 120000);
  };
  ["keydown", "pointerdown", "input"].forEach((name) => document.addEventListener(name, reset, true));
  document.addEventListener("DOMContentLoaded", reset);
})();
