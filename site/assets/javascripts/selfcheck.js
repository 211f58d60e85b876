// Self-check on the section pages: answer a choice or numeric question on the page.
//
// seqprep/site/questions.py writes, inside each question's collapsible block,
//   <div class="selfcheck" data-qid="…" data-check='{"mode": "pick", "correct": [0], "multiple": false}'>
//     prompt … <div class="selfcheck-options"><ol><li>…</li></ol></div>
//   </div>
//   <details class="success">Answer …</details>
// (or {"mode": "number", "value": 20787200, "rel": 0.01, "abs": 0, "unit": {…}}), and one
// <div class="selfcheck-score"> under the "Check yourself" heading. This script turns the options
// into choices (or adds a number field), grades on "Check", opens the answer, and keeps each
// verdict in localStorage under the page's path, with a per-page score and a reset button.
// Plain JavaScript, no network. parseNumber mirrors seqprep.numeric.parse_number (tests/site/
// test_selfcheck.py compares the two on a table of inputs).
(function () {
  "use strict";

  var TEXT = {
    en: {
      check: "Check", right: "✔ Right", wrong: "✘ Wrong — see the answer below",
      pick: "Pick an option first.", placeholder: "a number, e.g. 15.8M",
      score: function (right, checked, total) {
        return "Your score on this page: " + right + " right of " + checked + " checked (" + total + " to check).";
      },
      reset: "Reset", empty: "empty answer", notNumber: "not a number", suffix: "unknown suffix",
      number: "Your answer", earlier: " (earlier)"
    },
    ru: {
      check: "Проверить", right: "✔ Верно", wrong: "✘ Неверно — ответ ниже",
      pick: "Сначала выберите вариант.",
      placeholder: "число, например 15,8 млн",
      score: function (right, checked, total) {
        return "Ваш счёт на этой странице: верно " + right + " из " + checked + " проверенных (всего " + total + ").";
      },
      reset: "Сбросить", empty: "пустой ответ", notNumber: "не число", suffix: "неизвестный суффикс",
      number: "Ваш ответ", earlier: " (раньше)"
    }
  };

  // --- typed numbers: the rules of seqprep.numeric.parse_number ------------------------------

  var SUFFIX = { k: 1e3, m: 1e6, b: 1e9, g: 1e9, t: 1e12, "к": 1e3, "тыс": 1e3, "м": 1e6, "млн": 1e6, "млрд": 1e9 };
  var GROUPS = /(?<=[0-9])[ '](?=[0-9]{3}(?![\p{L}\p{N}\p{M}_]))/gu;      // 15 775 744, 15'775'744
  var COMMA_GROUPS = /^[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?(\s*[a-zа-я]+)?$/u;  // 15,775,744
  var NUMBER = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:e[+-]?[0-9]+)?)\s*([a-zа-я]*)\.?$/u;

  // parseNumber("15,8 млн") -> {value: 15800000}; parseNumber("abc") -> {error: "not a number"}
  function parseNumber(text, lang) {
    var t = TEXT[lang] || TEXT.en;
    var s = String(text).trim().toLowerCase().replace(/\u00a0|\u202f/g, " ").replace(/_/g, "");
    if (!s) return { error: t.empty };
    s = s.replace(GROUPS, "");
    if (COMMA_GROUPS.test(s)) {
      s = s.replace(/,/g, "");
    } else if (s.split(",").length === 2 && s.indexOf(".") < 0) {
      s = s.replace(",", ".");
    }
    var match = NUMBER.exec(s);
    if (!match) return { error: t.notNumber };
    var value = Number(match[1]);
    if (match[2]) {
      if (!Object.prototype.hasOwnProperty.call(SUFFIX, match[2])) return { error: t.suffix + " “" + match[2] + "”" };
      value *= SUFFIX[match[2]];
    }
    if (!isFinite(value)) return { error: t.notNumber };
    return { value: value };
  }

  function accepts(check, given) {
    return Math.abs(given - check.value) <= Math.max(check.abs || 0, (check.rel || 0) * Math.abs(check.value));
  }

  // --- progress in localStorage: {qid: {ok: bool, answer: [indices] or "typed text"}} ----------

  var KEY = "seqprep-selfcheck:" + location.pathname;

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY) || "{}") || {}; } catch (e) { return {}; }
  }

  function save(progress) {
    try { localStorage.setItem(KEY, JSON.stringify(progress)); } catch (e) { /* private mode: no memory */ }
  }

  // --- one question ---------------------------------------------------------------------------

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function Question(box, t, lang, onChange) {
    this.box = box;
    this.t = t;
    this.lang = lang;
    this.qid = box.getAttribute("data-qid");
    this.check = JSON.parse(box.getAttribute("data-check"));
    var block = box.closest("details.question") || box.parentNode;
    this.answer = block.querySelector(":scope > details.success");
    this.onChange = onChange;
    this.form = el("div", "selfcheck-form");
    this.verdict = el("span", "selfcheck-verdict");
    this.verdict.setAttribute("role", "status");
    if (this.check.mode === "pick") this.buildPick(); else this.buildNumber();
    var button = el("button", "md-button selfcheck-button", t.check);
    button.type = "button";
    button.addEventListener("click", this.grade.bind(this));
    this.form.appendChild(button);
    this.form.appendChild(this.verdict);
    box.appendChild(this.form);
  }

  Question.prototype.buildPick = function () {
    var self = this;
    this.items = Array.prototype.slice.call(this.box.querySelectorAll(".selfcheck-options li"));
    this.inputs = this.items.map(function (item, index) {
      var input = el("input");
      input.type = self.check.multiple ? "checkbox" : "radio";
      input.name = "selfcheck-" + self.qid;
      input.value = String(index);
      var label = el("label", "selfcheck-choice");
      while (item.firstChild) label.appendChild(item.firstChild);
      label.insertBefore(input, label.firstChild);
      item.appendChild(label);
      return input;
    });
  };

  Question.prototype.buildNumber = function () {
    var label = el("label", "selfcheck-number");
    label.appendChild(el("span", "selfcheck-number-label", this.t.number + ": "));
    this.input = el("input");
    this.input.type = "text";
    this.input.setAttribute("inputmode", "decimal");
    this.input.setAttribute("autocomplete", "off");
    this.input.placeholder = this.t.placeholder;
    this.input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); this.grade(); }
    }.bind(this));
    label.appendChild(this.input);
    var unit = this.check.unit && this.check.unit[this.lang];
    if (unit) label.appendChild(el("span", "selfcheck-unit", " " + unit));
    this.form.appendChild(label);
  };

  Question.prototype.given = function () {
    if (this.check.mode === "pick") {
      return this.inputs.filter(function (i) { return i.checked; }).map(function (i) { return Number(i.value); });
    }
    return this.input.value;
  };

  Question.prototype.judge = function (given) {
    if (this.check.mode === "pick") {
      if (!given.length) return { error: this.t.pick };
      var want = this.check.correct.slice().sort().join(",");
      return { ok: given.slice().sort().join(",") === want };
    }
    var parsed = parseNumber(given, this.lang);
    if (parsed.error !== undefined) return { error: parsed.error };
    return { ok: accepts(this.check, parsed.value) };
  };

  Question.prototype.grade = function () {
    var given = this.given();
    var result = this.judge(given);
    if (result.error !== undefined) {
      this.show(null, result.error);
      return;
    }
    this.show(result.ok, "");
    if (this.answer) this.answer.open = true;
    this.onChange(this.qid, { ok: result.ok, answer: given });
  };

  // Restore a stored verdict (and the answer that earned it) after a reload.
  Question.prototype.restore = function (stored) {
    if (this.check.mode === "pick") {
      var chosen = stored.answer || [];
      this.inputs.forEach(function (input, index) { input.checked = chosen.indexOf(index) >= 0; });
    } else {
      this.input.value = stored.answer || "";
    }
    this.show(stored.ok, "", this.t.earlier);
  };

  Question.prototype.show = function (ok, message, suffix) {
    var block = this.box.closest("details.question");
    this.verdict.className = "selfcheck-verdict" + (ok === true ? " selfcheck-ok" : ok === false ? " selfcheck-no" : "");
    this.verdict.textContent = ok === null ? message : (ok ? this.t.right : this.t.wrong) + (suffix || "");
    var summary = block && block.querySelector(":scope > summary");
    if (summary) {  // ✔ or ✘ after the question's title, so that the page shows what is done
      var mark = summary.querySelector(".selfcheck-mark") || summary.appendChild(el("span", "selfcheck-mark"));
      mark.className = "selfcheck-mark" + (ok === true ? " selfcheck-ok" : ok === false ? " selfcheck-no" : "");
      mark.textContent = ok === true ? " ✔" : ok === false ? " ✘" : "";
    }
    if (this.check.mode === "pick") {
      var correct = this.check.correct, inputs = this.inputs;
      this.items.forEach(function (item, index) {
        var marked = ok !== null;
        item.classList.toggle("selfcheck-right", marked && correct.indexOf(index) >= 0);
        item.classList.toggle("selfcheck-wrong", marked && inputs[index].checked && correct.indexOf(index) < 0);
      });
    }
  };

  Question.prototype.reset = function () {
    if (this.check.mode === "pick") this.inputs.forEach(function (i) { i.checked = false; });
    else this.input.value = "";
    this.show(null, "");
    if (this.answer) this.answer.open = false;
  };

  // --- the page ---------------------------------------------------------------------------------

  function setup() {
    var boxes = Array.prototype.slice.call(document.querySelectorAll(".selfcheck[data-check]:not([data-ready])"));
    if (!boxes.length) return;
    var lang = (document.documentElement.lang || "en").slice(0, 2) === "ru" ? "ru" : "en";
    var t = TEXT[lang];
    var progress = load();
    var questions = {};
    var scores = Array.prototype.slice.call(document.querySelectorAll(".selfcheck-score"));

    function renderScore() {
      var ids = Object.keys(questions);
      var checked = ids.filter(function (id) { return progress[id]; });
      var right = checked.filter(function (id) { return progress[id].ok; });
      scores.forEach(function (score) {
        score.querySelector(".selfcheck-score-text").textContent = t.score(right.length, checked.length, ids.length);
      });
    }

    function onChange(qid, result) {
      progress[qid] = result;
      save(progress);
      renderScore();
    }

    boxes.forEach(function (box) {
      box.setAttribute("data-ready", "");
      var question = new Question(box, t, lang, onChange);
      questions[question.qid] = question;
      if (progress[question.qid]) question.restore(progress[question.qid]);
    });

    scores.forEach(function (score) {
      score.textContent = "";
      score.appendChild(el("span", "selfcheck-score-text"));
      var reset = el("button", "md-button selfcheck-reset", t.reset);
      reset.type = "button";
      reset.addEventListener("click", function () {
        progress = {};
        save(progress);
        Object.keys(questions).forEach(function (id) { questions[id].reset(); });
        renderScore();
      });
      score.appendChild(reset);
    });
    renderScore();
  }

  window.SeqprepSelfcheck = { parseNumber: parseNumber, accepts: accepts };
  if (typeof document$ !== "undefined") {
    document$.subscribe(setup);  // Material's page-change observable
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();
