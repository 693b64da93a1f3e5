/* Progressive enhancement only: the pages work without it (and in WeChat's browser).
   - upload progress for large attachments (XMLHttpRequest upload events)
   - copy button for the tracking code
   - a code carried in the URL fragment (from the QR code) fills the tracking form
   - the appeal fields show only for an appeal, name and phone only for a named report */
(function () {
  "use strict";
  var form = document.querySelector("form[data-upload-progress]");
  if (form && window.FormData && window.XMLHttpRequest) {
    form.addEventListener("submit", function (event) {
      var files = form.querySelectorAll("input[type=file]");
      var total = 0;
      for (var i = 0; i < files.length; i++) {
        for (var j = 0; j < files[i].files.length; j++) total += files[i].files[j].size;
      }
      if (total < 512 * 1024) return; // small: let the browser post it normally
      event.preventDefault();
      var box = document.getElementById("upload-progress");
      var bar = box.querySelector("progress");
      var label = box.querySelector("span");
      box.className = "progress on";
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action || window.location.href);
      xhr.upload.onprogress = function (e) {
        if (e.lengthComputable) {
          bar.value = Math.round((e.loaded / e.total) * 100);
          label.textContent = bar.value + "%";
        }
      };
      xhr.onload = function () {
        if (xhr.responseURL && xhr.responseURL !== window.location.href && xhr.status < 400) {
          window.location.href = xhr.responseURL;
        } else {
          document.open(); document.write(xhr.responseText); document.close();
        }
      };
      xhr.onerror = function () { form.submit(); };
      xhr.send(new FormData(form));
      var submit = form.querySelector("button[type=submit]");
      if (submit) submit.disabled = true;
    });
  }
  // the appeal fields show only when the kind is 申诉 (without script they always show)
  var appeal = document.querySelector(".appeal-only");
  var kindInputs = document.querySelectorAll("input[name=kind], select[name=kind]");
  if (appeal && kindInputs.length) {
    var syncAppeal = function () {
      var picked = document.querySelector("input[name=kind]:checked, select[name=kind]");
      appeal.hidden = !(picked && picked.value === "appeal");
    };
    for (var k = 0; k < kindInputs.length; k++) kindInputs[k].addEventListener("change", syncAppeal);
    syncAppeal();
  }
  // name and phone show only for a named report
  var named = document.querySelector(".named-only");
  var identityInputs = document.querySelectorAll("input[name=identity]");
  if (named && identityInputs.length) {
    var syncNamed = function () {
      var picked = document.querySelector("input[name=identity]:checked");
      named.hidden = !(picked && picked.value === "named");
    };
    for (var n = 0; n < identityInputs.length; n++) identityInputs[n].addEventListener("change", syncNamed);
    syncNamed();
  }
  // each picker says what was chosen, in the page's language, instead of the browser's own text
  var attach = document.querySelector(".attach[data-none]");
  if (attach) {
    attach.className += " enhanced";
    var pickers = attach.querySelectorAll("input[type=file]");
    var showPicked = function (input) {
      var line = input.parentNode.querySelector(".picked");
      if (!line) return;
      var names = [];
      for (var f = 0; f < input.files.length; f++) names.push(input.files[f].name);
      line.textContent = names.length
        ? attach.getAttribute("data-chosen") + names.join("、")
        : attach.getAttribute("data-none");
      line.className = names.length ? "picked on" : "picked";
    };
    for (var q = 0; q < pickers.length; q++) {
      pickers[q].addEventListener("change", function (event) { showPicked(event.target); });
      showPicked(pickers[q]);
    }
  }
  var copy = document.querySelector("[data-copy]");
  if (copy) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      var text = copy.getAttribute("data-copy");
      var done = function () { copy.textContent = copy.getAttribute("data-done"); };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(done, function () { fallback(text); done(); });
      } else { fallback(text); done(); }
    });
  }
  function fallback(text) {
    var area = document.createElement("textarea");
    area.value = text; document.body.appendChild(area); area.select();
    try { document.execCommand("copy"); } catch (e) {}
    document.body.removeChild(area);
  }
  var codeInput = document.getElementById("id_code");
  if (codeInput && /^#\d{16}$/.test(window.location.hash)) {
    codeInput.value = window.location.hash.slice(1);
    history.replaceState(null, "", window.location.pathname);
  }
})();
