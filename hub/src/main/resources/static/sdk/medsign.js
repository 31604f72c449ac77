/*
 * MedSign Hub JS SDK (issue #13) — for third-party web pages: create a signing request, show its QR code, wait for
 * the outcome. Plain ES2017, no library, no build step, no eval, no inline styles: it runs under a strict
 * Content-Security-Policy that allows the hub's origin in script-src and connect-src and blob: in img-src.
 *
 * The page never holds its system's API key. Its own backend asks the hub for a short-lived web ticket
 * (POST /api/v1/web-tickets with the API key) and hands the ticket to the page; the SDK sends it as
 * "Authorization: MedSign-Ticket <ticket>" to /api/v1/web/** only. Documentation: docs/mobile.md "JS SDK".
 *
 *   const hub = MedSign.connect({hub: "https://sign.hospital.cn", ticket: () => fetchTicketFromMyBackend()});
 *   const r = await hub.sign({requestId, signer, content: "text or base64", title, scenario});
 *   await hub.showQr(document.getElementById("qr"), r.taskId);
 *   const outcome = await hub.waitFor(r.requestId, {timeoutMs: 300000, onStatus: s => ...});
 *   // outcome.status: DONE (signatureId, cms) / REJECTED / EXPIRED; failures reject with a MedSignError {code, message}
 */
(function (global) {
  "use strict";

  const VERSION = "1.0.0";
  const FINAL = ["DONE", "REJECTED", "EXPIRED"];
  const RENEWABLE = ["WEB_TICKET_EXPIRED", "WEB_TICKET_USED_UP"];

  /** A failure: the hub's problem code (e.g. WEB_TICKET_EXPIRED, SIGNER_UNKNOWN) or one of the SDK's own. */
  class MedSignError extends Error {
    constructor(code, message, status, problem) {
      super(message);
      this.name = "MedSignError";
      this.code = code;
      this.status = status || 0;
      this.problem = problem || null;
    }
  }

  function base64OfBytes(bytes) {
    let binary = "";
    for (let i = 0; i < bytes.length; i += 0x8000) {
      binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return btoa(binary);
  }

  /** The content as the hub takes it (base64): bytes, or text (UTF-8), or contentBase64 as given. */
  function contentOf(options) {
    if (typeof options.contentBase64 === "string") {
      return options.contentBase64;
    }
    const content = options.content;
    if (content instanceof ArrayBuffer) {
      return base64OfBytes(new Uint8Array(content));
    }
    if (ArrayBuffer.isView(content)) {
      return base64OfBytes(new Uint8Array(content.buffer, content.byteOffset, content.byteLength));
    }
    if (typeof content === "string") {
      return base64OfBytes(new TextEncoder().encode(content));
    }
    throw new MedSignError("SDK_INVALID_ARGUMENT", "content must be a string, an ArrayBuffer or a typed array "
      + "(or give contentBase64)");
  }

  function delay(ms, signal) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(resolve, ms);
      if (signal) {
        signal.addEventListener("abort", () => {
          clearTimeout(timer);
          reject(new MedSignError("SDK_ABORTED", "waiting was cancelled"));
        }, {once: true});
      }
    });
  }

  async function problemOf(response) {
    let problem = null;
    try {
      problem = await response.json();
    } catch (e) {
      problem = null;
    }
    const code = problem && problem.code ? problem.code : "HTTP_" + response.status;
    const message = problem && (problem.detail || problem.title) ? (problem.detail || problem.title)
      : "the hub answered HTTP " + response.status;
    return new MedSignError(code, message, response.status, problem);
  }

  /** A connection to one hub with one system's web tickets. */
  class Hub {
    constructor(options) {
      if (!options || typeof options.hub !== "string" || !/^https?:\/\/[^/]+/.test(options.hub)) {
        throw new MedSignError("SDK_INVALID_ARGUMENT", "connect({hub: \"https://hub.example\", ticket}) needs the "
          + "hub's URL");
      }
      if (typeof options.ticket !== "string" && typeof options.ticket !== "function") {
        throw new MedSignError("SDK_INVALID_ARGUMENT", "connect() needs a ticket (a string, or a function that "
          + "returns one or a promise of one)");
      }
      this.base = options.hub.replace(/\/+$/, "");
      this.source = options.ticket;
      this.ticket = typeof options.ticket === "string" ? options.ticket : null;
      this.images = new WeakMap();
    }

    async currentTicket(renew) {
      if (typeof this.source === "function" && (renew || !this.ticket)) {
        const fresh = await this.source();
        this.ticket = typeof fresh === "string" ? fresh : fresh && fresh.ticket;
        if (!this.ticket) {
          throw new MedSignError("SDK_NO_TICKET", "the ticket function gave no ticket");
        }
      }
      return this.ticket;
    }

    /** One call with the ticket; a ticket function is asked again once when the hub says the ticket ran out. */
    async call(method, path, body, renewed) {
      const ticket = await this.currentTicket(false);
      const init = {
        method: method,
        mode: "cors",
        credentials: "omit",
        cache: "no-store",
        headers: {"Authorization": "MedSign-Ticket " + ticket}
      };
      if (body !== undefined) {
        init.headers["Content-Type"] = "application/json";
        init.body = JSON.stringify(body);
      }
      let response;
      try {
        response = await fetch(this.base + path, init);
      } catch (e) {
        throw new MedSignError("SDK_NETWORK", "the hub cannot be reached (network, or this page's origin is not "
          + "allowed for the SDK): " + e.message);
      }
      if (response.ok) {
        return response;
      }
      const error = await problemOf(response);
      if (!renewed && typeof this.source === "function" && RENEWABLE.includes(error.code)) {
        await this.currentTicket(true);
        return this.call(method, path, body, true);
      }
      throw error;
    }

    /**
     * Creates a signing request (the body of POST /api/v1/sign/message). Resolves with
     * {requestId, status: "PENDING"|"DONE", taskId, signatureId, cms}.
     */
    async sign(options) {
      if (!options || !options.requestId || !options.signer) {
        throw new MedSignError("SDK_INVALID_ARGUMENT", "sign() needs requestId, signer and content");
      }
      const body = {
        requestId: options.requestId,
        signer: options.signer,
        content: contentOf(options),
        documentType: options.documentType || options.title,
        scenario: options.scenario,
        documentId: options.documentId,
        detached: options.detached,
        flavour: options.flavour,
        timestamp: options.timestamp
      };
      const response = await this.call("POST", "/api/v1/web/sign/message", body);
      return response.json();
    }

    /** The request's state now: {requestId, status, taskId, signatureId, cms, code, detail}. */
    async status(requestId) {
      const response = await this.call("GET", "/api/v1/web/requests/" + encodeURIComponent(requestId));
      return response.json();
    }

    /** A blob: URL of the task's QR code PNG (revoke it with URL.revokeObjectURL when done). */
    async qrUrl(taskId) {
      const response = await this.call("GET", "/api/v1/web/tasks/" + encodeURIComponent(taskId) + "/qr");
      return URL.createObjectURL(await response.blob());
    }

    /**
     * Shows the task's QR code in {@code element}: an <img> (the element itself, or one put inside it). The clinician
     * scans it with the MedSign app, which opens the task. Resolves with the <img>.
     */
    async showQr(element, taskId) {
      if (!element) {
        throw new MedSignError("SDK_INVALID_ARGUMENT", "showQr() needs an element");
      }
      const url = await this.qrUrl(taskId);
      let image = element.tagName === "IMG" ? element : element.querySelector("img.medsign-qr");
      if (!image) {
        image = document.createElement("img");
        image.className = "medsign-qr";
        element.appendChild(image);
      }
      const previous = this.images.get(image);
      if (previous) {
        URL.revokeObjectURL(previous);
      }
      this.images.set(image, url);
      image.alt = "MedSign QR " + taskId;
      image.dataset.taskId = String(taskId);
      await new Promise((resolve, reject) => {
        image.onload = () => resolve();
        image.onerror = () => reject(new MedSignError("SDK_IMAGE", "the QR code image cannot be shown"));
        image.src = url;
      });
      return image;
    }

    /**
     * Polls the request until it is DONE, REJECTED or EXPIRED and resolves with its state. Options: timeoutMs
     * (default 300000; then rejects with SDK_TIMEOUT), intervalMs (default 3000), onStatus(state) called on each
     * change, signal (an AbortSignal).
     */
    async waitFor(requestId, options) {
      const settings = options || {};
      const timeoutMs = settings.timeoutMs === undefined ? 300000 : settings.timeoutMs;
      const intervalMs = Math.max(1000, settings.intervalMs || 3000);
      const deadline = Date.now() + timeoutMs;
      let last = null;
      for (;;) {
        const state = await this.status(requestId);
        if (state.status !== last && typeof settings.onStatus === "function") {
          settings.onStatus(state);
        }
        last = state.status;
        if (FINAL.includes(state.status)) {
          return state;
        }
        if (Date.now() + intervalMs > deadline) {
          throw new MedSignError("SDK_TIMEOUT", "request " + requestId + " is still " + state.status + " after "
            + timeoutMs + " ms");
        }
        await delay(intervalMs, settings.signal);
      }
    }
  }

  const MedSign = Object.freeze({
    version: VERSION,
    MedSignError: MedSignError,
    /** connect({hub, ticket}) → a Hub; ticket: a string, or a function returning one (or a promise of one). */
    connect: (options) => new Hub(options)
  });

  global.MedSign = MedSign;
})(typeof window !== "undefined" ? window : globalThis);
