/* Chunked, resumable upload of a data set (protocol in screening/uploads.py).
   Without fetch or File.slice the form posts the whole files as before. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-chunked]");
  if (!form || !window.fetch || !window.File || !File.prototype.slice) return;
  var input = form.querySelector("input[type=file]");
  var status = document.getElementById("upload-status");
  var bar = document.getElementById("upload-bar");
  var text = form.dataset;
  var csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;

  function say(message, isError) {
    status.textContent = message;
    status.className = isError ? "alert-note" : "detail";
  }
  function fmt(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_m, k) { return values[k]; });
  }
  function wait(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }
  function request(method, url, body) {
    return fetch(url, {
      method: method, body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { status: response.status, data: data };
      });
    });
  }
  function key(files) {
    return "qingfeng-upload:" + Array.prototype.map.call(files, function (f) {
      return f.name + "/" + f.size + "/" + f.lastModified;
    }).join("|") + ":" + form.kind.value + ":" + form.region.value + ":" + form.as_of.value;
  }

  async function begin(files) {
    var saved = localStorage.getItem(key(files));
    if (saved) {  // the same files, chosen again after a reload or a closed tab: go on
      var st = await request("GET", text.statusUrl.replace("0", saved));
      if (st.status === 200 && st.data.status === "uploading") return { id: saved, received: st.data.received };
      localStorage.removeItem(key(files));
    }
    var body = new FormData();
    ["kind", "region", "as_of"].forEach(function (n) { body.append(n, form[n].value); });
    Array.prototype.forEach.call(files, function (f) { body.append("name", f.name); body.append("size", f.size); });
    var r = await request("POST", text.beginUrl, body);
    if (r.status !== 201) throw new Error((r.data.errors || [text.failed]).join(" "));
    localStorage.setItem(key(files), r.data.id);
    return r.data;
  }

  async function send(files) {
    var started = await begin(files);
    var id = String(started.id), received = started.received.slice();
    var total = 0, chunk = Number(text.chunk);
    Array.prototype.forEach.call(files, function (f) { total += f.size; });
    var tries = 0;
    for (var i = 0; i < files.length; i++) {
      var file = files[i];
      while (received[i] < file.size) {
        var done = received.reduce(function (a, b) { return a + b; }, 0);
        bar.max = total; bar.value = done;
        say(fmt(text.progress, { percent: Math.floor(100 * done / Math.max(total, 1)), name: file.name }));
        var url = text.statusUrl.replace("0", id) + "?part=" + i + "&offset=" + received[i];
        var r;
        try {
          r = await request("PUT", url, file.slice(received[i], received[i] + chunk));
        } catch (e) {
          r = { status: 0, data: {} };
        }
        if (r.status === 200 || (r.status === 409 && typeof r.data.received === "number")) {
          received[i] = r.data.received; tries = 0; continue;
        }
        if (r.status >= 400 && r.status < 500) throw new Error((r.data.errors || [text.failed]).join(" "));
        tries += 1;  // network down or the server restarting: wait, ask what arrived, go on
        say(fmt(text.retrying, { seconds: Math.min(2 ** tries, 60) }), true);
        await wait(1000 * Math.min(2 ** tries, 60));
        var st = await request("GET", text.statusUrl.replace("0", id)).catch(function () { return null; });
        if (st && st.status === 200 && st.data.received) received = st.data.received;
      }
    }
    bar.value = total;
    say(text.finishing);
    var f = await request("POST", text.statusUrl.replace("0", id));
    if (f.status !== 200) throw new Error((f.data.errors || [text.failed]).join(" "));
    localStorage.removeItem(key(files));
    window.location.href = f.data.url;
  }

  form.addEventListener("submit", function (event) {
    if (!input.files.length || !form.checkValidity()) return;
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    bar.hidden = false;
    send(input.files).catch(function (e) {
      say(e.message || text.failed, true);
      button.disabled = false;
    });
  });
})();
