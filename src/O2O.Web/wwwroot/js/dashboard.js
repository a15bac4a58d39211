// Draws the back office charts from the JSON the page embeds (Chart.js ships with the app).
(function () {
  const source = document.getElementById('dashboard-data');
  if (!source || typeof Chart === 'undefined') return;
  const data = JSON.parse(source.textContent);
  function draw(id, datasets, stacked) {
    const canvas = document.getElementById(id);
    if (!canvas) return;
    new Chart(canvas, {
      type: 'bar',
      data: { labels: data.labels, datasets: datasets },
      options: { responsive: true, animation: false, scales: { x: { stacked: stacked }, y: { stacked: stacked, beginAtZero: true } },
                 plugins: { legend: { position: 'bottom' } } }
    });
  }
  draw('orders-chart', data.orders, true);
  draw('revenue-chart', data.revenue, true);
})();
