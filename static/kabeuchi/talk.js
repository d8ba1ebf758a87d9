// The conversation page: send a message (typed, or a quick reply), read the streamed reply
// (Server-Sent Events over a POST), keep what the person typed when anything fails, show help
// inline where later replies stay in view, and for a conversation that is not saved, hold its
// state in this page only.  Nothing here logs or sends anything but the message itself.
(function () {
  "use strict";
  var root = document.getElementById("talk");
  if (!root) { return; }
  var form = document.getElementById("talk-form");
  var textarea = document.getElementById("message");
  var turns = document.getElementById("turns");
  var errorBox = document.getElementById("talk-error");
  var sendButton = document.getElementById("send");
  var progressBox = document.getElementById("progress");
  var checkReplies = document.getElementById("check-replies");
  var hint = document.getElementById("composer-hint");
  var saved = root.dataset.saved === "1";
  var stateNode = document.getElementById("talk-state");
  var state = stateNode ? JSON.parse(stateNode.textContent) : null;
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var en = document.documentElement.lang === "en";
  var busy = false;
  // The message waiting for its "done", with the idempotency key made when it was first sent:
  // a retry of the same words sends the same key, so if the first try was recorded after all
  // (the connection broke before "done" arrived) the server answers with that reply instead of
  // recording the message twice.  Different words get a new key.
  var pending = null;
  var placeholder = textarea.getAttribute("placeholder") || "";

  // The composer sticks to the bottom of the screen; whatever scrolls into view must clear it.
  function measureComposer() {
    document.documentElement.style.setProperty("--composer-h", (form.offsetHeight + 12) + "px");
  }
  measureComposer();
  window.addEventListener("resize", measureComposer);

  function reveal(node) {
    if (node && node.scrollIntoView) { node.scrollIntoView({ block: "nearest" }); }
  }

  function addTurn(role, text) {
    var li = document.createElement("li");
    li.className = "turn " + role;
    var who = document.createElement("span");
    who.className = "who";
    who.textContent = role === "person" ? (en ? "You" : "あなた") : "Kabeuchi";
    var body = document.createElement("div");
    body.className = "text";
    body.textContent = text;
    li.appendChild(who);
    li.appendChild(body);
    turns.appendChild(li);
    return body;
  }

  // retryable === false (a message too long for the model, a refused request): sending the
  // same text again cannot help, so the button keeps its label; the text stays in the box.
  function showError(message, retryable) {
    errorBox.textContent = message;
    errorBox.hidden = false;
    sendButton.textContent = retryable === false ? (sendButton.dataset.label || sendButton.textContent) : root.dataset.msgRetry;
    measureComposer();
  }

  function line(parent, text, tag) {
    var el = document.createElement(tag || "p");
    el.textContent = text;
    parent.appendChild(el);
    return el;
  }

  // Help appears inside the conversation, right after the reply it came with, so the replies
  // that follow are added below it and scrolled into view like any other.
  function showSupport(data, after) {
    var old = turns.querySelector("li.support");
    if (old) { old.remove(); }
    var box = document.createElement("li");
    box.className = "support";
    box.id = "support";
    box.tabIndex = -1;
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", root.dataset.msgHelp);
    // asked for by the person (「窓口の番号もう一回出して」): the same help under a plain heading
    var crisis = data.kinds.indexOf("crisis") !== -1 && !data.asked;
    line(box, crisis ? (en ? "Please talk with a person now" : "いま、人に話してみてください")
                     : (en ? "People who can help" : "相談できるところ"), "h2");
    (data.notes || []).forEach(function (note) { line(box, note); });
    function lines(list) {
      if (!list.length) { return; }
      var ul = document.createElement("ul");
      list.forEach(function (item) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = "tel:" + item.number.replace(/[^0-9+]/g, "");
        a.textContent = item.number;
        li.appendChild(document.createTextNode(item.name + ": "));
        li.appendChild(a);
        li.appendChild(document.createTextNode(" (" + item.hours + ")"));
        ul.appendChild(li);
      });
      box.appendChild(ul);
    }
    lines(data.crisis_lines || []);
    if (data.chat) {
      var chat = line(box, data.chat.text + " ");
      var link = document.createElement("a");
      link.href = data.chat.url;
      link.rel = "noopener noreferrer";
      link.target = "_blank";
      link.textContent = en ? "Mamorouyo Kokoro (まもろうよ こころ)" : "まもろうよ こころ";
      chat.appendChild(link);
    }
    if (data.consultation_desk) { line(box, data.consultation_desk).className = "desk"; }
    if (data.eap) { line(box, data.eap).className = "desk"; }
    lines(data.work_lines || []);
    line(box, (en ? "Numbers last checked: " : "番号の最終確認日：") + data.checked_on).className = "muted";
    line(box, en ? "Nobody is notified that this was shown." : "この案内が表示されたことは、誰にも通知されません。").className = "muted";
    after.parentNode.insertBefore(box, after.nextSibling);
    if (crisis) { box.focus({ preventScroll: true }); }
    reveal(box);
  }

  function renderProgress(progress) {
    if (!progressBox) { return; }
    progressBox.innerHTML = "";
    if (!progress) { progressBox.hidden = true; return; }
    var dots = document.createElement("span");
    dots.className = "dots";
    dots.setAttribute("aria-hidden", "true");
    progress.dots.forEach(function (n) {
      var dot = document.createElement("span");
      dot.className = "dot" + (n < progress.number ? " past" : n === progress.number ? " now" : "");
      dots.appendChild(dot);
    });
    var text = document.createElement("span");
    text.className = "progress-text";
    var count = document.createElement("span");
    count.className = "count";
    count.setAttribute("aria-hidden", "true");
    count.textContent = progress.done ? "✓" : progress.number + " / " + progress.total;
    var name = document.createElement("span");
    name.className = "step-name";
    name.setAttribute("aria-hidden", "true");
    name.textContent = progress.label;
    var spoken = document.createElement("span");
    spoken.className = "visually-hidden";
    spoken.textContent = progress.text;
    text.appendChild(count);
    text.appendChild(document.createTextNode(" "));
    text.appendChild(name);
    text.appendChild(spoken);
    progressBox.appendChild(dots);
    progressBox.appendChild(text);
    progressBox.hidden = false;
  }

  function showPage(page) {
    if (!page) { return; }
    renderProgress(page.progress);
    checkReplies.hidden = !page.check;
    measureComposer();
  }

  function clearHint() {
    hint.hidden = true;
    textarea.setAttribute("placeholder", placeholder);
    measureComposer();
  }

  // A random (version 4) UUID; crypto.randomUUID exists only on HTTPS and localhost.
  function newKey() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    var b = window.crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function parseEvents(buffer, onEvent) {
    var parts = buffer.split("\n\n");
    var rest = parts.pop();
    parts.forEach(function (block) {
      var kind = "message", data = "";
      block.split("\n").forEach(function (row) {
        if (row.indexOf("event: ") === 0) { kind = row.slice(7); }
        else if (row.indexOf("data: ") === 0) { data += row.slice(6); }
      });
      if (data) { onEvent(kind, JSON.parse(data)); }
    });
    return rest;
  }

  // typed: the message came from the text box (cleared only once the reply has arrived);
  // otherwise it is a quick reply and the text box keeps whatever the person had written.
  function send(message, typed) {
    if (busy) { return; }
    if (!message) { textarea.focus(); return; }
    busy = true;
    errorBox.hidden = true;
    sendButton.disabled = true;
    checkReplies.hidden = true;
    clearHint();
    var personNode = addTurn("person", message);
    var replyNode = addTurn("partner", root.dataset.msgWriting);
    reveal(replyNode.parentNode);
    var replyText = "", finished = false, failed = false;
    var payload = saved ? { message: message } : { message: message, state: state };
    if (!pending || pending.text !== message) { pending = { text: message, key: newKey() }; }
    var key = pending.key;

    function fail(text, retryable) {
      failed = true;
      personNode.parentNode.remove();
      replyNode.parentNode.remove();
      if (!typed && !textarea.value) { textarea.value = message; }
      showError(text, retryable);
    }

    fetch(root.dataset.sendUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, "Accept": "text/event-stream",
                 "Idempotency-Key": key },
      body: JSON.stringify(payload)
    }).then(function (response) {
      if (!response.ok) {
        return response.json().then(function (body) { fail(body.detail || root.dataset.msgNetwork); },
                                    function () { fail(root.dataset.msgNetwork); });
      }
      var reader = response.body.getReader();
      var decoder = new TextDecoder();
      var buffer = "";
      function pump() {
        return reader.read().then(function (chunk) {
          if (chunk.done) {
            if (!finished && !failed) { fail(root.dataset.msgNetwork); }
            return;
          }
          buffer = parseEvents(buffer + decoder.decode(chunk.value, { stream: true }), function (kind, data) {
            if (kind === "support") { showSupport(data, replyNode.parentNode); }
            else if (kind === "notice") { replyText = ""; replyNode.textContent = ""; line(turns, data.text).className = "muted notice-line"; }
            else if (kind === "chunk") { replyText += data.text; replyNode.textContent = replyText; reveal(replyNode.parentNode); }
            else if (kind === "error") { fail(data.message, data.retryable); }
            else if (kind === "done") {
              finished = true;
              if (pending && pending.key === key) { pending = null; }
              // another try of this same message was recorded first: its reply is the one kept
              if (data.reply) { replyText = data.reply; replyNode.textContent = replyText; }
              if (data.state) { state = data.state; }
              if (typed) { textarea.value = ""; }
              showPage(data.page);
            }
          });
          return pump();
        });
      }
      return pump();
    }).catch(function () {
      if (!failed) { fail(root.dataset.msgNetwork); }
    }).then(function () {
      busy = false;
      sendButton.disabled = false;
      if (finished) {
        sendButton.textContent = sendButton.dataset.label || sendButton.textContent;
        reveal(replyNode.parentNode);
        textarea.focus({ preventScroll: true });
      }
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    send(textarea.value.trim(), true);
  });
  sendButton.dataset.label = sendButton.textContent;

  form.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button[data-say], button[data-fix]") : null;
    if (!button || busy) { return; }
    if (button.hasAttribute("data-fix")) {
      // "I want to fix it": nothing is sent; the text box waits for the person's own correction.
      checkReplies.hidden = true;
      hint.hidden = false;
      textarea.setAttribute("placeholder", hint.textContent);
      measureComposer();
      textarea.focus();
      return;
    }
    send(button.getAttribute("data-say"), false);
  });

  // A conversation that has just started: the person can begin typing at once.
  if (!turns.querySelector(".turn.person")) { textarea.focus({ preventScroll: true }); }
  else { reveal(turns.lastElementChild); }

  // Words typed and not yet sent survive leaving the page (the retention form, the summary, a
  // link): they are held in this tab's sessionStorage under the conversation's id, put back when
  // the page opens again, and dropped at once.  Sign-out clears them (app.js); a deleted
  // conversation takes its draft along.  A conversation that is not saved has no id to hold a
  // draft under, and asks before leaving instead (below).
  var draftKey = root.dataset.conversation ? "kabeuchi:draft:" + root.dataset.conversation : null;
  if (draftKey) {
    try {
      var draft = window.sessionStorage.getItem(draftKey);
      window.sessionStorage.removeItem(draftKey);
      if (draft && !textarea.value) { textarea.value = draft; textarea.dispatchEvent(new Event("input")); }
    } catch (e) { /* storage off: nothing was kept, nothing to put back */ }
    var deleting = false;
    document.addEventListener("submit", function (event) {
      if (event.target.id === "delete-conversation" && !event.defaultPrevented) { deleting = true; }
    });
    window.addEventListener("pagehide", function () {
      try {
        if (!deleting && textarea.value.trim() && !busy) { window.sessionStorage.setItem(draftKey, textarea.value); }
        else { window.sessionStorage.removeItem(draftKey); }
      } catch (e) { /* storage full or off: the browser's own leave warning is all there is */ }
    });
  }

  var summaryForm = document.getElementById("summary-form");
  if (summaryForm && !saved) {
    summaryForm.addEventListener("submit", function () {
      document.getElementById("summary-state").value = JSON.stringify(state);
    });
  }
  if (!saved) {
    window.addEventListener("beforeunload", function (event) {
      if (state && state.turns.length > 1 && !summaryForm.dataset.leaving) { event.preventDefault(); event.returnValue = root.dataset.msgLeave; }
    });
    summaryForm.addEventListener("submit", function () { summaryForm.dataset.leaving = "1"; });
  }
})();
