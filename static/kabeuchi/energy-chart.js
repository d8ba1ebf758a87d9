// Draws the owner's energy trend with the vendored Chart.js (static/vendor/chartjs, no CDN).
// Data comes from the json_script block "energy-data"; the table on the page holds the same
// data as text, so the chart is a convenience, not the only way to read it.
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("energy-data");
    var canvas = document.getElementById("energy-chart");
    if (!source || !canvas || typeof window.Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var styles = getComputedStyle(document.documentElement);
    var accent = styles.getPropertyValue("--accent").trim() || "#2f6f5e";
    new window.Chart(canvas, {
      type: "line",
      data: {
        labels: data.points.map(function (p) { return p.at.slice(0, 10); }),
        datasets: [{ label: data.label, data: data.points.map(function (p) { return p.energy; }),
          borderColor: accent, backgroundColor: accent, tension: 0.25, pointRadius: 3 }]
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        scales: { y: { min: 1, max: 5, ticks: { stepSize: 1 } }, x: { ticks: { maxTicksLimit: 6, autoSkip: true } } },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { afterLabel: function (ctx) { return data.points[ctx.dataIndex].mood || ""; } } }
        }
      }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
