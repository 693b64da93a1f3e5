/* 录音: record a voice clip in the page (MediaRecorder), play it back, and attach it to the
   form's "audio" file input, so it is posted like a picked file. Where the browser has no
   MediaRecorder (older WeChat) or cannot set a file input (no DataTransfer), the recorder stays
   hidden and the "Record voice" file picker does the job. */
(function () {
  "use strict";
  var box = document.querySelector("[data-recorder]");
  var input = document.querySelector("input[type=file][name=audio]");
  if (!box || !input || !window.MediaRecorder || !navigator.mediaDevices ||
      !navigator.mediaDevices.getUserMedia || typeof window.DataTransfer !== "function") return;
  try { new window.DataTransfer(); } catch (e) { return; }
  var types = [
    ["audio/webm;codecs=opus", "webm"], ["audio/ogg;codecs=opus", "ogg"],
    ["audio/mp4", "m4a"], ["audio/webm", "webm"]
  ];
  var chosen = null;
  for (var i = 0; i < types.length; i++) {
    if (!window.MediaRecorder.isTypeSupported || window.MediaRecorder.isTypeSupported(types[i][0])) {
      chosen = types[i]; break;
    }
  }
  if (!chosen) return;
  var button = box.querySelector("button.record");
  var discard = box.querySelector("button.discard");
  var player = box.querySelector("audio");
  var status = box.querySelector(".rec-status");
  var recorder = null;
  var chunks = [];
  var stream = null;
  box.hidden = false;

  function say(key) { status.textContent = box.getAttribute("data-" + key) || ""; }
  function stopTracks() {
    if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); stream = null; }
  }
  function attach(blob) {
    var type = chosen[0].split(";")[0];
    var file = new window.File([blob], "voice." + chosen[1], { type: type });
    var transfer = new window.DataTransfer();
    transfer.items.add(file);
    input.files = transfer.files;
    if (player.src) URL.revokeObjectURL(player.src);
    player.src = URL.createObjectURL(blob);
    player.hidden = false;
    discard.hidden = false;
    button.textContent = box.getAttribute("data-again");
    button.setAttribute("aria-pressed", "false");
    say("ready");
  }
  button.addEventListener("click", function () {
    if (recorder && recorder.state === "recording") { recorder.stop(); return; }
    navigator.mediaDevices.getUserMedia({ audio: true }).then(function (s) {
      stream = s;
      chunks = [];
      recorder = new window.MediaRecorder(s, { mimeType: chosen[0] });
      recorder.addEventListener("dataavailable", function (e) { if (e.data && e.data.size) chunks.push(e.data); });
      recorder.addEventListener("stop", function () {
        stopTracks();
        if (chunks.length) attach(new window.Blob(chunks, { type: chosen[0] }));
      });
      recorder.start();
      button.textContent = box.getAttribute("data-stop");
      button.setAttribute("aria-pressed", "true");
      say("recording");
    }, function () { say("denied"); });
  });
  discard.addEventListener("click", function () {
    input.value = "";
    if (player.src) URL.revokeObjectURL(player.src);
    player.removeAttribute("src");
    player.hidden = true;
    discard.hidden = true;
    button.textContent = box.getAttribute("data-start");
    status.textContent = "";
  });
})();
