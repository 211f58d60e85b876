// Typeset the math that pymdownx.arithmatex leaves as \( \) and \[ \] inside .arithmatex,
// with the KaTeX files served from this site (no CDN).
(function () {
  function typeset() {
    document.querySelectorAll(".arithmatex").forEach(function (element) {
      renderMathInElement(element, {
        delimiters: [
          { left: "\\(", right: "\\)", display: false },
          { left: "\\[", right: "\\]", display: true },
        ],
        throwOnError: false,
      });
    });
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(typeset);  // Material's page-change observable
  } else {
    document.addEventListener("DOMContentLoaded", typeset);
  }
})();
