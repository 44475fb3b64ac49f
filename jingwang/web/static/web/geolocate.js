/* Fills a form's hidden latitude and longitude from the device's position: at once on the check
   page, when "Use my location" (#locate-me) is pressed on the collect form. The status line
   (#locate-status) names the two inputs and carries the translated messages in data- attributes. */
(function () {
  var status = document.getElementById("locate-status");
  if (!status) { return; }
  var button = document.getElementById("locate-me");
  var lat = document.getElementById(status.dataset.lat), lon = document.getElementById(status.dataset.lon);
  function say(message) { status.textContent = message || ""; }
  function locate() {
    if (!navigator.geolocation) { say(status.dataset.unsupported); return; }
    navigator.geolocation.getCurrentPosition(function (pos) {
      lat.value = pos.coords.latitude.toFixed(6);
      lon.value = pos.coords.longitude.toFixed(6);
      say(status.dataset.located);
    }, function () { say(status.dataset.unavailable); }, button ? {} : { maximumAge: 60000, timeout: 5000 });
  }
  if (button) { button.addEventListener("click", locate); } else { locate(); }
})();
