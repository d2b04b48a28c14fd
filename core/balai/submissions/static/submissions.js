// The citizens' pages' own script (no third party): the form's proof of work, "leave this page",
// and the confirmation code of a new-code link. Every form still works without it.
"use strict";

// SHA-256 (FIPS 180-4). The constants are the first 32 bits of the fractional parts of the cube
// roots (K) and square roots (H) of the first primes, computed here rather than typed in.
const PRIMES = [];
for (let n = 2; PRIMES.length < 64; n++) if (PRIMES.every((p) => n % p)) PRIMES.push(n);
const frac32 = (x) => ((x - Math.floor(x)) * 4294967296) >>> 0;
const K = Uint32Array.from(PRIMES, (p) => frac32(Math.cbrt(p)));
const H = Uint32Array.from(PRIMES.slice(0, 8), (p) => frac32(Math.sqrt(p)));
const rotr = (x, n) => (x >>> n) | (x << (32 - n));

function sha256(bytes) {
  const total = ((bytes.length + 9 + 63) >> 6) << 6;
  const m = new Uint8Array(total);
  m.set(bytes);
  m[bytes.length] = 0x80;
  const view = new DataView(m.buffer);
  view.setUint32(total - 4, (bytes.length * 8) >>> 0);
  view.setUint32(total - 8, Math.floor((bytes.length * 8) / 4294967296));
  const h = Uint32Array.from(H);
  const w = new Uint32Array(64);
  for (let off = 0; off < total; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4);
    for (let i = 16; i < 64; i++) {
      const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
      const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
    }
    let [a, b, c, d, e, f, g, k] = h;
    for (let i = 0; i < 64; i++) {
      const t1 = (k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      k = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += k;
  }
  return h;
}

// The proof of work: a nonce whose SHA-256 with the stamp starts with `bits` zero bits, searched
// in small slices so the page stays responsive; the form waits for it only if sent very quickly.
function solve(form) {
  const bits = Number(form.dataset.pow);
  const stamp = form.querySelector("input[name=stamp]").value;
  const nonceField = form.querySelector("input[name=nonce]");
  const encoder = new TextEncoder();
  let nonce = 0;
  const slice = () => {
    for (const end = nonce + 4000; nonce < end; nonce++) {
      if (Math.clz32(sha256(encoder.encode(stamp + ":" + nonce))[0]) >= bits) {
        nonceField.value = String(nonce);
        form.dataset.powDone = "1";
        if (form.dataset.sendWhenDone) form.submit();
        return;
      }
    }
    setTimeout(slice, 0);
  };
  slice();
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("form[data-pow]").forEach((form) => {
    solve(form);
    form.addEventListener("submit", (event) => {
      if (form.dataset.powDone) return;
      event.preventDefault();
      form.dataset.sendWhenDone = "1";
      const button = form.querySelector("[type=submit]");
      if (button) { button.disabled = true; button.textContent = form.dataset.wait || button.textContent; }
    });
  });
  const token = document.querySelector("input[data-from-fragment]");
  if (token && location.hash.length > 1) {
    token.value = decodeURIComponent(location.hash.slice(1));
    history.replaceState(null, "", location.pathname);  // the code leaves the address bar and history
  }
});

// "Leave this page": forget what this tab kept and replace the page in the history, so that the
// back button does not bring the form back; the server's answer asks the browser to clear the rest.
document.addEventListener("click", (event) => {
  const link = event.target.closest("[data-leave]");
  if (!link) return;
  event.preventDefault();
  try { sessionStorage.clear(); localStorage.clear(); } catch (e) { /* storage may be switched off */ }
  document.querySelectorAll("form").forEach((form) => form.reset());
  location.replace(link.href);
});
