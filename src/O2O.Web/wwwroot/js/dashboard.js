// Draws the back office charts from the JSON the page embeds (Chart.js ships with the app). The page writes every text
// in the reader's language (day labels included); numbers and amounts are formatted here in the page's language, and a
// right-to-left page gets a right-to-left legend and tooltips.
(function () {
  const source = document.getElementById('dashboard-data');
  if (!source || typeof Chart === 'undefined') return;
  const data = JSON.parse(source.textContent);
  // Latin digits in every language, as the page's own numbers are written (Intl would give Arabic-Indic ones for ar).
  const locale = (data.locale || document.documentElement.lang || 'en') + '-u-nu-latn';
  const rtl = !!data.rtl;
  const money = {};
  function amount(value, currency) {
    if (!currency) return new Intl.NumberFormat(locale).format(value);
    if (!money[currency]) money[currency] = new Intl.NumberFormat(locale, { style: 'currency', currency: currency });
    return money[currency].format(value);
  }
  function draw(id, datasets, stacked, isMoney) {
    const canvas = document.getElementById(id);
    if (!canvas) return;
    new Chart(canvas, {
      type: 'bar',
      data: { labels: data.labels, datasets: datasets },
      options: {
        responsive: true, animation: false, locale: locale,
        scales: { x: { stacked: stacked, reverse: rtl }, y: { stacked: stacked, beginAtZero: true, position: rtl ? 'right' : 'left' } },
        plugins: {
          legend: { position: 'bottom', rtl: rtl },
          tooltip: {
            rtl: rtl,
            callbacks: isMoney ? {
              label: function (item) { return item.dataset.label + ': ' + amount(item.parsed.y, item.dataset.currency); }
            } : {}
          }
        }
      }
    });
  }
  draw('orders-chart', data.orders, true, false);
  draw('revenue-chart', data.revenue, true, true);
})();
