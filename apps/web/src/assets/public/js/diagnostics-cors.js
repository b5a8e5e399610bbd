/*
 * Diagnostics/Cors: runs each case of the table from this origin with
 * fetch(). A CORS refusal is indistinguishable from a network error for page
 * scripts (Fetch standard: a "network error"), so "blocked" means fetch
 * rejected; the console has Chromium's reason. The Library column asks this
 * app's server, which runs the CORS library's probe for the same request.
 */
(function (window, $) {
  'use strict';
  const C = window.Corsway;

  function badge(el, ok, text) {
    el.removeClass('text-bg-light text-bg-success text-bg-danger').addClass(ok ? 'text-bg-success' : 'text-bg-danger').text(text);
  }

  function runBrowser(row, probe) {
    const result = row.find('[data-browser-result]').text('running').attr('data-state', 'running');
    const detail = row.find('[data-browser-detail]').empty();
    return window
      .fetch(C.apiUrl(probe.path), {
        method: probe.method,
        headers: probe.headers,
        body: probe.body === null ? undefined : probe.body,
        credentials: probe.credentials ? 'include' : 'omit',
        cache: 'no-store',
      })
      .then(
        function (response) {
          badge(result, true, 'allowed');
          result.attr('data-state', 'allowed');
          detail.text('HTTP ' + response.status + ' (the page could read the response)');
        },
        function (error) {
          badge(result, false, 'blocked');
          result.attr('data-state', 'blocked');
          detail.text(String(error && error.message ? error.message : error));
        },
      );
  }

  function runLibrary(row, probe) {
    const result = row.find('[data-library-result]').text('running').attr('data-state', 'running');
    const text = row.find('[data-library-explanation]').empty();
    return $.ajax({ url: '/Diagnostics/Cors/explain', data: { case: probe.id }, dataType: 'json' }).then(
      function (res) {
        badge(result, !!res.allowed, res.allowed ? 'allowed' : 'blocked');
        result.attr('data-state', res.allowed ? 'allowed' : 'blocked');
        text.text(String(res.explanation || ''));
      },
      function (xhr) {
        result.text('unavailable').attr('data-state', 'unavailable');
        const body = xhr.responseJSON;
        text.text(body && typeof body.message === 'string' ? body.message : 'This app answered HTTP ' + xhr.status + '.');
        return $.Deferred().resolve();
      },
    );
  }

  function runAll() {
    $('#page-origin').text(window.location.origin);
    const button = $('#run-diagnostics').prop('disabled', true);
    const runs = $('#cors-cases tbody tr')
      .map(function () {
        const row = $(this);
        const probe = row.data('case');
        return Promise.all([runBrowser(row, probe), Promise.resolve(runLibrary(row, probe))]);
      })
      .get();
    Promise.all(runs).then(function () {
      button.prop('disabled', false);
      $('#cors-cases').attr('data-complete', 'true');
    });
  }

  $('#run-diagnostics').on('click', function () {
    $('#cors-cases').removeAttr('data-complete');
    runAll();
  });
  runAll();
})(window, window.jQuery);
