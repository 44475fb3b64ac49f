// Draws the dashboard's two charts from the page's json_script data (no inline script: CSP).
(function () {
  "use strict";
  var holder = document.getElementById("figures-chart-data");
  if (!holder || typeof echarts === "undefined") { return; }
  var data = JSON.parse(holder.textContent);
  function draw(id, option) {
    var el = document.getElementById(id);
    if (!el) { return; }
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
    el.setAttribute("data-drawn", "true");
  }
  var grid = { left: 8, right: 8, top: 32, bottom: 8, containLabel: true };
  if (data.children.length) {
    draw("figures-chart-children", {
      title: { text: data.labels.children, textStyle: { fontSize: 13 } },
      tooltip: { trigger: "axis" },
      grid: grid,
      xAxis: { type: "value" },
      yAxis: { type: "category", inverse: true, data: data.children.map(function (c) { return c.name; }),
               axisLabel: { width: 110, overflow: "truncate" } },
      series: [{ type: "bar", name: data.figure, data: data.children.map(function (c) { return c.value; }) }]
    });
  }
  draw("figures-chart-trend", {
    title: { text: data.labels.trend, textStyle: { fontSize: 13 } },
    tooltip: { trigger: "axis" },
    grid: grid,
    xAxis: { type: "category", data: data.trend.map(function (t) { return t.month; }) },
    yAxis: { type: "value" },
    series: [{ type: "line", name: data.figure, data: data.trend.map(function (t) { return t.value; }) }]
  });
})();
