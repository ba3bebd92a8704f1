/* Rappel's desk: refresh parts of a page without reloading it (no flicker),
   and send the simulator's SMS without leaving the page. No dependencies. */
(function () {
  "use strict";

  var last = new WeakMap();

  // The value of data-with (the simulator's phone number) goes in a POST body,
  // never in the URL: URLs end up in access logs.
  function optionsOf(el) {
    var options = {credentials: "same-origin", headers: {"X-Requested-With": "fetch"}};
    var source = el.getAttribute("data-with");
    var input = source && document.querySelector(source);
    if (input) {
      var body = new FormData();
      body.append(input.name, input.value);
      var token = document.querySelector("input[name=csrf_token]");
      if (token) { body.append("csrf_token", token.value); }
      options.method = "POST";
      options.body = body;
    }
    return options;
  }

  function refresh(el) {
    return fetch(el.getAttribute("data-refresh"), optionsOf(el))
      .then(function (response) {
        // Logged out meanwhile: keep what is shown rather than swap in the login page.
        if (response.redirected || !response.ok) { throw new Error("refresh " + response.status); }
        return response.text();
      })
      .then(function (html) {
        if (last.get(el) !== html) {
          last.set(el, html);
          el.innerHTML = html;
          el.querySelectorAll(".msgs").forEach(function (m) { m.scrollTop = m.scrollHeight; });
          var now = el.querySelector("[data-now]");
          var shown = document.querySelector("#sim-now");
          if (now && shown) { shown.textContent = now.getAttribute("data-now"); }
        }
      })
      .catch(function () { el.classList.add("stale"); });
  }

  function refreshAll() {
    document.querySelectorAll("[data-refresh]").forEach(function (el) {
      el.classList.remove("stale");
      refresh(el);
    });
  }

  function startRefreshing() {
    document.querySelectorAll("[data-refresh]").forEach(function (el) {
      var every = parseInt(el.getAttribute("data-every") || "30", 10) * 1000;
      last.set(el, null);
      if (el.hasAttribute("data-load")) { refresh(el); }   // a placeholder until then
      window.setInterval(function () {
        if (!document.hidden) { refresh(el); }
      }, every);
    });
  }

  // Forms marked data-in-place post with fetch and show the answer in place;
  // delegated, so that forms inside refreshed parts (a call's "1") work too.
  function postInPlace(event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-in-place]")) { return; }
    event.preventDefault();
    var data = new FormData(form);
    var submitter = event.submitter;
    if (submitter && submitter.name) { data.append(submitter.name, submitter.value); }
    var buttons = form.querySelectorAll("button[type=submit]");
    buttons.forEach(function (b) { b.disabled = true; });
    fetch(form.action, {method: "POST", body: data, credentials: "same-origin",
                        headers: {"X-Requested-With": "fetch", "Accept": "application/json"}})
      .then(function (response) { return response.json(); })
      .then(function (answer) {
        var out = document.querySelector(form.getAttribute("data-answer") || "#sim-answer");
        if (out) { out.textContent = answer.message || ""; }
        var body = form.querySelector("textarea");
        if (body && answer.ok) { body.value = ""; }
      })
      .catch(function () {
        var out = document.querySelector("#sim-answer");
        if (out) { out.textContent = "Erreur : rechargez la page."; }
      })
      .then(function () {
        buttons.forEach(function (b) { b.disabled = false; });
        refreshAll();
      });
  }

  function pickPhone() {
    var who = document.querySelector("#sim-who");
    var number = document.querySelector("#sim-number-row");
    if (!who || !number) { return; }
    var sync = function () { number.hidden = who.value !== "entrepreneur"; };
    who.addEventListener("change", sync);
    sync();
    document.addEventListener("click", function (event) {
      var pane = event.target.closest && event.target.closest("[data-phone]");
      if (pane && pane.getAttribute("data-pick")) {
        who.value = pane.getAttribute("data-pick");
        sync();
      }
    });
  }

  // The close form shows the SMS the person would get for the reason chosen.
  function noticeSwitch() {
    document.querySelectorAll("select[data-notice-switch]").forEach(function (select) {
      var form = select.form;
      var sync = function () {
        var wanted = select.value === "unreachable" ? "unreachable" : "other";
        form.querySelectorAll("[data-notice]").forEach(function (p) {
          p.hidden = p.getAttribute("data-notice") !== wanted;
        });
      };
      select.addEventListener("change", sync);
      sync();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    noticeSwitch();
    startRefreshing();
    document.addEventListener("submit", postInPlace);
    pickPhone();
  });
}());
