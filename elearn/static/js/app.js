// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Save chosen quiz answers as the learner goes, so closing the browser loses nothing.
  document.querySelectorAll("form[data-autosave]").forEach(function (form) {
    var url = form.getAttribute("data-autosave");
    form.addEventListener("change", function () {
      var data = new FormData(form);
      data.delete("submission_id");
      fetch(url, { method: "POST", body: data, credentials: "same-origin" }).catch(function () {});
    });
  });

  // An error summary takes the focus, so keyboard and screen-reader users land on what to fix.
  var summary = document.querySelector("[data-focus]");
  if (summary) { summary.focus(); }

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();

// Sending invitations goes on batch by batch without a click when the page can.
(function () {
  "use strict";
  var form = document.querySelector("form[data-continue='true']");
  if (form) { window.setTimeout(function () { form.submit(); }, 300); }
})();
