/**
 * The clinician's mobile app (移动签名, issue #13): activation with a one-time code, app sessions opened with the
 * signing PIN, self-granted signing windows (时段授权) and lost-phone reports (挂失). Business logic only; the HTTP
 * endpoints are in {@code api}, the bearer-token filter in {@code security}.
 */
package org.medsign.hub.mobile;
