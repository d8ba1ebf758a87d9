// The conversation page: send a message, read the streamed reply (Server-Sent Events over a
// POST), keep what the person typed when anything fails, and for a conversation that is not
// saved, hold its state in this page only.
(function () {
  "use strict";
  var root = document.getElementById("talk");
  if (!root) { return; }
  var form = document.getElementById("talk-form");
  var textarea = document.getElementById("message");
  var turns = document.getElementById("turns");
  var errorBox = document.getElementById("talk-error");
  var sendButton = document.getElementById("send");
  var supportBox = document.getElementById("support");
  var saved = root.dataset.saved === "1";
  var stateNode = document.getElementById("talk-state");
  var state = stateNode ? JSON.parse(stateNode.textContent) : null;
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var busy = false;

  function addTurn(role, text) {
    var li = document.createElement("li");
    li.className = "turn " + role;
    var who = document.createElement("span");
    who.className = "who";
    who.textContent = role === "person" ? (document.documentElement.lang === "en" ? "You" : "あなた") : "Kabeuchi";
    var body = document.createElement("div");
    body.className = "text";
    body.textContent = text;
    li.appendChild(who);
    li.appendChild(body);
    turns.appendChild(li);
    return body;
  }

  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = false;
    sendButton.textContent = root.dataset.msgRetry;
  }

  function line(parent, text, tag) {
    var el = document.createElement(tag || "p");
    el.textContent = text;
    parent.appendChild(el);
    return el;
  }

  function showSupport(data) {
    supportBox.innerHTML = "";
    var crisis = data.kinds.indexOf("crisis") !== -1;
    var heading = line(supportBox, crisis ? supportBox.dataset.crisis || "" : "", "h2");
    heading.textContent = crisis ? (document.documentElement.lang === "en" ? "Please talk with a person now" : "いま、人に話してみてください")
                                 : (document.documentElement.lang === "en" ? "People who can help" : "相談できるところ");
    (data.notes || []).forEach(function (note) { line(supportBox, note); });
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
      supportBox.appendChild(ul);
    }
    lines(data.crisis_lines || []);
    if (data.consultation_desk) { line(supportBox, data.consultation_desk).className = "desk"; }
    if (data.eap) { line(supportBox, data.eap).className = "desk"; }
    lines(data.work_lines || []);
    var checked = line(supportBox, (document.documentElement.lang === "en" ? "Numbers last checked: " : "番号の最終確認日：") + data.checked_on);
    checked.className = "muted";
    line(supportBox, document.documentElement.lang === "en" ? "Nobody is notified that this was shown." : "この案内が表示されたことは、誰にも通知されません。").className = "muted";
    supportBox.hidden = false;
    if (crisis) { supportBox.focus(); }
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

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (busy) { return; }
    var message = textarea.value.trim();
    if (!message) { textarea.focus(); return; }
    busy = true;
    errorBox.hidden = true;
    sendButton.disabled = true;
    var personNode = addTurn("person", message);
    var replyNode = addTurn("partner", root.dataset.msgWriting);
    var replyText = "", finished = false, failed = false;
    var payload = saved ? { message: message } : { message: message, state: state };

    function fail(text) {
      failed = true;
      personNode.parentNode.remove();
      replyNode.parentNode.remove();
      showError(text);
    }

    fetch(root.dataset.sendUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, "Accept": "text/event-stream" },
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
            if (kind === "support") { showSupport(data); }
            else if (kind === "notice") { replyText = ""; replyNode.textContent = ""; line(turns, data.text).className = "muted notice-line"; }
            else if (kind === "chunk") { replyText += data.text; replyNode.textContent = replyText; }
            else if (kind === "error") { fail(data.message); }
            else if (kind === "done") {
              finished = true;
              if (data.state) { state = data.state; }
              textarea.value = "";
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
      if (finished) { sendButton.textContent = sendButton.dataset.label || sendButton.textContent; textarea.focus(); }
    });
  });
  sendButton.dataset.label = sendButton.textContent;

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
