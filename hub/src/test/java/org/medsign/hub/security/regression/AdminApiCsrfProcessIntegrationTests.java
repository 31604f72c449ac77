package org.medsign.hub.security.regression;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * Finding 8, CSRF against the admin API: a browser that saved an administrator's Basic login (from the console's
 * export link) could be made to {@code POST …/campaigns/{id}/start} by another site with {@code enctype=text/plain}.
 * Now state-changing API calls take only JSON (also without a body) or a custom header, another site's requests are
 * refused, and the console's exports stay in the console session.
 */
class AdminApiCsrfProcessIntegrationTests {

    final AdministeredHub hub = AdministeredHub.get();

    /** A planned (dry-run) renewal campaign for one demo staff member. */
    private long plannedCampaign(String staffId) {
        JsonNode campaign = hub.json("secadmin", "POST", "/api/v1/ledger/campaigns",
                "{\"staffIds\":[\"" + staffId + "\"],\"dryRun\":true}");
        assertThat(campaign.get("state").asText()).isEqualTo("PLANNED");
        return campaign.get("id").asLong();
    }

    private String state(long campaign) {
        return hub.json("secadmin", "GET", "/api/v1/ledger/campaigns/" + campaign, null).get("state").asText();
    }

    private HttpResponse<String> start(long campaign, String contentType, String origin, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(hub.uri("/api/v1/ledger/campaigns/" + campaign + "/start"))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (origin != null) {
            request.header("Origin", origin);
        }
        return hub.asAdmin("secadmin", request);
    }

    @Test
    void aCrossSiteTextPlainPostWithValidBasicCredentialsStartsNothing() {
        long campaign = plannedCampaign("D0003");
        HttpResponse<String> crossSite = start(campaign, "text/plain", "http://127.0.0.2:4000", "{\"a\":\"=\"}");
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(crossSite.body()).contains("ORIGIN_REFUSED");
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x"}) {
            HttpResponse<String> simple = start(campaign, type, null, "x=1");
            assertThat(simple.statusCode()).as(type).isEqualTo(415);
            assertThat(simple.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                    .startsWith("application/problem+json"));
            assertThat(simple.body()).contains("UNSUPPORTED_MEDIA_TYPE");
        }
        assertThat(start(campaign, null, null, null).statusCode()).as("bodyless, without a type").isEqualTo(415);
        assertThat(state(campaign)).isEqualTo("PLANNED");

        HttpResponse<String> json = start(campaign, "application/json", null, null);
        assertThat(json.statusCode()).as("bodyless JSON, as the CLI sends it: " + json.body()).isEqualTo(200);
        assertThat(state(campaign)).isNotEqualTo("PLANNED");
    }

    @Test
    void anAttackerPagesTextPlainFormAutoSubmitDoesNothing() {
        long campaign = plannedCampaign("D0004");
        Instant before = Instant.now();
        try (AttackerSite site = new AttackerSite(); HeadlessChromium browser = HeadlessChromium.start()) {
            // the security administrator once opened an API link with Basic credentials: the browser keeps them
            browser.open("http://secadmin:" + hub.password("secadmin") + "@localhost:" + hub.port()
                    + "/api/v1/ledger/campaigns/" + campaign);
            assertThat(browser.pageSource()).contains("PLANNED");
            String form = """
                    <!DOCTYPE html><html><body>
                    <form id="f" method="post" enctype="text/plain" action="HUB/api/v1/ledger/campaigns/ID/start">
                      <input type="hidden" name='{"reason":"' value='x"}'>
                    </form>
                    <script>document.getElementById('f').submit();</script>
                    </body></html>
                    """.replace("HUB", "http://localhost:" + hub.port()).replace("ID", Long.toString(campaign));
            browser.open(site.page("/win-a-prize.html", form));
            new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, Duration.ofSeconds(30))
                    .until(d -> d.getCurrentUrl().contains("/start"));
            assertThat(browser.pageSource()).as("the hub's answer to the submitted form").contains("ORIGIN_REFUSED");
        }
        assertThat(state(campaign)).isEqualTo("PLANNED");
        assertThat(hub.auditEvents("action=CAMPAIGN_START&from=" + before)).extracting(e -> e.get("target").asText())
                .doesNotContain("campaign:" + campaign);
    }

    @Test
    void theConsoleExportsNeedTheConsoleSessionNotBasicCredentials() {
        HttpResponse<String> basic = hub.asAdmin("secadmin",
                HttpRequest.newBuilder(hub.uri("/console/inventory/export.csv")).GET());
        assertThat(basic.statusCode()).as("Basic credentials do not open console pages").isEqualTo(302);
        assertThat(basic.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l)
                .endsWith("/console/login"));
    }
}
