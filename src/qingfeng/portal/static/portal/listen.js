/* 朗读 (read aloud): the phone's own speech synthesis reads a block of the page.
   Nothing is sent to any server. Without speechSynthesis the buttons stay hidden.
   <button class="listen" data-listen="ID [ID…]" data-stop="Stop label" hidden>Read aloud</button> */
(function () {
  "use strict";
  if (!("speechSynthesis" in window) || !window.SpeechSynthesisUtterance) return;
  var voices = { "zh-hans": "zh-CN", ug: "ug-CN" };
  var lang = voices[document.documentElement.lang] || document.documentElement.lang;
  var buttons = document.querySelectorAll("button.listen[data-listen]");
  var speaking = null;
  function reset() {
    if (speaking) {
      speaking.textContent = speaking.getAttribute("data-label");
      speaking.setAttribute("aria-pressed", "false");
    }
    speaking = null;
  }
  for (var i = 0; i < buttons.length; i++) {
    var button = buttons[i];
    button.setAttribute("data-label", button.textContent);
    button.setAttribute("aria-pressed", "false");
    button.hidden = false;
    button.addEventListener("click", function (event) {
      var me = event.currentTarget;
      var wasMe = speaking === me;
      window.speechSynthesis.cancel();
      reset();
      if (wasMe) return;
      var ids = me.getAttribute("data-listen").split(/\s+/);
      var parts = [];
      for (var k = 0; k < ids.length; k++) {
        var target = document.getElementById(ids[k]);
        if (target) parts.push(target.innerText || target.textContent || "");
      }
      var text = parts.join(". ").replace(/\s+/g, " ").trim();
      if (!text) return;
      var utterance = new window.SpeechSynthesisUtterance(text);
      utterance.lang = lang;
      utterance.rate = 0.9; // a little slower: easier for the elderly to follow
      utterance.onend = utterance.onerror = function () { if (speaking === me) reset(); };
      speaking = me;
      me.textContent = me.getAttribute("data-stop") || me.textContent;
      me.setAttribute("aria-pressed", "true");
      window.speechSynthesis.speak(utterance);
    });
  }
})();
