// Rehearse: the little JavaScript the pages need. Every page works without it; this adds the
// running timer, live word count and STAR parts while typing (from the same engine, through the
// JSON API), a draft kept in this browser so a closed tab loses nothing, and local times.
"use strict";

(function () {
  function clock(seconds) {
    seconds = Math.max(0, Math.round(seconds));
    return Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
  }

  // Shows <time datetime> values in the reader's own time zone.
  document.querySelectorAll("time[datetime]").forEach(function (element) {
    var date = new Date(element.getAttribute("datetime"));
    if (!isNaN(date)) {
      element.textContent = date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
    }
  });

  // The answer timer: counts up from when the question appeared, can pause and restart, and
  // fills the hidden duration field on submit.
  var timer = document.querySelector("[data-timer]");
  var form = document.getElementById("answer-form");
  if (timer && form) {
    var display = timer.querySelector("[data-timer-clock]");
    var toggle = timer.querySelector("[data-timer-toggle]");
    var reset = timer.querySelector("[data-timer-reset]");
    var durationField = document.getElementById("duration-seconds");
    var target = timer.getAttribute("data-target");
    var maxSeconds = null;
    if (target) {
      var parts = target.split("–")[1].split(":");
      maxSeconds = Number(parts[0]) * 60 + Number(parts[1]);
    }
    var elapsedBefore = 0;
    var startedAt = Date.now();
    var running = true;
    var elapsed = function () {
      return elapsedBefore + (running ? (Date.now() - startedAt) / 1000 : 0);
    };
    var tick = function () {
      var seconds = elapsed();
      display.textContent = clock(seconds);
      timer.classList.toggle("over", maxSeconds !== null && seconds > maxSeconds);
    };
    setInterval(tick, 250);
    toggle.addEventListener("click", function () {
      if (running) {
        elapsedBefore = elapsed();
        running = false;
        toggle.textContent = "Resume";
      } else {
        startedAt = Date.now();
        running = true;
        toggle.textContent = "Pause";
      }
      tick();
    });
    reset.addEventListener("click", function () {
      elapsedBefore = 0;
      startedAt = Date.now();
      tick();
    });
    form.addEventListener("submit", function () {
      durationField.value = String(Math.round(elapsed()));
    });
  }

  // Live feedback and the draft, on the answer box.
  var answer = document.getElementById("answer");
  var live = document.getElementById("live-feedback");
  if (answer && live) {
    var questionId = answer.getAttribute("data-question-id");
    var draftKey = "rehearse:draft:" + questionId;
    try {
      if (!answer.value && localStorage.getItem(draftKey)) {
        answer.value = localStorage.getItem(draftKey);
        live.textContent = "Restored your unsent draft.";
      }
    } catch (error) { /* storage disabled: no drafts */ }

    var pending = null;
    var inFlight = null;
    var update = function () {
      var text = answer.value;
      if (!text.trim()) {
        live.textContent = "";
        return;
      }
      if (inFlight) inFlight.abort();
      inFlight = new AbortController();
      fetch("/api/v1/analyze", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ question_id: questionId, answer: text }),
        signal: inFlight.signal,
      })
        .then(function (response) { return response.json(); })
        .then(function (analysis) {
          if (analysis.error) {
            live.textContent = analysis.error.message;
            return;
          }
          var summary = analysis.word_count + " words · about " + clock(analysis.speaking_seconds) + " spoken";
          if (analysis.target_seconds) {
            summary += " (target " + clock(analysis.target_seconds.min) + "–" + clock(analysis.target_seconds.max) + ")";
          }
          if (analysis.kind === "behavioral") {
            var present = ["situation", "task", "action", "result"].filter(function (part) {
              return analysis.star[part].present;
            });
            summary += " · STAR: " + (present.length ? present.join(", ") : "none yet");
          }
          live.textContent = summary;
        })
        .catch(function () { /* offline or aborted: the count waits for the next keystroke */ });
    };
    answer.addEventListener("input", function () {
      try { localStorage.setItem(draftKey, answer.value); } catch (error) { /* no drafts */ }
      clearTimeout(pending);
      pending = setTimeout(update, 500);
    });
    if (form) {
      form.addEventListener("submit", function () {
        try { localStorage.removeItem(draftKey); } catch (error) { /* no drafts */ }
      });
    }
    if (answer.value.trim()) update();
  }
})();
