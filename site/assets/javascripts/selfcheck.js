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
// Plain JavaScript, no network. parseNumber mirrors seqprep/numparse.py (tests/site/
// test_selfcheck.py compares the two on a table of inputs and thousands of random ones).
(function () {
  "use strict";

  var TEXT = {
    en: {
      check: "Check", right: "✔ Right", wrong: "✘ Wrong — see the answer below",
      pick: "Pick an option first.", placeholder: "a number, e.g. 15.8M",
      score: function (right, checked, total) {
        return "Your score on this page: " + right + " right of " + checked + " checked (" + total + " to check).";
      },
      reset: "Reset", number: "Your answer", earlier: " (earlier)"
    },
    ru: {
      check: "Проверить", right: "✔ Верно", wrong: "✘ Неверно — ответ ниже",
      pick: "Сначала выберите вариант.",
      placeholder: "число, например 15,8 млн",
      score: function (right, checked, total) {
        return "Ваш счёт на этой странице: верно " + right + " из " + checked + " проверенных (всего " + total + ").";
      },
      reset: "Сбросить", number: "Ваш ответ", earlier: " (раньше)"
    }
  };

  // --- typed numbers: the rules of seqprep/numparse.py, line for line ----------------------
  //
  // parseNumber(text, lang, expected) -> {value} | {readings: [decimal, thousands], message} | {message}
  // A comma that may be a decimal mark or a thousands separator ("1,000") is asked back when one of
  // the readings is within a factor of 10 of `expected`; otherwise the language's own reading counts.

  var SUFFIXES = { k: 3, m: 6, b: 9, g: 9, t: 12, "к": 3, "тыс": 3, "м": 6, "млн": 6, "млрд": 9 };
  var MINUSES = /[\u2212\u2012\u2013\u2014\ufe63\uff0d]/g;
  var SPACES = /[\u00a0\u202f\u2009\u2007\u2008\u200a\u205f\u3000]/g;
  var POWER = /\s*(?:[x×*·]|\\times|\\cdot)\s*10\s*(?:\^|\*\*)\s*\{?\s*([+-]?[0-9]+)\s*\}?$/;
  var SUFFIX = /^(.*?)\s*([a-zа-яё]+)\.?$/;
  var EXPONENT = /^(.+?)e([+-]?[0-9]+)$/;
  var MANTISSA = /^(?:[+-]?\s*[0-9.,' ]*[0-9][0-9.,' ]*|[+-]?\s*[.,][0-9]+)$/;
  var PLAUSIBLE = 10;
  var NUMBER_TEXT = {
    en: {
      empty: "empty answer", nan: "not a number: {text}", suffix: "unknown suffix '{suffix}' in {text} (use k, M, B)",
      infinite: "not a finite number: {text}",
      percent: "{text} has %, but this answer is not a fraction: type the number itself",
      ambiguous: "{text}: is the comma a decimal mark ({a}) or a thousands separator ({b})? Type {a} or {b}"
    },
    ru: {
      empty: "пустой ответ", nan: "не число: {text}",
      suffix: "неизвестный суффикс «{suffix}» в {text} (k, M, B, тыс, млн, млрд)",
      infinite: "не конечное число: {text}", percent: "в {text} есть %, но ответ здесь — не доля: введите само число",
      ambiguous: "{text}: запятая — десятичный знак ({a}) или разделитель тысяч ({b})? Введите {a} или {b}"
    }
  };

  function NotANumber(message) { this.message = message; }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? values[key] : all; });
  }

  function parseNumber(text, lang, expected) {
    var words = NUMBER_TEXT[lang] || NUMBER_TEXT.en;
    var stripped = String(text).trim();
    var shown = lang === "ru" ? "«" + stripped + "»" : "'" + stripped + "'";
    var percent = stripped.slice(-1) === "%";
    if (percent && expected !== undefined && expected !== null && Math.abs(expected) > 1) {
      return { message: fill(words.percent, { text: shown }) };
    }
    var values;
    try {
      values = read(normalize(text), words, percent ? -2 : 0);
    } catch (error) {
      if (!(error instanceof NotANumber)) throw error;
      return { message: fill(error.message, { text: shown }) };
    }
    if (!values.every(isFinite)) return { message: fill(words.infinite, { text: shown }) };
    if (values.length === 1) return { value: values[0] };
    var decimal = values[0], thousands = values[1];
    if (expected !== undefined && expected !== null && !values.some(function (v) { return plausible(v, expected); })) {
      return { value: lang === "ru" ? decimal : thousands };  // wrong either way
    }
    return { readings: [decimal, thousands],
             message: fill(words.ambiguous, { text: shown, a: plain(decimal), b: plain(thousands) }) };
  }

  function normalize(text) {
    var s = String(text).trim().toLowerCase().replace(/_/g, "").replace(MINUSES, "-").replace(SPACES, " ");
    if (s.slice(-1) === "%") s = s.slice(0, -1);
    return s.replace(/\s+$/, "");
  }

  function read(s, words, shift) {
    if (!s) throw new NotANumber(words.empty);
    var power = POWER.exec(s);
    if (power) {
      shift += parseInt(power[1], 10);
      s = s.slice(0, power.index);
    }
    var suffix = SUFFIX.exec(s);
    if (suffix) {
      if (!/[0-9]/.test(suffix[1])) throw new NotANumber(words.nan);
      if (!Object.prototype.hasOwnProperty.call(SUFFIXES, suffix[2])) {
        throw new NotANumber(words.suffix.replace("{suffix}", suffix[2]));
      }
      shift += SUFFIXES[suffix[2]];
      s = suffix[1];
    }
    var exponent = EXPONENT.exec(s);
    if (exponent) {
      shift += parseInt(exponent[2], 10);
      s = exponent[1];
    }
    if (!MANTISSA.test(s)) throw new NotANumber(words.nan);
    var readings = mantissas(s, words);
    if (exponent || power) readings = readings.slice(0, 1);
    return readings.map(function (m) {
      var value = Number(m + "e" + shift);
      if (isNaN(value)) throw new NotANumber(words.nan);
      return value;
    });
  }

  // The mantissa as a float literal: one, or a decimal and a thousands reading.
  function mantissas(s, words) {
    var sign = s.charAt(0) === "-" ? "-" : "";
    var body = s.replace(/^[+-]+/, "").trim();
    var spaced = /[ ']/.test(body);
    var bad = new NotANumber(words.nan);
    if (spaced) {
      if (!/^[0-9]{1,3}([ '][0-9]{3})+([.,][0-9]+)?$/.test(body)) throw bad;
      body = body.replace(/[ ']/g, "");
    }
    if (body.indexOf(".") >= 0 && body.indexOf(",") >= 0) {
      var mark = body.lastIndexOf(".") > body.lastIndexOf(",") ? "." : ",";
      var group = mark === "." ? "," : ".";
      var at = body.lastIndexOf(mark);
      var whole = body.slice(0, at), fraction = body.slice(at + 1);
      if (!new RegExp("^[0-9]{1,3}(\\" + group + "[0-9]{3})*$").test(whole) || !/^[0-9]+$/.test(fraction)) throw bad;
      return [sign + whole.split(group).join("") + "." + fraction];
    }
    var marks = [",", "."];
    for (var i = 0; i < marks.length; i++) {
      if (body.split(marks[i]).length > 2) {
        if (!new RegExp("^[0-9]{1,3}(\\" + marks[i] + "[0-9]{3})+$").test(body)) throw bad;
        return [sign + body.split(marks[i]).join("")];
      }
    }
    if (body.indexOf(",") >= 0) {
      var parts = body.split(",");
      var decimal = sign + parts[0] + "." + parts[1];
      if (spaced || parts[1].length !== 3 || !/^[1-9][0-9]{0,2}$/.test(parts[0])) return [decimal];
      return [decimal, sign + parts[0] + parts[1]];  // 1,000: one, or one thousand
    }
    return [sign + body];
  }

  function plausible(value, expected) {
    if (expected === 0) return value === 0;
    var ratio = value / expected;
    return 1 / PLAUSIBLE <= ratio && ratio <= PLAUSIBLE;
  }

  // numparse._plain: Python's f"{value:.15g}", or repr(value) when that would have an exponent.
  function plain(value) {
    var exp = Number(value.toExponential(14).split("e")[1]);
    if (value !== 0 && (exp < -4 || exp >= 15)) return pythonRepr(value);
    return String(Number(value.toPrecision(15)));
  }

  function pythonRepr(value) {  // shortest round-trip digits, laid out as Python's float repr does
    var parts = value.toExponential().split("e");
    var digits = parts[0].replace("-", "").replace(".", ""), exp = Number(parts[1]);
    var sign = value < 0 ? "-" : "";
    if (exp < -4 || exp >= 16) {
      var mantissa = digits.length > 1 ? digits[0] + "." + digits.slice(1) : digits;
      return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }
    if (exp < 0) return sign + "0." + "0".repeat(-exp - 1) + digits;
    if (digits.length <= exp + 1) return sign + digits + "0".repeat(exp + 1 - digits.length) + ".0";
    return sign + digits.slice(0, exp + 1) + "." + digits.slice(exp + 1);
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
    var parsed = parseNumber(given, this.lang, this.check.value);
    if (parsed.value === undefined) return { error: parsed.message };  // not a number, or which comma?
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
