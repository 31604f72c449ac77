package org.medsign.hub.lifecycle.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.medsign.hub.lifecycle.campaign.RenewalCampaign;
import org.medsign.hub.lifecycle.inventory.Inventory;
import org.medsign.hub.lifecycle.inventory.InventoryReport;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.stereotype.Component;

/**
 * User-facing texts of the ledger (import rejections, inventory reasons and report labels) from the bundle
 * {@code i18n/ledger}: Simplified Chinese by default, English with {@code lang=en}.
 */
@Component
public class LedgerMessages {

    /** The default language of every user-facing text. */
    public static final Locale DEFAULT = Locale.SIMPLIFIED_CHINESE;

    private final ResourceBundleMessageSource bundle = new ResourceBundleMessageSource();

    public LedgerMessages() {
        bundle.setBasename("i18n/ledger");
        bundle.setDefaultEncoding("UTF-8");
        bundle.setFallbackToSystemLocale(false);
        bundle.setUseCodeAsDefaultMessage(true);
    }

    /** The locale for a {@code lang} parameter: English for en*, Chinese otherwise. */
    public static Locale locale(String lang) {
        return lang != null && lang.toLowerCase(Locale.ROOT).startsWith("en") ? Locale.ENGLISH : DEFAULT;
    }

    /** The reason of an inventory finding in {@code locale}; a weak holder match is said so. */
    public String reason(InventoryReport.Item item, Locale locale) {
        Object[] args;
        if (item.reasonCode().equals("MISMATCHED")) {
            List<String> parts = new ArrayList<>();
            for (String difference : item.reasonArgs()) {
                String[] f = difference.split(String.valueOf(Inventory.FIELD_SEPARATOR), -1);
                parts.add(text("inventory.difference", locale, text("inventory.field." + f[0], locale), f[1], f[2]));
            }
            args = new Object[] {String.join(text("inventory.list.separator", locale), parts)};
        } else {
            args = item.reasonArgs().toArray();
        }
        String reason = text("inventory.reason." + item.reasonCode(), locale, args);
        if ("NAME_DEPARTMENT".equals(item.holderMatch())) {
            reason = reason + text("inventory.weakMatch", locale);
        }
        return reason;
    }

    /** What became of a renewal campaign item, in {@code locale} (API, CSV report and console say the same). */
    public String campaignItem(RenewalCampaign.Item item, Locale locale) {
        return switch (item.state()) {
            case SKIPPED -> text("campaign.skip." + item.reasonCode(), locale);
            case FAILED -> text("campaign.failed", locale, item.reasonCode(), item.detail());
            case DONE -> text("campaign.done", locale, item.newSerial(), item.mode());
            default -> text("campaign.planned", locale);
        };
    }

    /** The text for {@code key} with {@code args} in {@code locale}. */
    public String text(String key, Locale locale, Object... args) {
        return bundle.getMessage(key, args, locale);
    }
}
