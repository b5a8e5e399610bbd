/*
 * Diagnostics/Cors: runs each case of the table from this origin with
 * fetch(). A CORS refusal is indistinguishable from a network error for page
 * scripts (Fetch standard: a "network error"), so "blocked" means fetch
 * rejected; the console has Chromium's reason. Whether the gateway answered
 * at all is checked first (site.js's no-cors probe, and this app's server), so
 * a rejected fetch against a stopped gateway reads "unreachable", not "blocked".
 * The Library column asks this app's server, which runs the CORS library's
 * probe for the same request.
 */
(function (window, $) {
  'use strict';
  const C = window.Corsway;

  function badge(el, ok, text) {
    el.removeClass('text-bg-light text-bg-success text-bg-danger')
      .addClass(ok ? 'text-bg-success' : 'text-bg-danger')
      .text(text);
  }

  function setState(el, state, ok, text) {
    el.removeClass('text-bg-light text-bg-success text-bg-danger text-bg-warning')
      .addClass(ok === null ? 'text-bg-warning' : ok ? 'text-bg-success' : 'text-bg-danger')
      .attr('data-state', state)
      .text(text);
  }

  /** Resolves 'reachable' or 'unreachable' (what the browser saw), after showing both views. */
  function checkGateway() {
    const server = $.ajax({ url: '/Diagnostics/Gateway', dataType: 'json', cache: false }).then(
      function (res) {
        setState($('#gateway-server'), res.reachable ? 'reachable' : 'unreachable', !!res.reachable, res.reachable ? 'reachable' : 'unreachable');
        $('#gateway-server-detail').text(res.reachable ? 'HTTP ' + res.status + ' from ' + res.url : String(res.error || '') + ' (' + res.url + ')');
      },
      function (xhr) {
        setState($('#gateway-server'), 'unavailable', null, 'unavailable');
        $('#gateway-server-detail').text('This app answered HTTP ' + xhr.status + '.');
        return $.Deferred().resolve();
      },
    );
    const browser = C.diagnoseFailure().then(function (kind) {
      const reachable = kind === 'cors';
      setState($('#gateway-browser'), reachable ? 'reachable' : 'unreachable', reachable, reachable ? 'reachable' : 'unreachable');
      $('#gateway-browser-detail').text(reachable ? 'the gateway answered a no-cors request' : C.unreachableText);
      return reachable ? 'reachable' : 'unreachable';
    });
    return Promise.all([browser, Promise.resolve(server)]).then(function (both) {
      return both[0];
    });
  }

  function runBrowser(row, probe, gateway) {
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
          const reason = String(error && error.message ? error.message : error);
          if (gateway === 'unreachable') {
            setState(result, 'unreachable', null, 'unreachable');
            detail.text('the gateway did not answer at all: not a CORS refusal (' + reason + ')');
          } else {
            badge(result, false, 'blocked');
            result.attr('data-state', 'blocked');
            detail.text(reason + ' (the gateway is up: the browser refused the response, see the console)');
          }
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
    checkGateway()
      .then(function (gateway) {
        const runs = $('#cors-cases tbody tr')
          .map(function () {
            const row = $(this);
            const probe = row.data('case');
            return Promise.all([runBrowser(row, probe, gateway), Promise.resolve(runLibrary(row, probe))]);
          })
          .get();
        return Promise.all(runs);
      })
      .then(function () {
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
