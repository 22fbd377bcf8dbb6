// Rehearse: the little JavaScript the pages need. Every page works without it; this adds the
// running timer, feedback while typing (from the same engine, through the JSON API), the exact
// words of a finding highlighted when it is clicked, a draft kept in this browser so a closed tab
// loses nothing, local times, the story builder's steps and live review, and the interview-day
// device check. Text from the user is only ever set with textContent.
"use strict";

(function () {
  function clock(seconds) {
    seconds = Math.max(0, Math.round(seconds));
    return Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
  }

  var SEVERITY_ORDER = { major: 0, warn: 1, info: 2, strength: 3 };
  var SEVERITY_LABEL = { major: "Problem", warn: "Work on", info: "Note", strength: "Strength" };

  // Highlights the pieces of an answer that overlap the byte range [start, end).
  function highlight(container, start, end) {
    var first = null;
    container.querySelectorAll(".piece").forEach(function (piece) {
      var pieceStart = Number(piece.getAttribute("data-start"));
      var pieceEnd = Number(piece.getAttribute("data-end"));
      var inside = pieceStart < end && pieceEnd > start;
      piece.classList.toggle("focus", inside);
      if (inside && !first) first = piece;
    });
    if (first) first.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest(".show-span");
    if (!link) return;
    var container = document.querySelector(link.closest("#live-preview") ? "#live-answer" : "[data-answer]");
    if (!container) return;
    event.preventDefault();
    highlight(container, Number(link.getAttribute("data-start")), Number(link.getAttribute("data-end")));
  });

  // The answer cut into pieces at sentence, finding and filler boundaries, the same way the
  // server cuts it for the feedback page. Offsets from the API are UTF-8 byte offsets.
  function renderAnswer(container, answer, analysis) {
    var bytes = new TextEncoder().encode(answer);
    var decoder = new TextDecoder();
    var cuts = [0, bytes.length];
    analysis.sentences.forEach(function (s) { cuts.push(s.start, s.end); });
    analysis.findings.forEach(function (f) { cuts.push(f.start, f.end); });
    analysis.fillers.forEach(function (f) { cuts.push(f.start, f.end); });
    cuts = cuts.filter(function (c, i, all) { return c <= bytes.length && all.indexOf(c) === i; });
    cuts.sort(function (a, b) { return a - b; });
    container.textContent = "";
    for (var i = 0; i + 1 < cuts.length; i++) {
      var start = cuts[i], end = cuts[i + 1];
      var piece = document.createElement("span");
      piece.className = "piece";
      var sentence = analysis.sentences.find(function (s) { return s.start <= start && start < s.end; });
      if (sentence && analysis.kind === "behavioral") {
        piece.classList.add(sentence.part);
        piece.title = sentence.part;
      }
      if (analysis.fillers.some(function (f) { return f.start <= start && end <= f.end; })) {
        piece.classList.add("filler");
      }
      piece.setAttribute("data-start", start);
      piece.setAttribute("data-end", end);
      piece.textContent = decoder.decode(bytes.slice(start, end));
      container.appendChild(piece);
    }
  }

  function renderFindings(list, analysis) {
    list.textContent = "";
    var findings = analysis.findings.slice().sort(function (a, b) {
      return SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity];
    });
    findings.forEach(function (finding) {
      var item = document.createElement("li");
      item.className = "finding " + finding.severity;
      var message = document.createElement("p");
      var badge = document.createElement("span");
      badge.className = "badge";
      badge.textContent = SEVERITY_LABEL[finding.severity] || finding.severity;
      message.appendChild(badge);
      message.appendChild(document.createTextNode(" " + finding.message));
      item.appendChild(message);
      if (finding.quote) {
        var quote = document.createElement("button");
        quote.type = "button";
        quote.className = "show-span";
        quote.setAttribute("data-start", finding.start);
        quote.setAttribute("data-end", finding.end);
        var text = finding.quote.length > 140 ? finding.quote.slice(0, 140) + "…" : finding.quote;
        quote.textContent = "“" + text + "”";
        item.appendChild(quote);
      }
      if (finding.suggestion) {
        var suggestion = document.createElement("p");
        suggestion.className = "suggestion";
        suggestion.textContent = finding.suggestion;
        item.appendChild(suggestion);
      }
      list.appendChild(item);
    });
  }

  // Shows <time datetime> values in the reader's own time zone, written the way every page
  // writes a day ("Thu 3 Dec 2026, 13:05"; view::day and view::timestamp on the server).
  var DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  function two(number) { return (number < 10 ? "0" : "") + number; }
  document.querySelectorAll("time[datetime]").forEach(function (element) {
    var date = new Date(element.getAttribute("datetime"));
    if (!isNaN(date)) {
      element.textContent = DAYS[date.getDay()] + " " + date.getDate() + " " + MONTHS[date.getMonth()] + " " +
        date.getFullYear() + ", " + two(date.getHours()) + ":" + two(date.getMinutes());
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

  // The mock interview's clock: counts down the time for this answer, then shows how far over
  // it is; fills the hidden seconds field on submit. The answer's draft is kept in this browser
  // until the answer is sent, so a closed tab loses nothing.
  var countdown = document.querySelector("[data-countdown]");
  var mockForm = document.getElementById("mock-answer-form");
  if (countdown && mockForm) {
    var limit = Number(countdown.getAttribute("data-countdown"));
    var countdownClock = countdown.querySelector("[data-countdown-clock]");
    var mockStarted = Date.now();
    var mockElapsed = function () { return (Date.now() - mockStarted) / 1000; };
    var countdownTick = function () {
      var left = limit - mockElapsed();
      countdownClock.textContent = left >= 0 ? clock(left) : "+" + clock(-left) + " over";
      countdown.classList.toggle("over", left < 0);
    };
    countdownTick();
    setInterval(countdownTick, 250);
    var mockAnswer = document.getElementById("mock-answer");
    var draftKey = "rehearse-draft-" + mockForm.getAttribute("data-draft-key");
    try {
      if (mockAnswer && !mockAnswer.value && localStorage.getItem(draftKey)) {
        mockAnswer.value = localStorage.getItem(draftKey);
      }
      mockAnswer.addEventListener("input", function () { localStorage.setItem(draftKey, mockAnswer.value); });
    } catch (error) { /* storage may be off; the answer still works */ }
    mockForm.addEventListener("submit", function () {
      document.getElementById("mock-seconds").value = String(Math.round(mockElapsed()));
      try { localStorage.removeItem(draftKey); } catch (error) { /* ignore */ }
    });
  }

  // The timed drills: one step at a time with its time box counting down (then how far over),
  // the total clock, and the seconds spent in each step sent with the notes. Without JavaScript
  // every step shows at once and the form still works.
  var drillForm = document.getElementById("drill-form");
  var drillClock = document.querySelector("[data-drill-clock]");
  if (drillForm && drillClock) {
    var drillSteps = Array.prototype.slice.call(drillForm.querySelectorAll(".drill-step"));
    var drillTabs = Array.prototype.slice.call(document.querySelectorAll("[data-step-tab]"));
    var stepClock = drillClock.querySelector("[data-step-clock]");
    var totalClock = drillClock.querySelector("[data-total-clock]");
    var spent = drillSteps.map(function () { return 0; });
    var currentStep = 0;
    var enteredAt = Date.now();
    var drillStarted = Date.now();
    var settle = function () {
      spent[currentStep] += (Date.now() - enteredAt) / 1000;
      enteredAt = Date.now();
    };
    var drillTick = function () {
      var inStep = spent[currentStep] + (Date.now() - enteredAt) / 1000;
      var left = Number(drillSteps[currentStep].getAttribute("data-minutes")) * 60 - inStep;
      stepClock.textContent = left >= 0 ? clock(left) : "+" + clock(-left) + " over";
      drillClock.classList.toggle("over", left < 0);
      totalClock.textContent = clock((Date.now() - drillStarted) / 1000);
    };
    var showStep = function (index) {
      settle();
      currentStep = index;
      drillSteps.forEach(function (step, i) { step.hidden = i !== index; });
      drillTabs.forEach(function (tab, i) {
        if (i === index) { tab.setAttribute("aria-current", "step"); } else { tab.removeAttribute("aria-current"); }
        tab.classList.toggle("done", i < index);
      });
      var area = drillSteps[index].querySelector("textarea");
      if (area) { area.focus(); }
      drillTick();
    };
    drillClock.hidden = false;
    drillSteps.forEach(function (step, i) {
      var nav = step.querySelector("[data-step-nav]");
      if (nav) { nav.hidden = false; }
      var next = step.querySelector("[data-next]");
      if (next) { next.addEventListener("click", function () { showStep(i + 1); }); }
      var previous = step.querySelector("[data-prev]");
      if (previous) { previous.addEventListener("click", function () { showStep(i - 1); }); }
    });
    drillForm.addEventListener("submit", function () {
      settle();
      drillSteps.forEach(function (step, i) {
        step.querySelector("[data-step-seconds]").value = String(Math.round(spent[i]));
      });
    });
    setInterval(drillTick, 250);
    showStep(0);
  }

  // The diagram: boxes and arrows drawn in an SVG, kept as JSON in a hidden field (sent with the
  // drill) and exported as an SVG file. Labels are only ever set with textContent.
  var diagramEditor = document.querySelector("[data-diagram-editor]");
  var diagramField = document.getElementById("diagram-data");
  if (diagramEditor && diagramField) {
    diagramEditor.hidden = false;
    var svg = document.getElementById("diagram");
    var NS = "http://www.w3.org/2000/svg";
    var BOX_W = 140, BOX_H = 44;
    var diagram = { boxes: [], arrows: [] };
    try { if (diagramField.value) { diagram = JSON.parse(diagramField.value); } } catch (error) { /* start empty */ }
    diagram.boxes = diagram.boxes || [];
    diagram.arrows = diagram.arrows || [];
    var selectedBoxes = [];
    var nextBoxId = diagram.boxes.reduce(function (max, box) { return Math.max(max, box.id); }, 0) + 1;
    var boxById = function (id) { return diagram.boxes.filter(function (box) { return box.id === id; })[0]; };
    var element = function (name, attributes) {
      var node = document.createElementNS(NS, name);
      Object.keys(attributes).forEach(function (key) { node.setAttribute(key, attributes[key]); });
      return node;
    };
    var edgePoint = function (from, to) {
      var dx = to[0] - from[0], dy = to[1] - from[1];
      if (dx === 0 && dy === 0) { return to; }
      var sx = dx === 0 ? Infinity : (BOX_W / 2) / Math.abs(dx);
      var sy = dy === 0 ? Infinity : (BOX_H / 2) / Math.abs(dy);
      var back = Math.min(sx, sy, 1);
      return [to[0] - dx * back, to[1] - dy * back];
    };
    var drawDiagram = function () {
      while (svg.firstChild) { svg.removeChild(svg.firstChild); }
      var defs = element("defs", {});
      var marker = element("marker", { id: "head", viewBox: "0 0 10 10", refX: "10", refY: "5", markerWidth: "8", markerHeight: "8", orient: "auto-start-reverse" });
      marker.appendChild(element("path", { d: "M 0 0 L 10 5 L 0 10 z" }));
      defs.appendChild(marker);
      svg.appendChild(defs);
      diagram.arrows.forEach(function (arrow) {
        var a = boxById(arrow.from), b = boxById(arrow.to);
        if (!a || !b) { return; }
        var from = [a.x + BOX_W / 2, a.y + BOX_H / 2];
        var end = edgePoint(from, [b.x + BOX_W / 2, b.y + BOX_H / 2]);
        svg.appendChild(element("line", { x1: from[0], y1: from[1], x2: end[0], y2: end[1], "marker-end": "url(#head)" }));
        if (arrow.label) {
          var caption = element("text", { x: (from[0] + end[0]) / 2, y: (from[1] + end[1]) / 2 - 4, "text-anchor": "middle" });
          caption.textContent = arrow.label;
          svg.appendChild(caption);
        }
      });
      diagram.boxes.forEach(function (box) {
        var group = element("g", { "data-box": box.id, tabindex: "0" });
        var rect = element("rect", { x: box.x, y: box.y, width: BOX_W, height: BOX_H, rx: "6" });
        if (selectedBoxes.indexOf(box.id) >= 0) { rect.setAttribute("class", "selected"); }
        var label = element("text", { x: box.x + BOX_W / 2, y: box.y + BOX_H / 2, "text-anchor": "middle", "dominant-baseline": "middle" });
        label.textContent = box.label;
        group.appendChild(rect);
        group.appendChild(label);
        svg.appendChild(group);
      });
      diagramField.value = diagram.boxes.length ? JSON.stringify(diagram) : "";
    };
    var toggleSelected = function (id) {
      var at = selectedBoxes.indexOf(id);
      if (at >= 0) { selectedBoxes.splice(at, 1); } else { selectedBoxes.push(id); }
      if (selectedBoxes.length > 2) { selectedBoxes.shift(); }
    };
    var labelInput = document.getElementById("box-label");
    var addBox = function () {
      var label = labelInput.value.trim().slice(0, 60);
      if (!label || diagram.boxes.length >= 60) { return; }
      var n = diagram.boxes.length;
      diagram.boxes.push({ id: nextBoxId++, label: label, x: 20 + (n % 5) * 185, y: 20 + (Math.floor(n / 5) % 6) * 85 });
      labelInput.value = "";
      drawDiagram();
    };
    diagramEditor.querySelector("[data-add-box]").addEventListener("click", addBox);
    labelInput.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); addBox(); }
    });
    diagramEditor.querySelector("[data-connect]").addEventListener("click", function () {
      if (selectedBoxes.length !== 2) { return; }
      var from = selectedBoxes[0], to = selectedBoxes[1];
      var exists = diagram.arrows.some(function (arrow) { return arrow.from === from && arrow.to === to; });
      // Text in the name field labels the arrow ("reads", "HTTPS").
      var arrowLabel = labelInput.value.trim().slice(0, 60);
      if (!exists && diagram.arrows.length < 150) { diagram.arrows.push({ from: from, to: to, label: arrowLabel }); }
      labelInput.value = "";
      selectedBoxes = [];
      drawDiagram();
    });
    diagramEditor.querySelector("[data-delete]").addEventListener("click", function () {
      diagram.boxes = diagram.boxes.filter(function (box) { return selectedBoxes.indexOf(box.id) < 0; });
      diagram.arrows = diagram.arrows.filter(function (arrow) {
        return selectedBoxes.indexOf(arrow.from) < 0 && selectedBoxes.indexOf(arrow.to) < 0;
      });
      selectedBoxes = [];
      drawDiagram();
    });
    diagramEditor.querySelector("[data-export-svg]").addEventListener("click", function () {
      var copy = svg.cloneNode(true);
      copy.setAttribute("xmlns", NS);
      copy.querySelectorAll("rect").forEach(function (rect) { rect.setAttribute("fill", "#dcf3df"); rect.setAttribute("stroke", "#2f5d8a"); });
      copy.querySelectorAll("line").forEach(function (line) { line.setAttribute("stroke", "black"); });
      var blob = new Blob([new XMLSerializer().serializeToString(copy)], { type: "image/svg+xml" });
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = "rehearse-diagram.svg";
      document.body.appendChild(link);
      link.click();
      link.remove();
    });
    // Click selects; dragging moves.
    var dragging = null;
    var pointIn = function (event) {
      var matrix = svg.getScreenCTM();
      var point = svg.createSVGPoint();
      point.x = event.clientX;
      point.y = event.clientY;
      return matrix ? point.matrixTransform(matrix.inverse()) : point;
    };
    svg.addEventListener("pointerdown", function (event) {
      var group = event.target.closest ? event.target.closest("[data-box]") : null;
      if (!group) { return; }
      var box = boxById(Number(group.getAttribute("data-box")));
      var start = pointIn(event);
      dragging = { box: box, dx: start.x - box.x, dy: start.y - box.y, moved: false, x: start.x, y: start.y };
      svg.setPointerCapture(event.pointerId);
    });
    svg.addEventListener("pointermove", function (event) {
      if (!dragging) { return; }
      var point = pointIn(event);
      if (Math.abs(point.x - dragging.x) + Math.abs(point.y - dragging.y) > 3) { dragging.moved = true; }
      if (dragging.moved) {
        dragging.box.x = Math.max(0, Math.min(960 - BOX_W, point.x - dragging.dx));
        dragging.box.y = Math.max(0, Math.min(540 - BOX_H, point.y - dragging.dy));
        drawDiagram();
      }
    });
    svg.addEventListener("pointerup", function () {
      if (dragging && !dragging.moved) { toggleSelected(dragging.box.id); }
      dragging = null;
      drawDiagram();
    });
    svg.addEventListener("keydown", function (event) {
      var group = event.target.closest ? event.target.closest("[data-box]") : null;
      if (group && (event.key === "Enter" || event.key === " ")) {
        event.preventDefault();
        toggleSelected(Number(group.getAttribute("data-box")));
        drawDiagram();
      }
    });
    drawDiagram();
  }

  // Live feedback and the draft, on the answer box.
  var answer = document.getElementById("answer");
  var live = document.getElementById("live-feedback");
  if (answer && live) {
    var questionId = answer.getAttribute("data-question-id");
    var targetId = answer.getAttribute("data-target-id");
    var draftKey = "rehearse:draft:" + (targetId ? targetId + ":" : "") + questionId;
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
        var emptyPreview = document.getElementById("live-preview");
        if (emptyPreview) emptyPreview.hidden = true;
        return;
      }
      if (inFlight) inFlight.abort();
      inFlight = new AbortController();
      fetch("/api/v1/analyze", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(targetId
          ? { question_id: questionId, target_id: Number(targetId), answer: text }
          : { question_id: questionId, answer: text }),
        signal: inFlight.signal,
      })
        .then(function (response) { return response.json(); })
        .then(function (analysis) {
          if (analysis.error) {
            live.textContent = analysis.error.message;
            return;
          }
          var preview = document.getElementById("live-preview");
          if (preview) {
            renderAnswer(document.getElementById("live-answer"), text, analysis);
            renderFindings(document.getElementById("live-findings"), analysis);
            preview.hidden = false;
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

  // Choosing a story on the practice page loads its outline (the page works without this too).
  var storyChoice = document.getElementById("story-choice");
  if (storyChoice) {
    var picker = document.getElementById("story-picker");
    var use = picker.querySelector("button[type=submit]");
    if (use) use.hidden = true;
    storyChoice.addEventListener("change", function () {
      var typed = answer && answer.value.trim();
      if (typed && !window.confirm("Replace what you have typed with the story's outline?")) return;
      if (answer) {
        try { localStorage.removeItem(draftKey); } catch (error) { /* no drafts */ }
      }
      picker.submit();
    });
  }

  // The footer says where answers go when an AI model is configured.
  var llmStatus = document.querySelector("[data-llm-status]");
  if (llmStatus) {
    fetch("/api/v1/llm")
      .then(function (response) { return response.json(); })
      .then(function (status) {
        if (status.configured) {
          llmStatus.textContent = ", except what you choose to send to " + status.provider;
        }
      })
      .catch(function () { /* the footer keeps its plain sentence */ });
  }

  // The AI coach on the feedback page: each part streams into a draft as it is written, then the
  // page shows what passed Rehearse's checks. Without JavaScript the form asks for all parts at
  // once.
  var coachForm = document.getElementById("coach-form");
  if (coachForm) {
    var attemptId = coachForm.getAttribute("data-attempt");
    var noticeKey = "rehearse:coach-notice:" + attemptId;
    try {
      var kept = sessionStorage.getItem(noticeKey);
      if (kept) {
        sessionStorage.removeItem(noticeKey);
        var shown = document.createElement("p");
        shown.className = "note";
        shown.id = "coach-notice";
        shown.setAttribute("role", "status");
        shown.textContent = kept;
        coachForm.parentNode.insertBefore(shown, coachForm);
      }
    } catch (error) { /* no session storage: notices show on the next ask */ }
    var live = document.getElementById("coach-live");
    var draft = document.getElementById("coach-draft");
    var label = document.getElementById("coach-live-label");
    var LABELS = { note: "The coach's note", stronger: "A stronger version", model_answer: "A model answer" };
    var streamPart = function (part) {
      return new Promise(function (resolve, reject) {
        draft.textContent = "";
        label.textContent = (LABELS[part] || part) + ": writing… (checked by Rehearse when it is done)";
        var source = new EventSource("/api/v1/attempts/" + attemptId + "/coach/" + part + "/stream");
        source.addEventListener("delta", function (event) { draft.textContent += event.data; });
        source.addEventListener("done", function (event) {
          source.close();
          resolve(JSON.parse(event.data));
        });
        source.addEventListener("failed", function (event) {
          source.close();
          reject(JSON.parse(event.data).error.message);
        });
        source.onerror = function () {
          source.close();
          reject(null);
        };
      });
    };
    var askPart = function (part) {
      return fetch("/api/v1/attempts/" + attemptId + "/coach", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ part: part }),
      })
        .then(function (response) { return response.json(); })
        .then(function (outcome) {
          if (outcome.error) throw outcome.error.message;
          return outcome;
        });
    };
    coachForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = coachForm.querySelector("button");
      button.disabled = true;
      live.hidden = false;
      var parts = coachForm.getAttribute("data-parts").split(" ");
      var notices = [];
      var chain = Promise.resolve();
      parts.forEach(function (part) {
        chain = chain.then(function () {
          var asked = part === "follow_up" ? askPart(part) : streamPart(part);
          return asked.then(function (outcome) {
            if (outcome.notice) notices.push(outcome.notice);
          });
        });
      });
      chain
        .then(function () {
          try {
            if (notices.length) sessionStorage.setItem(noticeKey, notices.join(" "));
          } catch (error) { /* the notice is lost; the checked parts still show */ }
          window.location.reload();
        })
        .catch(function (message) {
          if (message) {
            draft.textContent = "";
            label.textContent = message;
            button.disabled = false;
          } else {
            coachForm.submit(); // the stream failed to start: ask the server the plain way
          }
        });
    });
  }

  // Buttons and forms that ask first or print.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  document.querySelectorAll("form[data-confirm]").forEach(function (confirmForm) {
    confirmForm.addEventListener("submit", function (event) {
      if (!window.confirm(confirmForm.getAttribute("data-confirm"))) event.preventDefault();
    });
  });

  // The story builder: one part at a time, with the guide's advice beside it, and the story
  // measured as it is written (through the same engine, POST /api/v1/stories/review).
  var builder = document.getElementById("story-form");
  if (builder) {
    var steps = Array.prototype.slice.call(builder.querySelectorAll(".builder-step"));
    var back = builder.querySelector("[data-step-back]");
    var next = builder.querySelector("[data-step-next]");
    var current = 0;
    var show = function (index) {
      current = Math.max(0, Math.min(steps.length - 1, index));
      steps.forEach(function (step, i) { step.hidden = i !== current; });
      back.hidden = current === 0;
      next.hidden = current === steps.length - 1;
      var field = steps[current].querySelector("textarea, input[type=text]");
      if (field && document.activeElement !== document.body) field.focus();
    };
    builder.classList.add("one-step");
    back.addEventListener("click", function () { show(current - 1); });
    next.addEventListener("click", function () { show(current + 1); });
    var showAll = function () {
      builder.classList.remove("one-step");
      steps.forEach(function (step) { step.hidden = false; });
      back.hidden = true;
      next.hidden = true;
    };
    // A submit from a hidden required field would fail silently: show everything first.
    builder.addEventListener("invalid", showAll, true);
    // A story told aloud fills several parts at once: show them all, to check.
    document.addEventListener("story-told", showAll);
    show(0);

    var summary = document.getElementById("review-summary");
    var nudges = document.getElementById("review-nudges");
    var claims = document.getElementById("review-claims");
    var reviewTimer = null;
    var reviewInFlight = null;
    var fieldsOf = function () {
      var value = function (name) {
        var field = builder.elements[name];
        return field ? field.value : "";
      };
      var lines = function (name) {
        return value(name).split("\n").filter(function (line) { return line.trim(); });
      };
      var ticked = Array.prototype.slice.call(builder.querySelectorAll("input[name=competency]:checked"))
        .map(function (box) { return box.value; });
      return {
        title: value("title"), situation: value("situation"), task: value("task"),
        action: value("action"), result: value("result"), reflection: value("reflection"),
        competencies: ticked, metrics: lines("metrics"), forbidden_claims: lines("forbidden_claims"),
      };
    };
    var review = function () {
      if (reviewInFlight) reviewInFlight.abort();
      reviewInFlight = new AbortController();
      fetch("/api/v1/stories/review", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(fieldsOf()),
        signal: reviewInFlight.signal,
      })
        .then(function (response) { return response.json(); })
        .then(function (result) {
          if (result.error) {
            summary.textContent = result.error.message;
            return;
          }
          summary.textContent = result.word_count + " words · about " + clock(result.speaking_seconds) +
            " aloud · action " + Math.round(result.action_share * 100) + "% of the story";
          nudges.textContent = "";
          result.nudges.forEach(function (nudge) {
            var item = document.createElement("li");
            item.setAttribute("data-part", nudge.part);
            item.textContent = nudge.message;
            nudges.appendChild(item);
          });
          var reviewFindings = document.getElementById("review-findings");
          if (reviewFindings) {
            renderFindings(reviewFindings, { findings: result.analysis.findings.slice() });
            // Five at most, problems first: the builder is for writing, not for the full report.
            while (reviewFindings.children.length > 5) reviewFindings.removeChild(reviewFindings.lastChild);
            reviewFindings.querySelectorAll(".show-span").forEach(function (quote) {
              var text = document.createElement("blockquote");
              text.textContent = quote.textContent;
              quote.replaceWith(text);
            });
          }
          builder.querySelectorAll("[data-suggested]").forEach(function (mark) {
            mark.hidden = result.suggested_competencies.indexOf(mark.getAttribute("data-suggested")) < 0;
          });
          var unconfirmed = result.claims.numbers.filter(function (n) { return n.status === "unconfirmed"; });
          claims.textContent = unconfirmed.length
            ? "Numbers to confirm: " + unconfirmed.map(function (n) { return n.quote; }).join(", ") +
              (result.claims.resume_checked ? " (not on your resume)" : "") +
              ". List the true ones under its numbers."
            : "";
        })
        .catch(function () { /* offline or aborted: the review waits for the next change */ });
    };
    builder.addEventListener("input", function () {
      clearTimeout(reviewTimer);
      reviewTimer = setTimeout(review, 400);
    });
    if (fieldsOf().action.trim() || fieldsOf().situation.trim()) review();
  }

  // The device check: the camera preview, a live microphone level and a test tone, all inside
  // this tab. Nothing is recorded or sent; stopping releases the camera and microphone.
  var deviceCheck = document.getElementById("device-check");
  if (deviceCheck) {
    var video = document.getElementById("camera-preview");
    var meter = document.getElementById("mic-level");
    var reading = document.getElementById("mic-reading");
    var status = document.getElementById("device-status");
    var startButton = document.getElementById("device-start");
    var stopButton = document.getElementById("device-stop");
    var soundButton = document.getElementById("test-sound");
    var stream = null;
    var audio = null;
    var frame = 0;
    var say = function (text) { status.textContent = text; };

    var stop = function () {
      cancelAnimationFrame(frame);
      if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
      if (audio) audio.close();
      stream = null;
      audio = null;
      video.srcObject = null;
      meter.value = 0;
      reading.textContent = "—";
      deviceCheck.removeAttribute("data-live");
      startButton.disabled = false;
      stopButton.disabled = true;
    };

    var listen = function () {
      var AudioContext = window.AudioContext || window.webkitAudioContext;
      if (!AudioContext || !stream.getAudioTracks().length) return;
      audio = new AudioContext();
      var analyser = audio.createAnalyser();
      analyser.fftSize = 1024;
      audio.createMediaStreamSource(stream).connect(analyser);
      var samples = new Float32Array(analyser.fftSize);
      var peak = 0;
      var tick = function () {
        analyser.getFloatTimeDomainData(samples);
        var sum = 0;
        for (var i = 0; i < samples.length; i++) sum += samples[i] * samples[i];
        // Speech sits around 0.02–0.2 RMS; scale so a normal voice fills most of the meter.
        var level = Math.min(1, Math.sqrt(sum / samples.length) * 4);
        meter.value = level;
        peak = Math.max(level, peak * 0.97);
        reading.textContent = peak < 0.03 ? "silent: speak to test" : peak < 0.15 ? "quiet" : "good";
        deviceCheck.setAttribute("data-level", level.toFixed(3));
        frame = requestAnimationFrame(tick);
      };
      tick();
    };

    startButton.addEventListener("click", function () {
      if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
        say("This browser cannot reach a camera here. Open Rehearse at http://localhost or 127.0.0.1 in a current browser.");
        return;
      }
      say("Asking for your camera and microphone…");
      startButton.disabled = true;
      navigator.mediaDevices.getUserMedia({ video: true, audio: true })
        .then(function (media) {
          stream = media;
          video.srcObject = media;
          stopButton.disabled = false;
          deviceCheck.setAttribute("data-live", "true");
          listen();
          var camera = media.getVideoTracks()[0];
          var microphone = media.getAudioTracks()[0];
          say("Camera: " + (camera ? camera.label || "on" : "none found") +
            ". Microphone: " + (microphone ? microphone.label || "on" : "none found") +
            ". Check that your eyes are near the top third of the picture.");
        })
        .catch(function (error) {
          startButton.disabled = false;
          say(error && error.name === "NotAllowedError"
            ? "The browser was not allowed to use the camera and microphone. Allow them in the address bar and try again."
            : "No camera or microphone could be opened (" + (error && error.name || "unknown error") + "). Check they are connected and not in use by another app.");
        });
    });
    stopButton.addEventListener("click", function () { stop(); say("Stopped. The camera and microphone are released."); });

    soundButton.addEventListener("click", function () {
      var AudioContext = window.AudioContext || window.webkitAudioContext;
      if (!AudioContext) { say("This browser cannot play a test sound."); return; }
      var context = new AudioContext();
      var tone = context.createOscillator();
      var gain = context.createGain();
      tone.frequency.value = 440;
      gain.gain.setValueAtTime(0.0001, context.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.2, context.currentTime + 0.05);
      gain.gain.exponentialRampToValueAtTime(0.0001, context.currentTime + 0.9);
      tone.connect(gain).connect(context.destination);
      tone.start();
      tone.stop(context.currentTime + 1);
      tone.onended = function () { context.close(); };
      deviceCheck.setAttribute("data-tone", "played");
      say("Playing a one-second tone. If you did not hear it, check the output device and volume.");
    });
    window.addEventListener("pagehide", stop);
  }

  // Answering aloud: the microphone recorded in this tab as 16 kHz mono WAV, kept in this
  // browser (IndexedDB) until the server has it, sent to /api/v1/recordings to be transcribed by
  // the configured engine, and the words put where the page wants them: the answer box (to
  // correct before feedback, the recording going with the answer), a drill step's notes, or a
  // story's parts. A page may hold several recorders; one records at a time.
  var recorders = document.querySelectorAll("[data-recorder]");
  var canRecord = navigator.mediaDevices && window.indexedDB && (window.AudioContext || window.webkitAudioContext);
  var speechStatus = null;
  var recordingNow = null;
  if (recorders.length && canRecord) {
    speechStatus = fetch("/api/v1/speech", { headers: { "accept": "application/json" } })
      .then(function (response) { return response.json(); });
    recorders.forEach(function (section) { setUpRecorder(section); });
    window.addEventListener("pagehide", function () { if (recordingNow) recordingNow(); });
  }

  // One small key-value store: the takes waiting to reach the server.
  function takes(mode, work) {
    return new Promise(function (resolve, reject) {
      var open = indexedDB.open("rehearse", 1);
      open.onupgradeneeded = function () { open.result.createObjectStore("takes"); };
      open.onerror = function () { reject(open.error); };
      open.onsuccess = function () {
        var tx = open.result.transaction("takes", mode);
        var request = work(tx.objectStore("takes"));
        tx.oncomplete = function () { resolve(request && request.result); open.result.close(); };
        tx.onerror = function () { reject(tx.error); };
      };
    });
  }

  // 16-bit PCM WAV of mono samples at `rate`, brought down to 16 kHz by averaging.
  function wavOf(chunks, rate) {
    var total = 0;
    chunks.forEach(function (chunk) { total += chunk.length; });
    var step = rate / 16000;
    var count = Math.floor(total / step);
    var samples = new Int16Array(count);
    var all = new Float32Array(total);
    var at = 0;
    chunks.forEach(function (chunk) { all.set(chunk, at); at += chunk.length; });
    for (var i = 0; i < count; i++) {
      var from = Math.floor(i * step), to = Math.max(from + 1, Math.floor((i + 1) * step)), sum = 0;
      for (var j = from; j < to && j < total; j++) sum += all[j];
      var value = Math.max(-1, Math.min(1, sum / (to - from)));
      samples[i] = value < 0 ? value * 32768 : value * 32767;
    }
    var buffer = new ArrayBuffer(44 + samples.length * 2);
    var view = new DataView(buffer);
    var text = function (offset, word) { for (var k = 0; k < word.length; k++) view.setUint8(offset + k, word.charCodeAt(k)); };
    text(0, "RIFF"); view.setUint32(4, 36 + samples.length * 2, true); text(8, "WAVEfmt ");
    view.setUint32(16, 16, true); view.setUint16(20, 1, true); view.setUint16(22, 1, true);
    view.setUint32(24, 16000, true); view.setUint32(28, 32000, true); view.setUint16(32, 2, true);
    view.setUint16(34, 16, true); text(36, "data"); view.setUint32(40, samples.length * 2, true);
    for (var n = 0; n < samples.length; n++) view.setInt16(44 + n * 2, samples[n], true);
    return new Blob([buffer], { type: "audio/wav" });
  }

  // A told story split into its parts by the engine's own STAR tagging (POST /api/v1/analyze):
  // each sentence goes to the part it was tagged with; one it could not place stays with the
  // sentence before it, so no word the user said is dropped.
  function placeStory(text) {
    return fetch("/api/v1/analyze", {
      method: "POST",
      headers: { "content-type": "application/json", "accept": "application/json" },
      // Only the sentences' parts are used; the question just says it is a story.
      body: JSON.stringify({ answer: text, kind: "behavioral", question: "Tell me about a time you made a difference." }),
    })
      .then(function (response) { return response.json(); })
      .then(function (analysis) {
        if (!analysis.sentences) throw new Error(analysis.error ? analysis.error.message : "the story could not be read");
        var bytes = new TextEncoder().encode(text);
        var decoder = new TextDecoder();
        var parts = { situation: [], task: [], action: [], result: [], reflection: [] };
        var last = "situation";
        // Each piece runs to where the next begins (the first from the start), so the commas
        // and words between the engine's units stay too.
        analysis.sentences.forEach(function (sentence, index) {
          var part = parts[sentence.part] ? sentence.part : last;
          var from = index === 0 ? 0 : sentence.start;
          var next = analysis.sentences[index + 1];
          var piece = decoder.decode(bytes.slice(from, next ? next.start : bytes.length)).trim();
          if (piece) parts[part].push(piece);
          last = part;
        });
        return parts;
      });
  }

  function setUpRecorder(section) {
    var part = function (name) { return section.querySelector("[data-rec=" + name + "]"); };
    var engineLine = part("engine"), startRec = part("start"), stopRec = part("stop");
    var recClock = part("clock"), recTarget = part("target"), recLevel = part("level");
    var playback = part("playback"), progress = part("progress"), recStatus = part("status");
    var retryActions = part("retry-actions"), retryButton = part("retry"), discardButton = part("discard");
    var questionKey = "take:" + section.getAttribute("data-key");
    var fill = section.getAttribute("data-fill");
    var box = document.getElementById(section.getAttribute("data-box"));
    var durationField = section.getAttribute("data-seconds") ? document.getElementById(section.getAttribute("data-seconds")) : null;
    // With a recording field the recording goes with the answer; without, it is only a way to
    // write, and its audio is deleted from the server once its words are in the page.
    var recordingField = section.getAttribute("data-recording") ? document.getElementById(section.getAttribute("data-recording")) : null;
    var form = section.closest("form");
    var MAX_SECONDS = 600;
    var session = null;
    var pendingBlob = null;
    var savedId = null;
    section.hidden = false;

    var tell = function (text) { recStatus.textContent = text; };
    var keepTake = function (blob) { return takes("readwrite", function (store) { return store.put(blob, questionKey); }).catch(function () {}); };
    var forgetTake = function () { return takes("readwrite", function (store) { return store.delete(questionKey); }).catch(function () {}); };
    var forgetAudio = function (id) {
      return fetch("/api/v1/recordings/" + encodeURIComponent(id) + "/audio", { method: "DELETE" }).catch(function () {});
    };

    var timer = form && form.querySelector("[data-timer][data-target]");
    if (timer) {
      recTarget.textContent = "target " + timer.getAttribute("data-target");
      recTarget.hidden = false;
    }

    speechStatus
      .then(function (status) {
        if (!status.engine) {
          engineLine.textContent = "No speech engine is set up, so a recording cannot be turned into text yet: it is kept, and you type. To set one up, see the settings page (Answering aloud).";
        } else if (status.remote) {
          engineLine.textContent = "Recordings are sent to " + status.engine + " to be transcribed (you configured it). Nothing else leaves this machine.";
        } else {
          engineLine.textContent = "Recordings are transcribed by " + status.engine + "; nothing leaves this machine.";
        }
      })
      .catch(function () { engineLine.textContent = ""; });

    var showTake = function (blob) {
      if (playback.src) URL.revokeObjectURL(playback.src);
      playback.src = URL.createObjectURL(blob);
      playback.hidden = false;
    };

    var changed = function (field) { field.dispatchEvent(new Event("input", { bubbles: true })); };

    // The words, put where this recorder's page wants them.
    var place = function (text) {
      if (fill === "story") {
        return placeStory(text).then(function (parts) {
          var placed = [];
          Object.keys(parts).forEach(function (name) {
            var field = document.getElementById(name);
            if (!field || !parts[name].length) return;
            var words = parts[name].join(" ");
            field.value = field.value.trim() ? field.value.trim() + "\n\n" + words : words;
            changed(field);
            placed.push(name);
          });
          document.dispatchEvent(new CustomEvent("story-told"));
          var listed = placed.length > 1 ? placed.slice(0, -1).join(", ") + " and " + placed[placed.length - 1] : placed.join("");
          return "Your telling is in the story's parts: " + listed + ". Where each sentence went is a guess from its words: check each part, move what landed in the wrong place, then save.";
        });
      }
      if (fill === "append" && box.value.trim()) box.value = box.value.trim() + "\n" + text;
      else box.value = text;
      changed(box);
      return Promise.resolve(fill === "append"
        ? "Transcribed into your notes. Tidy them as you go."
        : "Transcribed. Correct any word it misheard, then get feedback: how you said it is measured from the recording.");
    };

    var heard = function (result) {
      savedId = result.recording.id;
      if (recordingField) recordingField.value = savedId;
      forgetTake();
      if (!result.recording.transcript) {
        retryActions.hidden = false;
        tell(result.problem || "It could not be transcribed. Your recording is saved; transcribe it again or type.");
        return;
      }
      retryActions.hidden = true;
      return place(result.recording.transcript.text)
        .then(function (message) {
          tell(message);
          if (!recordingField) { forgetAudio(savedId); savedId = null; }
        })
        .catch(function (error) {
          box.value = box.value.trim() ? box.value.trim() + "\n\n" + result.recording.transcript.text : result.recording.transcript.text;
          changed(box);
          tell("Transcribed, but it could not be split into parts (" + error.message + "): it is all in the first part.");
        });
    };

    // While the server transcribes, how far it has got (GET /api/v1/speech lists this user's
    // transcriptions running now); a server engine that cannot tell leaves the bar moving.
    var watchProgress = function () {
      progress.hidden = false;
      progress.removeAttribute("value");
      var timerId = setInterval(function () {
        fetch("/api/v1/speech", { headers: { "accept": "application/json" } })
          .then(function (response) { return response.json(); })
          .then(function (status) {
            var job = status.transcribing && status.transcribing[0];
            if (job && job.total_ms > 0 && job.done_ms > 0) {
              progress.value = Math.min(100, Math.round(job.done_ms * 100 / job.total_ms));
              tell("Transcribing… " + progress.value + "%");
            }
          })
          .catch(function () {});
      }, 1000);
      return function () { clearInterval(timerId); progress.hidden = true; };
    };

    var send = function (blob) {
      tell("Transcribing… (a long answer takes a while)");
      startRec.disabled = true;
      var stopWatching = watchProgress();
      return fetch("/api/v1/recordings", { method: "POST", headers: { "content-type": "audio/wav", "accept": "application/json" }, body: blob })
        .then(function (response) {
          return response.json().then(function (body) {
            if (!response.ok) throw new Error(body && body.error ? body.error.message : "the server refused the recording");
            return body;
          });
        })
        .then(function (body) { stopWatching(); return heard(body); }, function (error) {
          stopWatching();
          pendingBlob = blob;
          retryActions.hidden = false;
          tell("The recording could not be sent (" + error.message + "). It is kept in this browser: send it again, or type.");
        })
        .then(function () { startRec.disabled = false; });
    };

    var stopRecording = function () {
      if (!session) return;
      var ended = session;
      session = null;
      recordingNow = null;
      clearInterval(ended.timer);
      cancelAnimationFrame(ended.frame);
      ended.processor.disconnect();
      ended.source.disconnect();
      ended.stream.getTracks().forEach(function (track) { track.stop(); });
      var seconds = (performance.now() - ended.started) / 1000;
      ended.context.close();
      startRec.disabled = false;
      stopRec.disabled = true;
      startRec.textContent = "Record again";
      recLevel.value = 0;
      var blob = wavOf(ended.chunks, ended.rate);
      if (durationField) durationField.value = String(Math.round(seconds));
      showTake(blob);
      keepTake(blob).then(function () { send(blob); });
    };

    startRec.addEventListener("click", function () {
      if (recordingNow) recordingNow();
      startRec.disabled = true;
      retryActions.hidden = true;
      navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true } })
        .then(function (stream) {
          var AudioContext = window.AudioContext || window.webkitAudioContext;
          var context = new AudioContext();
          var source = context.createMediaStreamSource(stream);
          var processor = context.createScriptProcessor(4096, 1, 1);
          var analyser = context.createAnalyser();
          analyser.fftSize = 1024;
          var chunks = [];
          processor.onaudioprocess = function (event) { chunks.push(new Float32Array(event.inputBuffer.getChannelData(0))); };
          source.connect(analyser);
          source.connect(processor);
          processor.connect(context.destination);
          var levels = new Float32Array(analyser.fftSize);
          var started = performance.now();
          session = { stream: stream, context: context, source: source, processor: processor, chunks: chunks, rate: context.sampleRate, started: started };
          recordingNow = stopRecording;
          var draw = function () {
            if (!session) return;
            analyser.getFloatTimeDomainData(levels);
            var sum = 0;
            for (var i = 0; i < levels.length; i++) sum += levels[i] * levels[i];
            recLevel.value = Math.min(1, Math.sqrt(sum / levels.length) * 4);
            session.frame = requestAnimationFrame(draw);
          };
          draw();
          session.timer = setInterval(function () {
            var seconds = (performance.now() - started) / 1000;
            recClock.textContent = clock(Math.floor(seconds));
            if (seconds >= MAX_SECONDS) { stopRecording(); tell("Stopped at 10 minutes, the longest a recording can be."); }
          }, 250);
          stopRec.disabled = false;
          stopRec.focus();
          tell("Recording. Say it as you would in the room, then press Stop.");
        })
        .catch(function (error) {
          startRec.disabled = false;
          tell(error && error.name === "NotAllowedError"
            ? "The browser was not allowed to use the microphone. Allow it in the address bar and try again, or type."
            : "No microphone could be opened (" + (error && error.name || "unknown error") + "). Check it is connected, or type.");
        });
    });
    stopRec.addEventListener("click", stopRecording);

    retryButton.addEventListener("click", function () {
      if (pendingBlob) { var blob = pendingBlob; pendingBlob = null; send(blob); return; }
      if (!savedId) return;
      tell("Transcribing again…");
      var stopWatching = watchProgress();
      fetch("/api/v1/recordings/" + encodeURIComponent(savedId) + "/transcribe", { method: "POST", headers: { "accept": "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (body) { stopWatching(); if (body.recording) return heard(body); tell(body.error ? body.error.message : "It could not be transcribed."); })
        .catch(function () { stopWatching(); tell("The server could not be reached. Your recording is saved there; try again in a moment."); });
    });
    discardButton.addEventListener("click", function () {
      // The server's copy goes too: a discarded take is not kept anywhere.
      if (savedId) forgetAudio(savedId);
      savedId = null;
      if (recordingField) recordingField.value = "";
      pendingBlob = null;
      playback.hidden = true;
      retryActions.hidden = true;
      forgetTake();
      tell("Discarded. Record again, or type.");
    });

    // A take that never reached the server (a closed tab, a failed upload) is offered back.
    takes("readonly", function (store) { return store.get(questionKey); })
      .then(function (blob) {
        if (blob && !(recordingField && recordingField.value)) {
          pendingBlob = blob;
          showTake(blob);
          retryActions.hidden = false;
          retryButton.textContent = "Send it to be transcribed";
          tell("You have a recording here that was not sent yet. Listen to it, send it, or discard it.");
        }
      })
      .catch(function () {});

    if (form && recordingField) form.addEventListener("submit", function () { if (recordingField.value) forgetTake(); });
  }

  // A mock interview hands-free: the interviewer's question read aloud by the browser's own
  // speech synthesis (nothing is sent), when the user turns it on; the choice is remembered.
  var readAloud = document.getElementById("read-aloud");
  var mockQuestion = document.getElementById("mock-question");
  if (readAloud && mockQuestion && window.speechSynthesis && window.SpeechSynthesisUtterance) {
    readAloud.hidden = false;
    var toggle = document.getElementById("read-aloud-toggle");
    var speak = function () {
      window.speechSynthesis.cancel();
      var opening = document.getElementById("opening");
      var text = (opening ? opening.textContent + " " : "") + mockQuestion.textContent;
      var utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = "en";
      window.speechSynthesis.speak(utterance);
      mockQuestion.setAttribute("data-read-aloud", "yes");
    };
    toggle.checked = localStorage.getItem("rehearse-read-aloud") === "on";
    toggle.addEventListener("change", function () {
      localStorage.setItem("rehearse-read-aloud", toggle.checked ? "on" : "off");
      if (toggle.checked) speak(); else window.speechSynthesis.cancel();
    });
    if (toggle.checked) speak();
  }

  // A spoken answer's feedback: the word being played is highlighted in the answer (the CSS
  // Custom Highlight API, where the browser has it), and "Hear it" plays a finding's moment.
  var answerAudio = document.getElementById("answer-audio");
  if (answerAudio) {
    document.querySelectorAll("button.hear[data-seek]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        answerAudio.currentTime = Math.max(0, Number(button.getAttribute("data-seek")) / 1000 - 0.5);
        answerAudio.play();
      });
    });
    var spoken = document.querySelector("[data-words]");
    if (spoken && window.CSS && CSS.highlights && window.Highlight) {
      var words = spoken.getAttribute("data-words").split(";").filter(Boolean).map(function (entry) {
        return entry.split(" ").map(Number);
      });
      var encoder = new TextEncoder();
      // A byte offset of the answer as a (text node, character offset) in the page.
      var place = function (byte) {
        var pieces = spoken.querySelectorAll("[data-start]");
        for (var i = 0; i < pieces.length; i++) {
          var start = Number(pieces[i].getAttribute("data-start"));
          var end = Number(pieces[i].getAttribute("data-end"));
          if (byte >= start && byte <= end && pieces[i].firstChild) {
            var text = pieces[i].firstChild.textContent, bytes = start, index = 0;
            while (index < text.length && bytes < byte) {
              var code = text.codePointAt(index);
              bytes += encoder.encode(String.fromCodePoint(code)).length;
              index += code > 0xffff ? 2 : 1;
            }
            return [pieces[i].firstChild, index];
          }
        }
        return null;
      };
      var current = -1;
      answerAudio.addEventListener("timeupdate", function () {
        var ms = answerAudio.currentTime * 1000;
        var found = -1;
        for (var i = 0; i < words.length; i++) {
          if (words[i][0] <= ms + 80 && ms <= words[i][1] + 250) { found = i; break; }
        }
        if (found === current) return;
        current = found;
        CSS.highlights.delete("spoken-word");
        if (found < 0) return;
        var from = place(words[found][2]), to = place(words[found][3]);
        if (!from || !to || from[0] !== to[0]) return;
        var range = new Range();
        range.setStart(from[0], from[1]);
        range.setEnd(to[0], to[1]);
        CSS.highlights.set("spoken-word", new Highlight(range));
      });
      answerAudio.addEventListener("ended", function () { CSS.highlights.delete("spoken-word"); current = -1; });
    }
  }

  // The settings page while the model downloads: refresh every two seconds until it is done.
  if (document.querySelector("[data-download-running]")) {
    window.setTimeout(function () { window.location.reload(); }, 2000);
  }
})();
