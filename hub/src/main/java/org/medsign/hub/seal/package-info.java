/**
 * The electronic seal registry (电子签章, issue #15 point 1): personal signature images (个人签名), department seals
 * (科室章), the hospital seal (院章) and special-purpose seals (专用章), each with a validated transparent PNG, a style,
 * an owner, the certificate that signs with it, a validity, a usage scope, and its GB/T 38540-2020 SESeal signed by
 * the hub's seal maker; and the post-based permission matrix (岗位权限, point 2: {@link org.medsign.hub.seal.SigningPermissions})
 * that says who may sign or use a seal of which kind. Business logic only; the HTTP endpoints are in {@code api}.
 */
package org.medsign.hub.seal;
