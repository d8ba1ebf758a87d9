/* Anonymous feedback tokens: RFC 9474 blind RSA (RSABSSA-SHA384-PSS-Randomized) in the browser.
 *
 * When the form opens, the browser makes a random token, blinds it and asks the server (signed
 * in) to sign it; the server records only that this person took this month's token and never
 * sees the token.  The blinding state (token, blinded message, inverse) is written to this
 * browser's localStorage *before* the request goes out and kept until the finished token is
 * stored, so a lost response (network blip, closed tab) is retried with the SAME blinded message:
 * the server signs it again, giving the same single token, and refuses any other.
 * localStorage, not sessionStorage, because a closed tab must not lose it.  The finished token
 * is kept there too until it is spent; then both are gone.
 * "Send" carries the token and the answers in a separate request with credentials: 'omit'.
 * Whatever goes wrong, what the person typed stays in the form.
 *
 * Plain JavaScript, no build: BigInt arithmetic, WebCrypto for SHA-384, randomness and the final
 * RSASSA-PSS verification.  tests/e2e/test_feedback_token_flow.py checks it against the RFC's
 * published vector.
 */
(function () {
  "use strict";

  var HASH_LEN = 48, SALT_LEN = 48, PREFIX_LEN = 32, TOKEN_LEN = 32;

  function hexToBytes(hex) {
    var out = new Uint8Array(hex.length / 2);
    for (var i = 0; i < out.length; i++) { out[i] = parseInt(hex.substr(i * 2, 2), 16); }
    return out;
  }
  function bytesToHex(bytes) {
    var s = "";
    for (var i = 0; i < bytes.length; i++) { s += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16); }
    return s;
  }
  function b64urlToBytes(text) {
    var b64 = text.replace(/-/g, "+").replace(/_/g, "/");
    while (b64.length % 4) { b64 += "="; }
    var bin = atob(b64), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { out[i] = bin.charCodeAt(i); }
    return out;
  }
  function bytesToB64url(bytes) {
    var bin = "";
    for (var i = 0; i < bytes.length; i++) { bin += String.fromCharCode(bytes[i]); }
    return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function os2ip(bytes) { return bytes.length ? BigInt("0x" + bytesToHex(bytes)) : 0n; }
  function i2osp(value, length) {
    var hex = value.toString(16);
    if (hex.length > length * 2) { throw new Error("integer too large"); }
    while (hex.length < length * 2) { hex = "0" + hex; }
    return hexToBytes(hex);
  }
  function concat() {
    var total = 0, i;
    for (i = 0; i < arguments.length; i++) { total += arguments[i].length; }
    var out = new Uint8Array(total), at = 0;
    for (i = 0; i < arguments.length; i++) { out.set(arguments[i], at); at += arguments[i].length; }
    return out;
  }
  function bitLength(n) { return n.toString(2).length; }
  function modPow(base, exp, mod) {
    var result = 1n;
    base %= mod;
    while (exp > 0n) {
      if (exp & 1n) { result = (result * base) % mod; }
      base = (base * base) % mod;
      exp >>= 1n;
    }
    return result;
  }
  function modInverse(a, n) {
    var t = 0n, newT = 1n, r = n, newR = a % n, q, tmp;
    while (newR !== 0n) {
      q = r / newR;
      tmp = t - q * newT; t = newT; newT = tmp;
      tmp = r - q * newR; r = newR; newR = tmp;
    }
    if (r !== 1n) { return null; }
    return t < 0n ? t + n : t;
  }
  function randomBytes(length) { return crypto.getRandomValues(new Uint8Array(length)); }
  function sha384(bytes) { return crypto.subtle.digest("SHA-384", bytes).then(function (d) { return new Uint8Array(d); }); }

  async function mgf1(seed, length) {
    var out = new Uint8Array(0), counter = 0;
    while (out.length < length) {
      var c = new Uint8Array([counter >>> 24 & 255, counter >>> 16 & 255, counter >>> 8 & 255, counter & 255]);
      out = concat(out, await sha384(concat(seed, c)));
      counter++;
    }
    return out.slice(0, length);
  }

  /* RFC 8017 9.1.1, SHA-384, MGF1-SHA384, 48-byte salt */
  async function emsaPssEncode(msg, emBits, salt) {
    var mHash = await sha384(msg);
    var emLen = Math.ceil(emBits / 8);
    if (emLen < HASH_LEN + SALT_LEN + 2) { throw new Error("encoding error"); }
    salt = salt || randomBytes(SALT_LEN);
    var h = await sha384(concat(new Uint8Array(8), mHash, salt));
    var db = concat(new Uint8Array(emLen - SALT_LEN - HASH_LEN - 2), new Uint8Array([1]), salt);
    var mask = await mgf1(h, emLen - HASH_LEN - 1);
    for (var i = 0; i < db.length; i++) { db[i] ^= mask[i]; }
    db[0] &= 0xff >> (8 * emLen - emBits);
    return concat(db, h, new Uint8Array([0xbc]));
  }

  /* RFC 9474 4.1 Prepare (randomized) */
  function prepare(msg, prefix) {
    prefix = prefix || randomBytes(PREFIX_LEN);
    return concat(prefix, msg);
  }

  function randomBlind(n) {
    var bits = bitLength(n), len = Math.ceil(bits / 8), mask = (1n << BigInt(bits)) - 1n;
    for (;;) {
      var r = os2ip(randomBytes(len)) & mask;
      if (r > 0n && r < n && modInverse(r, n) !== null) { return r; }
    }
  }

  /* RFC 9474 4.2 Blind: resolves to {blindedMsg, inv}.  salt and r only for the test vector. */
  async function blind(n, e, msg, salt, r) {
    var kBits = bitLength(n), kLen = Math.ceil(kBits / 8);
    var m = os2ip(await emsaPssEncode(msg, kBits - 1, salt));
    if (modInverse(m, n) === null) { throw new Error("invalid input"); }
    r = r || randomBlind(n);
    var inv = modInverse(r, n);
    if (inv === null) { throw new Error("invalid blind"); }
    var z = (m * modPow(r, e, n)) % n;
    return { blindedMsg: i2osp(z, kLen), inv: inv };
  }

  function publicKey(n, e) {
    var kLen = Math.ceil(bitLength(n) / 8);
    var eBytes = i2osp(e, Math.max(1, Math.ceil(bitLength(e) / 8)));
    return crypto.subtle.importKey(
      "jwk", { kty: "RSA", n: bytesToB64url(i2osp(n, kLen)), e: bytesToB64url(eBytes), alg: "PS384", ext: true },
      { name: "RSA-PSS", hash: "SHA-384" }, false, ["verify"]
    );
  }

  /* RFC 9474 4.4 Finalize: unblind, then verify with WebCrypto's standard RSASSA-PSS */
  async function finalize(n, e, msg, blindSig, inv) {
    var kLen = Math.ceil(bitLength(n) / 8);
    if (blindSig.length !== kLen) { throw new Error("unexpected input size"); }
    var sig = i2osp((os2ip(blindSig) * inv) % n, kLen);
    var ok = await crypto.subtle.verify({ name: "RSA-PSS", saltLength: SALT_LEN }, await publicKey(n, e), sig, msg);
    if (!ok) { throw new Error("invalid signature"); }
    return sig;
  }

  window.KabeuchiBlindRSA = {
    hexToBytes: hexToBytes, bytesToHex: bytesToHex, os2ip: os2ip,
    prepare: prepare, emsaPssEncode: emsaPssEncode, blind: blind, finalize: finalize, modInverse: modInverse
  };

  // --- the page -------------------------------------------------------------------------------

  var root = document.querySelector("[data-feedback-token]");
  if (!root) { return; }
  var form = root.querySelector("form[data-feedback-form]");
  var status = root.querySelector("[data-feedback-status]");
  var sendButton = form ? form.querySelector("button[data-feedback-send]") : null;
  var storageKey = "kabeuchi-feedback-token:" + root.dataset.organisation + ":" + root.dataset.period;
  var pendingKey = storageKey + ":pending";
  var n = os2ip(b64urlToBytes(root.dataset.n)), e = BigInt(root.dataset.e);
  var ticket = null, issuing = null, sending = false;

  function say(text, kind) {
    if (!status) { return; }
    status.textContent = text;
    status.className = kind === "error" ? "error" : "notice";
    status.hidden = !text;
  }
  function load() {
    try { return JSON.parse(window.localStorage.getItem(storageKey) || "null"); } catch (err) { return null; }
  }
  function keep(value) {
    try {
      if (value) { window.localStorage.setItem(storageKey, JSON.stringify(value)); }
      else { window.localStorage.removeItem(storageKey); }
    } catch (err) { /* private mode: the token lives as long as the page */ }
  }
  function loadPending() {
    try {
      var p = JSON.parse(window.localStorage.getItem(pendingKey) || "null");
      if (!p || !p.token || !p.blinded || !p.inv) { return null; }
      return { token: b64urlToBytes(p.token), blindedMsg: b64urlToBytes(p.blinded), inv: BigInt("0x" + p.inv) };
    } catch (err) { return null; }
  }
  function keepPending(value) {
    try {
      if (value) {
        window.localStorage.setItem(pendingKey, JSON.stringify({
          token: bytesToB64url(value.token), blinded: bytesToB64url(value.blindedMsg), inv: value.inv.toString(16)
        }));
      } else { window.localStorage.removeItem(pendingKey); }
    } catch (err) { /* private mode: a retry works as long as the page stays open */ }
  }
  function detail(response) {
    return response.json().then(function (body) { return body.detail || root.dataset.msgNetwork; },
                                function () { return root.dataset.msgNetwork; });
  }

  function issue() {
    if (issuing) { return issuing; }
    var csrf = root.dataset.csrf || ((form && form.querySelector("input[name=csrfmiddlewaretoken]")) || {}).value || "";
    issuing = (async function () {
      // A request whose response was lost is repeated with the same blinded message.
      var pending = loadPending();
      if (!pending) {
        var token = prepare(randomBytes(TOKEN_LEN));
        var blinded = await blind(n, e, token);
        pending = { token: token, blindedMsg: blinded.blindedMsg, inv: blinded.inv };
        keepPending(pending);  // before the request: a closed tab keeps it
      }
      var response = await fetch(root.dataset.issueUrl, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, "Accept": "application/json" },
        body: JSON.stringify({ period: root.dataset.period, blinded_msg: bytesToB64url(pending.blindedMsg) })
      });
      if (response.status === 400) { keepPending(null); }  // refused: this state can never be signed
      if (!response.ok) { throw new Error(await detail(response)); }
      var body = await response.json();
      var sig;
      try {
        sig = await finalize(n, e, pending.token, b64urlToBytes(body.blind_sig), pending.inv);
      } catch (err) {
        keepPending(null);  // a signature that does not verify: this state can never finish
        throw err;
      }
      ticket = { token: bytesToB64url(pending.token), signature: bytesToB64url(sig) };
      keep(ticket);
      keepPending(null);  // the finished token is stored: the blinding state is no longer needed
      return ticket;
    })();
    issuing.catch(function () { issuing = null; });
    return issuing;
  }

  function answers() {
    var data = new FormData(form), out = {};
    ["safe", "useful", "uneasy", "comment"].forEach(function (name) { out[name] = data.get(name) || ""; });
    return out;
  }

  async function send() {
    if (sending) { return; }
    sending = true;
    if (sendButton) { sendButton.disabled = true; }
    say(root.dataset.msgSending, "notice");
    try {
      var t = ticket || await issue();
      var payload = answers();
      payload.organisation = root.dataset.organisation;
      payload.period = root.dataset.period;
      payload.token = t.token;
      payload.signature = t.signature;
      var response = await fetch(root.dataset.spendUrl, {
        method: "POST", credentials: "omit", cache: "no-store", referrerPolicy: "no-referrer",
        headers: { "Content-Type": "application/json", "Accept": "application/json",
                   "Accept-Language": document.documentElement.lang || "ja" },
        body: JSON.stringify(payload)
      });
      if (response.status === 204) {
        keep(null);
        ticket = null;
        form.remove();
        say(root.dataset.msgSent, "notice");
        return;
      }
      say(await detail(response), "error");  // the typed answers stay in the form
    } catch (err) {
      say(err && err.message ? err.message : root.dataset.msgNetwork, "error");
    } finally {
      sending = false;
      if (sendButton) { sendButton.disabled = false; }
    }
  }

  if (root.dataset.prefetch === "1") {
    // The home page takes this month's token ahead of time, whether or not the person will
    // ever send feedback, so that the server's record of who took a token (and when) is not a
    // record of who is about to send feedback: the order in which tokens are taken no longer
    // lines up with the order in which feedback arrives (docs/privacy.md, P38; C4).  Silent:
    // nothing is shown, and a failure is simply tried again on a later visit.
    if (!load() && root.dataset.issued !== "1") { issue().catch(function () { /* next visit */ }); }
    return;
  }
  if (!form) { return; }
  form.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    if (submitter && submitter.hasAttribute("formaction")) { return; }  // "Discard" goes to the server
    event.preventDefault();
    send();
  });

  (function showFingerprint() {
    var target = root.querySelector("[data-feedback-fingerprint]");
    if (!target) { return; }
    crypto.subtle.digest("SHA-256", b64urlToBytes(root.dataset.n)).then(function (d) {
      var hex = bytesToHex(new Uint8Array(d)).slice(0, 16);
      target.textContent = hex.match(/.{4}/g).join(" ");
      target.parentNode.hidden = false;
    });
  })();

  ticket = load();
  if (ticket) {
    keepPending(null);
    say(root.dataset.msgReady, "notice");
  } else if (root.dataset.issued === "1" && !loadPending()) {
    say(root.dataset.msgUsed, "error");
    if (sendButton) { sendButton.disabled = true; }
  } else {
    say(root.dataset.msgPreparing, "notice");
    issue().then(function () { say(root.dataset.msgReady, "notice"); },
                 function (err) { say(err && err.message ? err.message : root.dataset.msgNetwork, "error"); });
  }
})();
