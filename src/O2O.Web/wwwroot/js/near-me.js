// "Use my location": asks the browser (which asks the shopper) and fills the latitude and longitude fields.
(function () {
  const button = document.querySelector('[data-near-me]');
  if (!button || !('geolocation' in navigator)) return;
  button.hidden = false;
  button.addEventListener('click', function () {
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(function (position) {
      const form = button.closest('form');
      form.querySelector('[name=lat]').value = position.coords.latitude.toFixed(4);
      form.querySelector('[name=lon]').value = position.coords.longitude.toFixed(4);
      form.submit();
    }, function () {
      button.disabled = false;
      button.textContent = button.dataset.unavailable; // in the page's language
    }, { timeout: 10000 });
  });
})();
