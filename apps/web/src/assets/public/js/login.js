/*
 * Account/Login: the seed's jQuery AJAX login against the gateway, with its
 * outcomes: success, the API's Message, or status 0, which is either a CORS
 * block or an unreachable gateway (site.js's explainFailure tells which).
 * withCredentials so the HttpOnly refresh cookie set by user-service through
 * the gateway is stored for the gateway's origin (credentialed CORS, MixedPolicy).
 */
(function (window, $) {
  'use strict';
  const C = window.Corsway;

  $('#login-form').on('submit', function (event) {
    event.preventDefault();
    C.clearMessages();
    const button = $('#login-button').prop('disabled', true);
    const payload = {
      EmailOrUserName: String($('#EmailOrUserName').val()),
      Password: String($('#Password').val()),
      ClientId: String($('#ClientId').val()),
    };

    $.ajax({
      url: C.apiUrl('/users/user/login'),
      type: 'POST',
      contentType: 'application/json',
      dataType: 'json',
      data: JSON.stringify(payload),
      xhrFields: { withCredentials: true },
    })
      .done(function (res) {
        if (res && res.Success && res.Data && res.Data.AccessToken) {
          C.tokens.set(res.Data.AccessToken);
          const who = res.Data.DisplayName || res.Data.UserName || payload.EmailOrUserName;
          C.user.setName(who);
          C.showMessage('success', 'Login successful. Welcome, ' + who + '!');
          window.setTimeout(function () {
            window.location.assign('/Home');
          }, 800);
        } else {
          C.showMessage('danger', C.messageOf(res, 200));
          button.prop('disabled', false);
        }
      })
      .fail(function (xhr) {
        button.prop('disabled', false);
        if (xhr.status === 0) {
          // Blocked by CORS, or no gateway at all: site.js probes to tell which.
          C.explainFailure();
        } else {
          C.showMessage('danger', C.messageOf(xhr.responseJSON, xhr.status));
        }
      });
  });
})(window, window.jQuery);
