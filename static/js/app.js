// Reconnect: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  // Forms marked "once" can be submitted one time: a second click does nothing.
  document.querySelectorAll("form.once").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sent === "yes") {
        event.preventDefault();
        return;
      }
      form.dataset.sent = "yes";
      form.querySelectorAll("button[type=submit]").forEach(function (b) {
        b.setAttribute("aria-disabled", "true");
      });
    });
  });

  // The skip link moves focus to the content without putting "#main" in the address: a form
  // on the page then posts to (and redirects from) a plain URL, so the browser does not
  // re-focus <main> over the field the next page wants focused. Without this script the
  // link still works as a plain in-page link.
  var skip = document.querySelector("a.skip[href='#main']");
  var main = document.getElementById("main");
  if (skip && main) {
    skip.addEventListener("click", function (event) {
      event.preventDefault();
      main.focus();
    });
  }

  // A page shown again with an error puts the keyboard in the first field to fix (the error
  // text is tied to it with aria-describedby, so a screen reader reads it out too).
  var invalid = document.querySelector("main [aria-invalid=true]");
  if (invalid) invalid.focus();

  // Drafts are saved as the trainee types, so a timeout or an error never loses text.
  var form = document.querySelector("form[data-autosave]");
  if (!form) return;
  var area = form.querySelector("textarea[name=message]");
  var status = document.getElementById("draft-status");
  var token = form.querySelector("input[name=csrf_token]").value;
  var timer = null;
  var last = area.value;

  function channel() {
    var picked = form.querySelector("input[name=channel]:checked");
    return picked ? picked.value : null;
  }

  function save() {
    timer = null;
    if (area.value === last) {
      if (status) status.textContent = "Draft saved."; // typed back to what is already saved
      return;
    }
    var text = area.value;
    fetch(form.dataset.autosave, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: JSON.stringify({ text: text, channel: channel(), seen: Number(form.dataset.seen) }),
      credentials: "same-origin",
    })
      .then(function (response) {
        if (!response.ok) throw new Error("status " + response.status);
        last = text;
        if (status && area.value === text) status.textContent = "Draft saved.";
      })
      .catch(function () {
        if (status) status.textContent = "Could not save the draft just now; it is still here, keep writing.";
      });
  }

  area.addEventListener("input", function () {
    // "Draft saved." must never stand next to text that is not saved yet.
    if (status && status.textContent !== "Saving the draft…") status.textContent = "Saving the draft…";
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, 800);
  });
  form.querySelectorAll("input[name=channel]").forEach(function (radio) {
    radio.addEventListener("change", function () { last = null; save(); });
  });
  // Sending saves the draft on the server anyway; a save still waiting here would otherwise
  // race the send and put the sent text back in the box, ready to be sent twice.
  form.addEventListener("submit", function () {
    if (timer) clearTimeout(timer);
    timer = null;
  });
  window.addEventListener("beforeunload", function () { if (timer) save(); });
})();

// An exam's time box: count down the seconds the server said were left when the page was
// made (the browser's own clock may be wrong); when they run out, reload once: the server
// ends the lead and grades what was sent. The server enforces the deadline either way.
(function () {
  "use strict";
  var box = document.querySelector("[data-seconds]");
  if (!box) return;
  var total = Number(box.dataset.seconds);
  var out = box.querySelector("[data-remaining]");
  if (!out || isNaN(total)) return;
  var loaded = Date.now();
  var timer = null;
  function tick() {
    var left = Math.max(0, Math.round(total - (Date.now() - loaded) / 1000));
    var minutes = Math.floor(left / 60);
    var seconds = left % 60;
    out.textContent = " (" + minutes + ":" + (seconds < 10 ? "0" : "") + seconds + " left)";
    if (left === 0 && timer !== null) {
      clearInterval(timer);
      if (total > 0) window.location.reload();
    }
  }
  tick();
  if (total > 0) timer = setInterval(tick, 1000);
})();
