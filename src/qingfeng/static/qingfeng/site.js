// Small behaviours every page may use, declared in the markup (no inline handlers: CSP).
//   <select data-autosubmit>  submits its form when changed
//   <button data-print>       opens the print dialog
//   <details data-menu-group> one open at a time; a click or focus elsewhere, or Escape, closes it
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el && el.hasAttribute && el.hasAttribute("data-autosubmit") && el.form) {
      el.form.requestSubmit ? el.form.requestSubmit() : el.form.submit();
    }
  });
  document.addEventListener("click", function (event) {
    var el = event.target && event.target.closest ? event.target.closest("[data-print]") : null;
    if (el) { event.preventDefault(); window.print(); }
    closeMenus(event.target && event.target.closest ? event.target.closest("[data-menu-group]") : null);
  });
  function closeMenus(keep) {
    var open = document.querySelectorAll("details[data-menu-group][open]");
    for (var i = 0; i < open.length; i++) { if (open[i] !== keep) open[i].open = false; }
  }
  // Tabbing out of an open group closes it.
  document.addEventListener("focusin", function (event) {
    closeMenus(event.target && event.target.closest ? event.target.closest("[data-menu-group]") : null);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var group = event.target && event.target.closest ? event.target.closest("[data-menu-group][open]") : null;
    closeMenus(null);
    if (group) group.querySelector("summary").focus();
  });
})();
