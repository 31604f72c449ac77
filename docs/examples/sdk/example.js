// The example page's own script (no inline script: it runs under the page's strict CSP). The page's backend answers
// POST ./ticket with {"ticket": ...}: it asks the hub for a web ticket with the system's API key, which the page
// never sees. See docs/mobile.md "JS SDK (/sdk/medsign.js)".
(function () {
  "use strict";

  const hubUrl = document.querySelector('meta[name="medsign-hub"]').content;
  const byId = (id) => document.getElementById(id);
  const labels = {PENDING: "等待医生确认", DONE: "已签名", REJECTED: "医生已拒签", EXPIRED: "已过期"};

  async function ticketFromBackend() {
    const response = await fetch("ticket", {method: "POST", headers: {"Content-Type": "application/json"},
      body: "{}", credentials: "same-origin"});
    if (!response.ok) {
      throw new Error("the page's backend gave no ticket (HTTP " + response.status + ")");
    }
    return (await response.json()).ticket;
  }

  function show(status) {
    byId("status").textContent = labels[status] || status;
    byId("status").dataset.status = status;
  }

  function fail(error) {
    byId("error").hidden = false;
    byId("error").textContent = (error.code ? error.code + ": " : "") + error.message;
    byId("error").dataset.code = error.code || "";
    byId("sign").disabled = false;
  }

  const hub = MedSign.connect({hub: hubUrl, ticket: ticketFromBackend});

  byId("sign-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    byId("sign").disabled = true;
    byId("error").hidden = true;
    byId("result").hidden = true;
    try {
      const requestId = "web-" + Date.now() + "-" + Math.floor(Math.random() * 1e6);
      const request = await hub.sign({requestId: requestId, signer: byId("signer").value.trim(),
        title: byId("title").value.trim(), content: byId("content").value});
      byId("request-id").textContent = request.requestId;
      show(request.status);
      if (request.status === "PENDING") {
        byId("task-id").textContent = String(request.taskId);
        byId("waiting").hidden = false;
        await hub.showQr(byId("qr"), request.taskId);
      }
      const outcome = request.status === "DONE" ? request
        : await hub.waitFor(request.requestId, {timeoutMs: 10 * 60 * 1000, onStatus: (state) => show(state.status)});
      show(outcome.status);
      byId("waiting").hidden = true;
      if (outcome.status === "DONE") {
        byId("signature-id").textContent = outcome.signatureId;
        byId("cms").value = outcome.cms;
        byId("result").hidden = false;
      } else {
        fail({code: outcome.code, message: outcome.detail || labels[outcome.status]});
      }
    } catch (error) {
      fail(error);
    } finally {
      byId("sign").disabled = false;
    }
  });
})();
