/*
 * Shared browser helpers for every page (loaded by the layout).
 * - Messages go into the #messages live region as TEXT: .text(), never
 *   .html(). The seed's showMsg put res.Message into .html(), an XSS sink
 *   for any API message that echoes user input (OWASP XSS Prevention).
 * - The access token lives in sessionStorage (per tab, gone with the tab),
 *   never localStorage; the refresh token is an HttpOnly cookie the page
 *   cannot read at all (README "The API contract").
 */
(function (window, $) {
  'use strict';

  const TOKEN_KEY = 'corsway.accessToken';
  const NAME_KEY = 'corsway.displayName';
  const KINDS = ['success', 'info', 'warning', 'danger'];
  const gatewayBaseUrl = String($('body').data('gatewayBaseUrl') || '').replace(/\/+$/, '');

  /*
   * The API names fields as the contract does (PascalCase, README "The API
   * contract"); people read the labels they typed into. Whole words only, as text.
   */
  const FIELD_LABELS = {
    EmailOrUserName: 'Email or user name',
    UserName: 'User name',
    DisplayName: 'Display name',
    ClientId: 'Client',
    AccessToken: 'Access token',
    RefreshToken: 'Session',
  };
  function humanize(text) {
    return String(text).replace(/\b(EmailOrUserName|UserName|DisplayName|ClientId|AccessToken|RefreshToken)\b/g, function (name) {
      return FIELD_LABELS[name];
    });
  }

  function showMessage(kind, text) {
    const safeKind = KINDS.indexOf(kind) >= 0 ? kind : 'info';
    // Problems interrupt (role=alert); confirmations wait their turn (role=status).
    const role = safeKind === 'danger' || safeKind === 'warning' ? 'alert' : 'status';
    const alert = $('<div class="alert"></div>').attr('role', role).addClass('alert-' + safeKind).text(humanize(text));
    $('#messages').empty().append(alert);
  }

  function clearMessages() {
    $('#messages').empty();
  }

  /** The envelope's Message when the body is one, else a fallback that still says what happened. */
  function messageOf(body, status) {
    if (body && typeof body.Message === 'string' && body.Message) return body.Message;
    return 'The gateway answered HTTP ' + status + ' without a message.';
  }

  const tokens = {
    get: function () {
      return window.sessionStorage.getItem(TOKEN_KEY);
    },
    set: function (token) {
      window.sessionStorage.setItem(TOKEN_KEY, token);
    },
    clear: function () {
      window.sessionStorage.removeItem(TOKEN_KEY);
      window.sessionStorage.removeItem(NAME_KEY);
    },
  };

  /*
   * The navbar: "Signed in as <name>" and Logout while this tab holds an access
   * token, Register/Login otherwise. The name is only for display (set at login
   * and when Home loads the profile); the token decides.
   */
  const user = {
    setName: function (name) {
      if (name) window.sessionStorage.setItem(NAME_KEY, String(name));
      renderNav();
    },
  };

  function renderNav() {
    const signedIn = !!tokens.get();
    $('#nav-signed-in').prop('hidden', !signedIn);
    $('#nav-signed-out').prop('hidden', signedIn);
    $('#nav-user-name').text(window.sessionStorage.getItem(NAME_KEY) || 'you');
  }

  /** Revokes the refresh token (the HttpOnly cookie, credentialed) and forgets this tab's session, whatever the gateway says. */
  function logout() {
    const done = function () {
      tokens.clear();
      window.location.assign('/Account/Login?reason=loggedOut');
    };
    window
      .fetch(gatewayBaseUrl + '/users/user/logout', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        credentials: 'include',
        body: '{}',
      })
      .then(done, done);
  }

  $(function () {
    renderNav();
    $('#nav-logout').on('click', logout);
  });

  /*
   * A failed cross-origin call (jQuery status 0, fetch rejecting) is the same
   * "network error" to page scripts whether CORS refused the response or no
   * server answered at all (Fetch standard, "CORS check" and "network error").
   * A no-cors request is not subject to the CORS check: it resolves (with an
   * opaque response) whenever the gateway answered anything, and rejects only
   * when nothing did. So: probe resolves -> CORS; probe rejects -> unreachable.
   */
  function diagnoseFailure() {
    return window
      .fetch(new URL(gatewayBaseUrl + '/', window.location.href).origin + '/health', {
        mode: 'no-cors',
        cache: 'no-store',
        credentials: 'omit',
      })
      .then(
        function () {
          return 'cors';
        },
        function () {
          return 'unreachable';
        },
      );
  }

  const unreachableText =
    'Gateway unreachable: nothing answered at ' +
    gatewayBaseUrl +
    ' (is the gateway running? On HTTPS, does this browser trust its certificate?). ' +
    'This is not a CORS error: the browser could not connect at all.';

  /** Shows the warning that fits a failed gateway call (status 0 / fetch rejected). */
  function explainFailure() {
    return diagnoseFailure().then(function (kind) {
      showMessage('warning', kind === 'cors' ? window.Corsway.corsIssueText : unreachableText);
      return kind;
    });
  }

  window.Corsway = {
    gatewayBaseUrl: gatewayBaseUrl,
    apiUrl: function (path) {
      return gatewayBaseUrl + path;
    },
    clientId: 'web',
    corsIssueText:
      'CORS issue: the gateway did not allow this origin (' +
      window.location.origin +
      '), so the browser blocked the response. Check the gateway\'s CORS policy; the browser console has the details.',
    unreachableText: unreachableText,
    diagnoseFailure: diagnoseFailure,
    explainFailure: explainFailure,
    showMessage: showMessage,
    clearMessages: clearMessages,
    messageOf: messageOf,
    humanize: humanize,
    tokens: tokens,
    user: user,
    logout: logout,
  };
})(window, window.jQuery);
