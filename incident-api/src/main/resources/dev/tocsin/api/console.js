// Keeps the incident list current: each change on the API's event stream refreshes the rows
// (server-rendered, filters kept), at most once every half second. Without JavaScript the page
// still works; it only needs a reload.
(function () {
  var rows = document.getElementById('incident-rows');
  if (!rows || !window.EventSource) {
    return;
  }
  var pending = null;
  function refresh() {
    pending = null;
    fetch('/fragments/incidents' + window.location.search, {credentials: 'same-origin'})
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null) { rows.innerHTML = html; } });
  }
  var stream = new EventSource('/api/v1/incidents/stream', {withCredentials: true});
  stream.addEventListener('incident', function () {
    if (pending === null) {
      pending = window.setTimeout(refresh, 500);
    }
  });
})();
