// Draws each chart of the dashboard from the JSON the page carries (no inline script: CSP).
// The tables beside the charts are the same numbers, rendered by the server.
(function () {
  "use strict";
  var source = document.getElementById("insights-charts");
  if (!source || typeof echarts === "undefined") { return; }
  var charts = JSON.parse(source.textContent);
  var saveTitle = document.documentElement.lang && document.documentElement.lang.indexOf("zh") === 0 ? "下载图片" : "Save as PNG";

  function option(c) {
    var labels = c.rows.map(function (r) { return r[0]; });
    var base = {
      title: { text: c.title, left: "center", textStyle: { fontSize: 14 } },
      // drawn on the canvas: the HTML tooltip would carry style="" attributes, which CSP refuses
      tooltip: { trigger: c.kind === "pie" || c.kind === "funnel" ? "item" : "axis", renderMode: "richText" },
      toolbox: { feature: { saveAsImage: { title: saveTitle, name: "chart-" + c.key, pixelRatio: 2 } } },
      legend: { bottom: 0 }
    };
    if (c.kind === "pie" || c.kind === "funnel") {
      base.series = [{
        type: c.kind, radius: c.kind === "pie" ? ["30%", "60%"] : undefined,
        top: 40, bottom: 40,
        data: c.rows.map(function (r) { return { name: r[0], value: r[1] }; })
      }];
      return base;
    }
    base.grid = { left: 48, right: 16, top: 48, bottom: 56, containLabel: true };
    base.xAxis = { type: "category", data: labels, axisLabel: { rotate: labels.length > 8 ? 40 : 0 } };
    base.yAxis = { type: "value", minInterval: 1 };
    // Counts only (the percentage column stays in the table).
    base.series = c.columns.slice(1).map(function (name, i) {
      return { name: name, type: c.kind, data: c.rows.map(function (r) { return r[i + 1]; }) };
    }).filter(function (s) { return s.name.indexOf("%") === -1; });
    return base;
  }

  charts.forEach(function (c) {
    var el = document.querySelector('[data-chart="' + c.key + '"]');
    if (!el || !c.rows.length) { return; }
    el.style.display = "block";
    var chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(option(c));
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
