package org.medsign.hub.ops;

import java.time.Duration;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long operational data is kept ({@code medsign.retention.*}, 保存期限). Evidence — signature records, the audit
 * chain, anchors, certificate history, CA records — is never deleted by the hub (archive it with
 * {@code medsign audit export}; see docs/operations.md).
 *
 * @param schedule        when the clean-up runs (Spring cron, six fields, in {@code zone}; default 03:30 every night)
 * @param zone            the time zone of {@code schedule}: the hospital's (default Asia/Shanghai)
 * @param requestContent  the document content of finished requests (the hub keeps its SM3 and the signature); unset
 *                        (the default) keeps it, so that evidence packages carry the document
 * @param replyOriginals  the sealed original message of a result already sent to its system
 * @param rejections      records of refused inbound messages (size and SM3 only)
 * @param statusEvents    certificate status changes delivered to every system
 * @param deadLetters     messages parked in the dead-letter queues (the requests' records stay)
 * @param runs            the clean-up's own reports
 * @param appSessions     app sessions (mobile) ended or past their maximum this long ago (token hashes only)
 * @param activationCodes app activation codes used, or expired unused, this long ago (code hashes only)
 * @param taskReminders   reminders (催办) sent to signers about pending tasks
 * @param loginChallenges scan-to-login challenges (扫码登录) past their expiry this long ago, confirmed or not (the
 *                        audit chain keeps every confirmation)
 */
@ConfigurationProperties("medsign.retention")
public record RetentionProperties(@DefaultValue("0 30 3 * * *") String schedule,
                                  @DefaultValue("Asia/Shanghai") ZoneId zone,
                                  Duration requestContent,
                                  @DefaultValue("P7D") Duration replyOriginals,
                                  @DefaultValue("P180D") Duration rejections,
                                  @DefaultValue("P90D") Duration statusEvents,
                                  @DefaultValue("P30D") Duration deadLetters,
                                  @DefaultValue("P365D") Duration runs,
                                  @DefaultValue("P30D") Duration appSessions,
                                  @DefaultValue("P30D") Duration activationCodes,
                                  @DefaultValue("P90D") Duration taskReminders,
                                  @DefaultValue("P30D") Duration loginChallenges) {
}
