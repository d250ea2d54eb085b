// The Reports page's charts: draws what the server computed (the JSON in #report-charts);
// no figure is computed here.
(function () {
  "use strict";
  const source = document.getElementById("report-charts");
  if (!source || typeof Chart === "undefined") return;
  const charts = JSON.parse(source.textContent);
  const counts = { x: { beginAtZero: true, ticks: { precision: 0 } } };  // whole leads, calls
  const quiet = { animation: false, responsive: true, maintainAspectRatio: true };

  function draw(id, config) {
    const canvas = document.getElementById(id);
    if (!canvas) return;
    new Chart(canvas, Object.assign({}, config, { options: Object.assign({}, quiet, config.options) }));
    canvas.dataset.drawn = "true";
  }

  draw("chart-funnel", {
    type: "bar",
    data: {
      labels: charts.funnel.labels,
      datasets: [{ label: "Count", data: charts.funnel.counts, backgroundColor: "#0d6efd" }],
    },
    options: { indexAxis: "y", scales: counts, plugins: { legend: { display: false } } },
  });

  // The tooltips read as the tables do ("67% of 3 (21-94%)"): the words come from the server.
  draw("chart-trend", {
    type: "line",
    data: {
      labels: charts.trend.labels,
      datasets: [
        { label: "Acceptance %", data: charts.trend.acceptance, words: charts.trend.acceptance_words,
          borderColor: "#198754", spanGaps: true },
        { label: "Held %", data: charts.trend.held, words: charts.trend.held_words,
          borderColor: "#6f42c1", spanGaps: true },
      ],
    },
    options: {
      scales: { y: { min: 0, max: 100 } },
      plugins: {
        tooltip: {
          callbacks: {
            label: (item) => `${item.dataset.label}: ${item.dataset.words[item.dataIndex]}`,
          },
        },
      },
    },
  });

  draw("chart-speed", {
    type: "bar",
    data: {
      labels: charts.speed.labels,
      datasets: [{ label: "Leads", data: charts.speed.leads, backgroundColor: "#fd7e14" }],
    },
    options: { scales: { y: counts.x }, plugins: { legend: { display: false } } },
  });

  draw("chart-rejections", {
    type: "bar",
    data: {
      labels: charts.rejections.labels,
      datasets: [{ label: "Rejections", data: charts.rejections.counts, backgroundColor: "#dc3545" }],
    },
    options: { indexAxis: "y", scales: counts, plugins: { legend: { display: false } } },
  });
})();
