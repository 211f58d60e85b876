// Typeset the math that pymdownx.arithmatex leaves as \( \) and \[ \] inside .arithmatex, and the
// math in headings that the table of contents repeats as plain text, with the KaTeX files served
// from this site (no CDN). Display formulas wider than the column scroll sideways; they get the
// class "katex-scroll", which shows a fade at the edge as a cue.
(function () {
  var delimiters = [
    { left: "\\(", right: "\\)", display: false },
    { left: "\\[", right: "\\]", display: true },
  ];

  function render(element) {
    renderMathInElement(element, { delimiters: delimiters, throwOnError: false });
  }

  function markWide() {
    document.querySelectorAll(".katex-display").forEach(function (display) {
      display.classList.toggle("katex-scroll", display.scrollWidth > display.clientWidth + 1);
    });
  }

  function typeset() {
    document.querySelectorAll(".arithmatex").forEach(render);
    // The table of contents (desktop sidebar and the phone drawer) copies heading text with its \( \).
    document.querySelectorAll(".md-nav__link .md-ellipsis").forEach(function (label) {
      if (label.textContent.indexOf("\\(") !== -1) render(label);
    });
    markWide();
    if (document.fonts) document.fonts.ready.then(markWide);  // KaTeX's fonts change the widths
  }

  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(markWide, 150);
  });

  if (typeof document$ !== "undefined") {
    document$.subscribe(typeset);  // Material's page-change observable
  } else {
    document.addEventListener("DOMContentLoaded", typeset);
  }
})();
