// Draws the consistency dashboard's charts from the JSON the page embeds (#happiness-charts),
// with Chart.js served from our own static files. The tables beside the charts hold the same
// numbers, so the page still says everything without JavaScript. Redrawn after an htmx swap.
(function () {
  "use strict";
  const charts = [];

  function percent(value) {
    return Math.round(value * 100) + "%";
  }

  function draw() {
    const source = document.getElementById("happiness-charts");
    if (!source || typeof Chart === "undefined") {
      return;
    }
    while (charts.length) {
      charts.pop().destroy();
    }
    const data = JSON.parse(source.textContent);
    const colour = (letter) => data.colours[letter];

    const weeks = document.getElementById("chart-weeks");
    if (weeks) {
      charts.push(new Chart(weeks, {
        type: "bar",
        data: {
          labels: data.weeks.labels,
          datasets: data.letters.map((letter) => ({
            label: letter, data: data.weeks.counts[letter], backgroundColor: colour(letter),
          })),
        },
        options: {
          animation: false,
          scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, title: { display: true, text: "grades" } } },
          plugins: { legend: { position: "bottom" } },
        },
      }));
    }

    const share = document.getElementById("chart-share");
    if (share && data.share.total) {
      charts.push(new Chart(share, {
        type: "doughnut",
        data: {
          labels: ["A or B", "C, D or F"],
          datasets: [{ data: [data.share.good, data.share.bad], backgroundColor: [colour("A"), colour("F")] }],
        },
        options: {
          animation: false,
          maintainAspectRatio: false,
          plugins: {
            legend: { position: "right" },
            tooltip: { callbacks: { label: (item) => item.label + ": " + percent(item.raw) } },
          },
        },
      }));
    }

    const teams = document.getElementById("chart-teams");
    if (teams && data.teams.labels.length) {
      charts.push(new Chart(teams, {
        type: "bar",
        data: {
          labels: data.teams.labels,
          datasets: data.letters.map((letter) => ({
            label: letter, data: data.teams.shares[letter], backgroundColor: colour(letter),
          })),
        },
        options: {
          indexAxis: "y",
          animation: false,
          scales: { x: { stacked: true, max: 100, ticks: { callback: (v) => v + "%" } }, y: { stacked: true } },
          plugins: { legend: { position: "bottom" } },
        },
      }));
    }
  }

  document.addEventListener("DOMContentLoaded", draw);
  document.body.addEventListener("htmx:afterSettle", draw);
})();
