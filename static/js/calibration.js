// The calibration curve: handoffs against expected acceptance for the best rule at each volume,
// with the current rule and the suggestion marked. Every figure comes from the page's JSON (the
// rule search is the server's); this only draws it.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("curve-data").textContent);
  const canvas = document.getElementById("calibration-curve");
  const at = (p) => ({ x: p.handoffs, y: p.acceptance === null ? null : p.acceptance * 100 });
  const datasets = [
    {
      label: "Best rule at each volume",
      data: data.curve.map(at),
      showLine: true,
      borderColor: "#6c757d",
      backgroundColor: "#6c757d",
      pointRadius: 2,
    },
    { label: "Current rule", data: [at(data.current)], pointRadius: 7, backgroundColor: "#0d6efd" },
  ];
  if (data.best) {
    datasets.push({
      label: "Suggested rule",
      data: [at(data.best)],
      pointRadius: 8,
      pointStyle: "rectRot",
      backgroundColor: "#198754",
    });
  }
  const volumes = data.curve.map((p) => p.handoffs).concat([data.current.handoffs]);
  datasets.push({
    label: `Target ${data.target}%`,
    data: [{ x: 0, y: data.target }, { x: Math.max(...volumes), y: data.target }],
    showLine: true,
    borderDash: [6, 4],
    borderColor: "#dc3545",
    pointRadius: 0,
  });
  const chart = new Chart(canvas, {
    type: "scatter",
    data: { datasets },
    options: {
      animation: false,
      scales: {
        x: { title: { display: true, text: "Handoffs in the period" }, beginAtZero: true },
        y: { title: { display: true, text: "Expected accepted (%)" }, suggestedMin: 50, max: 100 },
      },
    },
  });
  canvas.dataset.drawn = String(chart.data.datasets[0].data.length);
})();
