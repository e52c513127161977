/* The exercises' checks (companion.sphinx_exercises): a reader's answer is canonicalised, hashed with the
 * exercise's salt (SHA-256) and compared with the hashes the build stored; the answer itself is never in
 * the page. No kernel, no network, no Web Crypto (which plain-http pages lack): the hash is computed here.
 * Canonical forms follow companion.exercises (canonical_number, canonical_text); tests hold them equal. */
(function () {
  "use strict";

  var K = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
  ];

  /* SHA-256 of a byte array; returns 32 bytes. */
  function sha256(bytes) {
    var h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    var length = bytes.length;
    var padded = new Uint8Array(((length + 9 + 63) >> 6) << 6);
    padded.set(bytes);
    padded[length] = 0x80;
    var view = new DataView(padded.buffer);
    view.setUint32(padded.length - 8, Math.floor(length / 0x20000000));
    view.setUint32(padded.length - 4, (length << 3) >>> 0);
    var w = new Array(64);
    for (var offset = 0; offset < padded.length; offset += 64) {
      for (var i = 0; i < 16; i++) { w[i] = view.getUint32(offset + i * 4); }
      for (i = 16; i < 64; i++) {
        var a0 = w[i - 15], a1 = w[i - 2];
        var s0 = ((a0 >>> 7) | (a0 << 25)) ^ ((a0 >>> 18) | (a0 << 14)) ^ (a0 >>> 3);
        var s1 = ((a1 >>> 17) | (a1 << 15)) ^ ((a1 >>> 19) | (a1 << 13)) ^ (a1 >>> 10);
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
      }
      var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
      for (i = 0; i < 64; i++) {
        var S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        var t1 = (k + S1 + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
        var S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
        var t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
        k = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      h = [(h[0] + a) | 0, (h[1] + b) | 0, (h[2] + c) | 0, (h[3] + d) | 0,
        (h[4] + e) | 0, (h[5] + f) | 0, (h[6] + g) | 0, (h[7] + k) | 0];
    }
    var out = new Uint8Array(32);
    var outView = new DataView(out.buffer);
    h.forEach(function (word, j) { outView.setUint32(j * 4, word >>> 0); });
    return out;
  }

  var utf8 = new TextEncoder();

  function hex(bytes) {
    return Array.prototype.map.call(bytes, function (x) { return (x < 16 ? "0" : "") + x.toString(16); }).join("");
  }

  function digest(salt, canonical) { return hex(sha256(utf8.encode(salt + ":" + canonical))); }

  function canonicalText(text) {
    return String(text).normalize("NFKC").toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
  }

  /* A typed number rounded half up to `decimals` places, as text; null when it is not a number. */
  function canonicalNumber(text, decimals, unit) {
    var s = String(text).trim().replace(/\u2212/g, "-");
    if (unit && s.toLowerCase().endsWith(unit.toLowerCase())) { s = s.slice(0, s.length - unit.length); }
    s = s.trim().replace(/%$/, "").replace(/[ \u00a0]/g, "");
    if (/^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$/.test(s)) { s = s.replace(/,/g, ""); }
    var m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(s);
    if (!m || !(m[2] || m[3])) { return null; }
    var whole = m[2] || "0", fraction = m[3] || "";
    while (fraction.length <= decimals) { fraction += "0"; }
    var scaled = BigInt(whole + fraction.slice(0, decimals));
    if (Number(fraction.charAt(decimals)) >= 5) { scaled += 1n; }
    var digits = scaled.toString();
    while (digits.length <= decimals) { digits = "0" + digits; }
    var shown = decimals ? digits.slice(0, digits.length - decimals) + "." + digits.slice(digits.length - decimals) : digits;
    return m[1] === "-" && /[1-9]/.test(shown) ? "-" + shown : shown;
  }

  function unmask(salt, key, masked) {
    var data = Uint8Array.from(atob(masked), function (ch) { return ch.charCodeAt(0); });
    var stream = new Uint8Array(0), counter = 0;
    while (stream.length < data.length) {
      var block = sha256(utf8.encode(salt + ":" + key + ":" + counter));
      var grown = new Uint8Array(stream.length + block.length);
      grown.set(stream); grown.set(block, stream.length);
      stream = grown; counter += 1;
    }
    return new TextDecoder().decode(data.map(function (x, i) { return x ^ stream[i]; }));
  }

  function say(form, text, state) {
    var out = form.querySelector(".companion-check-feedback");
    out.textContent = text;
    out.dataset.state = state;
    var field = form.querySelector("input[type=text]");
    if (field) { field.setAttribute("aria-invalid", state === "wrong" ? "true" : "false"); }
  }

  function judge(check, form) {
    if (check.kind === "choice") {
      var picked = form.querySelector("input[type=radio]:checked");
      if (!picked) { say(form, "Choose one of the answers first.", "empty"); return; }
      var option = check.options[Number(picked.value)];
      var key = canonicalText(option.label);
      var feedback = unmask(check.salt, key, option.feedback);
      if (check.digests.indexOf(digest(check.salt, key)) >= 0) {
        say(form, "Correct. " + feedback, "right");
      } else {
        say(form, "Not yet. " + feedback + " Hint: " + check.hint, "wrong");
      }
      return;
    }
    var typed = form.querySelector("input[type=text]").value;
    var given = check.kind === "number" ? canonicalNumber(typed, check.decimals, check.unit) : canonicalText(typed);
    if (!given) {
      say(form, check.kind === "number" ? "Type a number, such as 12 or 0.5." : "Type your answer first.", "empty");
    } else if (check.digests.indexOf(digest(check.salt, given)) >= 0) {
      say(form, "Correct.", "right");
    } else {
      say(form, "Not yet. Hint: " + check.hint, "wrong");
    }
  }

  function start() {
    document.querySelectorAll(".companion-check[data-check]").forEach(function (box) {
      var check = JSON.parse(box.getAttribute("data-check"));
      var form = box.querySelector("form");
      form.addEventListener("submit", function (event) { event.preventDefault(); judge(check, form); });
      box.hidden = false;
    });
  }

  window.companionExercises = { sha256: sha256, digest: digest, canonicalText: canonicalText,
    canonicalNumber: canonicalNumber, unmask: unmask };
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
