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

// A button that starts a longer send says so and cannot be pressed twice.
(function () {
  "use strict";
  document.querySelectorAll("button[data-sending]").forEach(function (button) {
    button.form.addEventListener("submit", function () {
      button.disabled = true;
      button.textContent = button.getAttribute("data-sending");
    });
  });
})();

// A table written without its scrolling region (as in the lägesbild's shared body) gets one, so
// a wide table scrolls by itself and never the page; it is labelled by its caption or heading.
(function () {
  "use strict";
  document.querySelectorAll("main table").forEach(function (table, index) {
    if (table.closest(".table-scroll")) { return; }
    var region = document.createElement("div");
    region.className = "table-scroll";
    region.setAttribute("role", "region");
    region.setAttribute("tabindex", "0");
    var caption = table.querySelector("caption");
    var heading = table.previousElementSibling;
    while (heading && !/^H[1-6]$/.test(heading.tagName)) { heading = heading.previousElementSibling; }
    var label = caption || heading;
    if (label) {
      if (!label.id) { label.id = "tabell-" + index; }
      region.setAttribute("aria-labelledby", label.id);
    } else {
      region.setAttribute("aria-label", document.title);
    }
    table.parentNode.insertBefore(region, table);
    region.appendChild(table);
  });
})();

// A form sent back with errors: focus its summary, so a screen reader reads what to fix first.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
})();
