/* One module of an elearn course inside another LMS: grades the quiz here in the browser, the way
   elearn's own pages do (content/grading.py), and reports to the LMS through the SCORM 1.2 API. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("quiz-data").textContent);
  var form = document.getElementById("quiz");
  var result = document.getElementById("result");
  var lms = findApi(window);
  var finished = false;

  /* The LMS puts its API object on a window above the SCO's frame (or on the window that opened
     it); the search is bounded, as the SCORM 1.2 run-time guide recommends. */
  function findApi(start) {
    var win = start;
    for (var depth = 0; win && depth < 10; depth += 1) {
      try {
        if (win.API) { return win.API; }
      } catch (crossOrigin) { /* a foreign frame: keep looking above it */ }
      if (win.parent === win) { break; }
      win = win.parent;
    }
    try {
      if (start.opener && start.opener !== start) { return findApi(start.opener); }
    } catch (crossOrigin) { /* nothing readable there */ }
    return null;
  }

  function get(element) { return lms ? String(lms.LMSGetValue(element)) : ""; }
  function set(element, value) { if (lms) { lms.LMSSetValue(element, String(value)); } }
  function commit() { if (lms) { lms.LMSCommit(""); } }

  function start() {
    if (!lms) {
      document.getElementById("no-lms").hidden = false;
      return;
    }
    lms.LMSInitialize("");
    var status = get("cmi.core.lesson_status");
    if (status === "" || status === "not attempted") {
      set("cmi.core.lesson_status", "incomplete");
      commit();
    }
  }

  function finish() {
    if (lms && !finished) {
      finished = true;
      commit();
      lms.LMSFinish("");
    }
  }

  function chosen(fieldset) {
    var ids = [];
    fieldset.querySelectorAll("input:checked").forEach(function (input) { ids.push(input.value); });
    return ids;
  }

  /* Right only when exactly the right options are chosen; a single-choice question with more
     than one answer is wrong, as in content/grading.py. */
  function isRight(question, ids) {
    if (!question.multiple && ids.length > 1) { return false; }
    var unique = ids.filter(function (id, index) { return ids.indexOf(id) === index; });
    return unique.length === question.right.length &&
      unique.every(function (id) { return question.right.indexOf(id) !== -1; });
  }

  function showVerdict(question, fieldset, ids, right) {
    var box = fieldset.querySelector(".verdict");
    var parts = ['<p class="' + (right ? "right" : "wrong") + '">' +
      (right ? "✔ " + data.texts.right : "✘ " + data.texts.wrong) + "</p>"];
    question.right.concat(ids).forEach(function (id, index, all) {
      /* Feedback on what was chosen and on right options that were missed; the HTML was
         sanitised when the course was loaded. */
      if (all.indexOf(id) === index && question.feedback[id]) { parts.push("<p>" + question.feedback[id] + "</p>"); }
    });
    if (question.question_feedback) { parts.push("<p>" + question.question_feedback + "</p>"); }
    box.innerHTML = parts.join("");
    fieldset.classList.toggle("is-right", right);
    fieldset.classList.toggle("is-wrong", !right);
  }

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (whole, name) { return name in values ? values[name] : whole; });
  }

  function report(score, passed) {
    /* A pass stays a pass: a later, weaker try does not take back what the learner has shown. */
    if (get("cmi.core.lesson_status") === "passed") { return; }
    set("cmi.core.score.min", 0);
    set("cmi.core.score.max", 100);
    set("cmi.core.score.raw", score);
    set("cmi.core.lesson_status", passed ? "passed" : "failed");
    commit();
  }

  function gradeQuiz() {
    var rightCount = 0;
    data.questions.forEach(function (question) {
      var fieldset = form.querySelector('[data-question="' + question.id + '"]');
      var ids = chosen(fieldset);
      var right = isRight(question, ids);
      if (right) { rightCount += 1; }
      showVerdict(question, fieldset, ids, right);
    });
    var total = data.questions.length;
    // The app's one rounding rule (elearn/percent.py): half up, in integers, 2 of 3 is 67.
    var score = Math.floor((200 * rightCount + total) / (2 * total));
    var passed = rightCount * 100 >= data.passMark * total;
    report(score, passed);
    result.innerHTML = "<p>" + fill(data.texts.score, { right: rightCount, total: total, score: score }) +
      "</p><p>" + (passed ? data.texts.passed : data.texts.failed) + "</p>";
    result.className = "result-summary " + (passed ? "right" : "wrong");
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (data.questions.length) {
      gradeQuiz();
    } else {
      if (get("cmi.core.lesson_status") !== "passed") { set("cmi.core.lesson_status", "completed"); }
      commit();
      result.innerHTML = "<p>" + data.texts.read + "</p>";
      result.className = "result-summary right";
    }
    result.hidden = false;
    result.focus();
  });
  window.addEventListener("pagehide", finish);
  window.addEventListener("beforeunload", finish);
  start();
}());
