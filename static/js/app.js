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
    if (area.value === last) return;
    var text = area.value;
    fetch(form.dataset.autosave, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: JSON.stringify({ text: text, channel: channel() }),
      credentials: "same-origin",
    })
      .then(function (response) {
        if (!response.ok) throw new Error("status " + response.status);
        last = text;
        if (status) status.textContent = "Draft saved.";
      })
      .catch(function () {
        if (status) status.textContent = "Could not save the draft just now; it is still here, keep writing.";
      });
  }

  area.addEventListener("input", function () {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, 800);
  });
  form.querySelectorAll("input[name=channel]").forEach(function (radio) {
    radio.addEventListener("change", function () { last = null; save(); });
  });
  window.addEventListener("beforeunload", function () { if (timer) save(); });
})();
