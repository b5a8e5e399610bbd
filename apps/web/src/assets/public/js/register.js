/*
 * Account/Register: AJAX to the gateway's /users/user/register. Each field's
 * messages from the envelope's Errors go under that field (Bootstrap
 * is-invalid / invalid-feedback, aria-invalid); everything as text.
 * No credentials: the route's policy (StrictMvc) does not allow them, and
 * registering needs no cookie.
 */
(function (window, $) {
  'use strict';
  const C = window.Corsway;
  const form = $('#register-form');

  function clearFieldErrors() {
    form.find('.is-invalid').removeClass('is-invalid').removeAttr('aria-invalid');
    form.find('.invalid-feedback').empty();
  }

  /** Puts each field's messages under it; returns the messages of keys that match no field. */
  function showFieldErrors(errors) {
    const unmatched = [];
    let firstInvalid = null;
    $.each(errors || {}, function (field, messages) {
      const list = $.isArray(messages) ? messages : [String(messages)];
      const input = form.find('input').filter(function () {
        return this.name.toLowerCase() === String(field).toLowerCase();
      });
      if (input.length === 0) {
        unmatched.push(C.humanize(field + ': ' + list.join(' ')));
        return;
      }
      input.addClass('is-invalid').attr('aria-invalid', 'true');
      $('#' + input.attr('id') + '-error').text(C.humanize(list.join(' ')));
      firstInvalid = firstInvalid || input;
    });
    if (firstInvalid) firstInvalid.trigger('focus');
    return unmatched;
  }

  form.on('submit', function (event) {
    event.preventDefault();
    C.clearMessages();
    clearFieldErrors();
    const button = $('#register-button').prop('disabled', true);
    const payload = {
      Email: String($('#Email').val()),
      UserName: String($('#UserName').val()),
      Password: String($('#Password').val()),
    };
    const displayName = String($('#DisplayName').val()).trim();
    if (displayName) payload.DisplayName = displayName;

    $.ajax({
      url: C.apiUrl('/users/user/register'),
      type: 'POST',
      contentType: 'application/json',
      dataType: 'json',
      data: JSON.stringify(payload),
    })
      .done(function () {
        window.location.assign('/Account/Login?reason=registered');
      })
      .fail(function (xhr) {
        button.prop('disabled', false);
        if (xhr.status === 0) {
          C.explainFailure(); // CORS block or no gateway at all: site.js tells which
          return;
        }
        const body = xhr.responseJSON;
        const unmatched = showFieldErrors(body && body.Errors);
        const text = C.messageOf(body, xhr.status);
        C.showMessage('danger', unmatched.length ? text + '\n' + unmatched.join('\n') : text);
      });
  });
})(window, window.jQuery);
