/**
 * Patient consents on the tablet (知情同意书, 手写签名平板; issue #13 point 6): a system hands over the document, the
 * patient reads it and writes on the tablet a nurse operates, the hub signs for the patient with a one-time event
 * certificate (事件型证书) whose key is never stored, and the responsible clinician co-signs as a normal signing
 * request. Business logic only; the HTTP endpoints are in {@code api}.
 */
package org.medsign.hub.consent;
