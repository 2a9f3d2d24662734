// Firebreak's only script: countdowns, live timeline over Server-Sent Events, live triage suggestion.
// Every page works without it; this only saves reloads. Text is always inserted with textContent.
(function () {
  "use strict";

  function tick() {
    document.querySelectorAll("[data-due]").forEach(function (el) {
      var due = Date.parse(el.getAttribute("data-due"));
      if (isNaN(due)) return;
      var left = Math.round((due - Date.now()) / 1000);
      var abs = Math.abs(left), m = Math.floor(abs / 60), s = abs % 60;
      var text = m + "m " + (s < 10 ? "0" : "") + s + "s";
      if (el.hasAttribute("data-window")) {
        el.textContent = left >= 0 ? " (" + text + " to go)" : " (the window is over; the next check resolves it)";
        return;
      }
      el.textContent = left >= 0 ? "in " + text : "overdue by " + text;
      el.classList.toggle("overdue", left < 0);
    });
  }

  function entry(item) {
    var li = document.createElement("li");
    li.id = "e" + item.version;
    li.setAttribute("data-version", item.version);
    var kind = document.createElement("span");
    kind.className = "kind kind-" + item.kind;
    kind.textContent = item.kind;
    var text = document.createElement("span");
    text.className = "text";
    text.textContent = item.text;
    var meta = document.createElement("span");
    meta.className = "meta";
    meta.textContent = "#" + item.version + " · " + item.actor + " · " + new Date(item.at).toISOString().slice(0, 19) + "Z";
    li.appendChild(kind); li.appendChild(text);
    if (item.publicMarks) {
      var marks = document.createElement("span");
      marks.className = "marks";
      marks.textContent = "(" + item.publicMarks + ")";
      li.appendChild(marks);
    }
    li.appendChild(meta);
    return li;
  }

  function live() {
    var list = document.getElementById("timeline");
    if (!list || !window.EventSource) return;
    var url = list.getAttribute("data-live");
    if (!url) return;
    var source = new EventSource(url + "?after=" + (list.getAttribute("data-after") || "0"));
    // The stream's state on the list (connecting, open, ended), for assistive styling and for tests.
    list.setAttribute("data-live-state", "connecting");
    source.addEventListener("open", function () { list.setAttribute("data-live-state", "open"); });
    source.addEventListener("entry", function (e) {
      var item = JSON.parse(e.data);
      if (document.getElementById("e" + item.version)) return;
      list.appendChild(entry(item));
      list.setAttribute("data-after", item.version);
      var note = document.getElementById("live-note");
      if (note && item.kind !== "note" && item.kind !== "symptom" && item.kind !== "hypothesis" && item.kind !== "action"
          && item.kind !== "result" && item.kind !== "decision" && item.kind !== "command") {
        note.hidden = false;
      }
    });
    // The server ends the stream when the session or access no longer holds: stop reconnecting.
    source.addEventListener("ended", function () {
      source.close();
      list.setAttribute("data-live-state", "ended");
      var note = document.getElementById("live-note");
      if (note) {
        note.textContent = "Live updates stopped: sign in again to see new entries.";
        note.hidden = false;
      }
    });
  }

  function triage() {
    var form = document.getElementById("declare");
    var out = document.getElementById("suggestion");
    if (!form || !out) return;
    var questions = ["usersAffected", "coreFeatureBroken", "dataLoss", "workaround", "securityBreach", "recentChange", "rollbackPossible"];
    var asked = 0;
    function update() {
      var data = new FormData(form);
      var query = new URLSearchParams();
      questions.forEach(function (k) { query.set(k, data.get(k) || ""); });
      query.set("services", data.get("services") || "");
      var mine = ++asked;
      fetch("/ui/triage?" + query.toString(), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (s) {
          if (!s || mine !== asked) return; // a later answer's suggestion is on its way
          out.textContent = "Suggested: " + s.severity + (s.checklist.length ? " (private, security checklist)" : s.private ? " (private until a breach is ruled out)" : "") + ". " + s.reasons.join(" ");
          var select = document.getElementById("severity");
          if (select && !select.getAttribute("data-touched")) select.value = "";
          // The private box follows the suggestion until the responder sets it.
          var box = document.getElementById("private");
          if (box && !box.getAttribute("data-touched")) box.checked = !!s.private;
          recentChanges(s);
        });
    }
    // Changes recorded on the services in the last hours are listed, and answer "was there a recent
    // change?" with yes until the responder answers it.
    function recentChanges(s) {
      var panel = document.getElementById("recent-changes");
      var answer = document.getElementById("recentChange");
      if (!panel) return;
      var changes = s.recentChanges || [];
      panel.textContent = "";
      panel.hidden = changes.length === 0;
      if (changes.length > 0) {
        var p = document.createElement("p");
        p.textContent = "Changed on these services recently, so \"Was there a recent change?\" is suggested as yes:";
        var list = document.createElement("ul");
        list.className = "changes";
        changes.forEach(function (c) {
          var li = document.createElement("li");
          li.textContent = c.at.replace("T", " ").slice(0, 16) + "Z " + c.kind + ": " + c.summary + " (" + c.services.join(", ") + ")";
          list.appendChild(li);
        });
        panel.appendChild(p);
        panel.appendChild(list);
      }
      if (!answer || answer.getAttribute("data-touched")) return;
      if (s.suggestedRecentChange === "yes" && answer.value === "unknown") {
        answer.value = "yes";
        answer.setAttribute("data-suggested", "1");
        update();
      } else if (changes.length === 0 && answer.getAttribute("data-suggested")) {
        answer.value = "unknown";
        answer.removeAttribute("data-suggested");
        update();
      }
    }
    form.addEventListener("change", function (e) {
      if (!e.target) return;
      if (e.target.id === "severity" || e.target.id === "private" || e.target.id === "recentChange") e.target.setAttribute("data-touched", "1");
      if (questions.indexOf(e.target.name) >= 0 || e.target.name === "services") update();
    });
  }

  // The room's delivery log: reloaded from the server while a delivery is pending, and after each new entry.
  var deliveriesDue = 0;
  function deliveries(soon) {
    var log = document.getElementById("deliveries");
    if (!log || !window.fetch) return;
    if (soon) { deliveriesDue = Date.now() + 700; return; }
    if (deliveriesDue === 0 || Date.now() < deliveriesDue) return;
    deliveriesDue = 0;
    fetch(log.getAttribute("data-src"), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) return;
        var parsed = new DOMParser().parseFromString(html, "text/html").getElementById("deliveries");
        if (!parsed) return;
        log.replaceWith(parsed);
        if (parsed.getAttribute("data-pending") === "true") deliveriesDue = Date.now() + 3000;
      });
  }
  (function () {
    var log = document.getElementById("deliveries");
    if (log && log.getAttribute("data-pending") === "true") deliveriesDue = Date.now() + 3000;
    var list = document.getElementById("timeline");
    if (list) new MutationObserver(function () { deliveries(true); }).observe(list, { childList: true });
  })();

  tick();
  setInterval(tick, 1000);
  setInterval(function () { deliveries(false); }, 500);
  live();
  triage();
})();
